"""Paths and tools shared by the wasmtime tests (run with build/tools/bin/python)."""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
COMPONENTS = os.environ.get("ISOLATED_CRYPTO_COMPONENTS", os.path.join(REPO, "build", "wasm", "components"))
TOOLS = os.path.join(REPO, "build", "tools", "bin")
CLI = os.environ.get("ISOLATED_CRYPTO_CLI", os.path.join(REPO, "build", "native", "examples", "cli", "isolated-crypto"))
WIT = os.path.join(REPO, "adapters", "wit", "wit")
RUN_PY = os.path.join(REPO, "adapters", "wit", "host", "run.py")

sys.path.insert(0, os.path.join(REPO, "adapters", "wit", "host", "py"))

ZOO = " ".join(["zoo"] * 23 + ["vote"])
ZOO_KEY = "02bd51e5b1a6e8271e1f87d2464b856790800c6c5fd38acdf1cee73857735fc8a4"
ZOO_ADDRESS = "0x1959f5f4979c5Cd87D5CB75c678c770515cb5E0E"


def component(name: str) -> str:
    return os.path.join(COMPONENTS, f"{name}.wasm")


def built_components() -> list:
    return sorted(f for f in os.listdir(COMPONENTS) if f.endswith(".wasm"))


def tool(name: str, *args: str, **kw) -> str:
    """Runs build/tools/bin/<name> args; returns stdout. Raises on a non-zero exit."""
    return subprocess.run([os.path.join(TOOLS, name), *args], check=True, capture_output=True,
                          text=True, **kw).stdout
