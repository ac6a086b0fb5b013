"""Precompiled components on disk, so that a new process does not compile them again.

A component's compiled form (Component.serialize) is stored in a directory, named by the
SHA-256 of the component's bytes, the wasmtime-py version and the machine, and loaded with
Component.deserialize_file: ~1 ms, where compiling takes ~1 s and wasmtime's own disk cache
~100 ms (BENCHMARKS.md). A changed component has another name, so it is never served stale;
a file that does not deserialize (another wasmtime build or settings, a torn write) is
compiled again and replaced.

Directory: $ISOLATED_CRYPTO_PRECOMPILED, by default ~/.cache/isolated-crypto/precompiled; an
empty value turns the cache off. Trust: deserializing runs the file's machine code, so the
directory is created private (0700) and must be writable by this user only.
"""
import os
import platform
import tempfile
from importlib import metadata
from typing import Any, Optional

from wasmtime import Engine, WasmtimeError
from wasmtime.component import Component

ENV = "ISOLATED_CRYPTO_PRECOMPILED"


def directory() -> Optional[str]:
    """The cache directory, or None if the cache is off."""
    d = os.environ.get(ENV)
    if d is None:
        d = os.path.join(os.path.expanduser("~"), ".cache", "isolated-crypto", "precompiled")
    return d or None


def file_for(digest: str) -> Optional[str]:
    """The cache file of the component whose bytes have SHA-256 `digest` (hex)."""
    d = directory()
    if d is None:
        return None
    return os.path.join(d, f"{digest}-wasmtime-py-{metadata.version('wasmtime')}-{platform.machine()}.cwasm")


def load(engine: Engine, data: Any, digest: str) -> Component:
    """The component with bytes `data` (SHA-256 `digest`), from the cache or compiled (then
    stored). Errors: WasmtimeError if `data` is not a valid component. Writing the cache
    may fail (read-only home): the component is still returned."""
    path = file_for(digest)
    if path is not None and os.path.exists(path):
        try:
            return Component.deserialize_file(engine, path)
        except WasmtimeError:
            pass  # not loadable by this wasmtime: compile and replace it
    comp = Component(engine, data)
    if path is not None:
        store(comp, path)
    return comp


def store(comp: Component, path: str) -> None:
    """Writes comp's compiled form to `path` atomically (a reader sees all of it or none)."""
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(comp.serialize())
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
