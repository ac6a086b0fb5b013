#!/usr/bin/env python3
"""The AVS runtime's role on wasmtime (the contract and flags of run.mjs): link a tenant
component with providers and an engine, one Store and environment per component, call the
tenant's run-task once with {timestamp, request: bytes of --input}, print the output.

  build/tools/bin/python run.py --tenant T.wasm --engine E.wasm [--provider P.wasm]... \\
                [--provider-env NAME[=VALUE]]... [--tenant-env NAME=VALUE]... --input TEXT

--provider-env NAME passes the host's $NAME to the providers only (e.g. MNEMONIC); the tenant
never sees it. --tenant-env passes non-secret settings to the tenant.
Exit status: 0 for ok(output), 1 for err(message), 2 for usage, 3 for link/trap errors.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "py"))

from wasmtime_host.components import HostError  # noqa: E402
from wasmtime_host.runtime import run_task  # noqa: E402

USAGE = ("usage: run.py --tenant T.wasm --engine E.wasm [--provider P.wasm]... "
         "[--provider-env NAME[=VALUE]]... [--tenant-env NAME=VALUE]... [--input TEXT | --input-file F]")


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit status 2 with run.mjs's wording
        usage(message)


def usage(msg: str = "") -> None:
    if msg:
        print(f"run: {msg}", file=sys.stderr)
    print(USAGE, file=sys.stderr)
    sys.exit(2)


def env_from(items: list, from_host: bool, flag: str) -> dict:
    out = {}
    for item in items:
        name, eq, value = item.partition("=")
        if not eq:
            if not from_host:
                usage(f"{flag} needs NAME=VALUE, got {item}")
            if name not in os.environ:
                usage(f"{flag} {name}: not set in the host environment")
            value = os.environ[name]
        out[name] = value
    return out


def main() -> None:
    p = Parser(add_help=False)
    p.add_argument("--tenant")
    p.add_argument("--engine")
    p.add_argument("--provider", action="append", default=[])
    p.add_argument("--provider-env", action="append", default=[])
    p.add_argument("--tenant-env", action="append", default=[])
    p.add_argument("--input")
    p.add_argument("--input-file")
    p.add_argument("-h", "--help", action="store_true")
    args = p.parse_args()
    if args.help:
        usage()
    if not args.tenant or not args.engine:
        usage("--tenant and --engine are required")
    provider_env = env_from(args.provider_env, True, "--provider-env")
    tenant_env = env_from(args.tenant_env, False, "--tenant-env")
    if args.input_file:
        with open(args.input_file, "rb") as f:
            request = f.read()
    else:
        # Arguments arrive as the OS gave them; surrogateescape keeps non-UTF-8 bytes as bytes.
        request = os.fsencode(args.input or "")
    try:
        result = run_task(args.tenant, args.engine, args.provider, provider_env, tenant_env, request)
    except HostError as e:
        print(f"run: {e}", file=sys.stderr)
        sys.exit(3)
    if result.ok:
        sys.stdout.buffer.write(result.value + b"\n")
        sys.exit(0)
    print(f"tenant returned err: {result.error}", file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    main()
