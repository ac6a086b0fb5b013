#!/usr/bin/env python3
"""The AVS runtime's role on wasmtime (the contract and flags of run.mjs): link a tenant
component with providers and an engine, one Store and environment per component, call the
tenant's run-task once with {timestamp, request: bytes of --input}, print the output.

  build/tools/bin/python run.py --tenant T.wasm --engine E.wasm [--provider P.wasm]... \\
                [--provider-env NAME[=VALUE]]... [--tenant-env NAME=VALUE]... --input TEXT

  with the guard between tenant and engine (docs/COMPONENTS.md):
                [--guard G.wasm --policy POLICY.json [--audit FILE] [--tenant-name NAME]
                 [--rate-state FILE]]

--provider-env NAME passes the host's $NAME to the providers only (e.g. MNEMONIC); the tenant
never sees it. --tenant-env passes non-secret settings to the tenant. --policy goes to the guard
only; --audit appends one JSON line per checked operation (O_APPEND); --rate-state keeps the
per-tenant signature window across runs (JSON file, the Node host's format); --tenant-name names
the tenant in audit lines and the rate window (default: the tenant's file name).
Exit status: 0 for ok(output), 1 for err(message), 2 for usage, 3 for link/trap errors (an
invalid policy included), 4 for a denial by the guard's policy.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "py"))

from wasmtime_host.components import HostError  # noqa: E402
from wasmtime_host.guard import AuditLog, Guard, RateCounter  # noqa: E402
from wasmtime_host.runtime import PolicyDenied, run_task  # noqa: E402

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


def guard_from(args: argparse.Namespace) -> "Guard | None":
    """The guard of --guard/--policy/--audit/--tenant-name/--rate-state, or None."""
    if bool(args.guard) != bool(args.policy):
        usage("--guard and --policy go together")
    if not args.guard:
        if args.audit or args.tenant_name or args.rate_state:
            usage("--audit, --tenant-name and --rate-state need --guard")
        return None
    try:
        with open(args.policy, encoding="utf-8") as f:
            policy = f.read()
    except (OSError, UnicodeDecodeError) as e:
        usage(f"--policy {args.policy}: {getattr(e, 'strerror', None) or e}")
    audit = None
    if args.audit:
        try:
            audit = AuditLog(args.audit)
        except OSError as e:
            usage(f"--audit {args.audit}: {e.strerror}")
    name = args.tenant_name or os.path.basename(args.tenant).removesuffix(".wasm")
    return Guard(args.guard, policy, name, audit, RateCounter(args.rate_state))


def main() -> None:
    p = Parser(add_help=False)
    p.add_argument("--tenant")
    p.add_argument("--engine")
    p.add_argument("--provider", action="append", default=[])
    p.add_argument("--provider-env", action="append", default=[])
    p.add_argument("--tenant-env", action="append", default=[])
    p.add_argument("--input")
    p.add_argument("--input-file")
    for flag in ("--guard", "--policy", "--audit", "--tenant-name", "--rate-state"):
        p.add_argument(flag)
    p.add_argument("-h", "--help", action="store_true")
    args = p.parse_args()
    if args.help:
        usage()
    if not args.tenant or not args.engine:
        usage("--tenant and --engine are required")
    guard = guard_from(args)
    provider_env = env_from(args.provider_env, True, "--provider-env")
    tenant_env = env_from(args.tenant_env, False, "--tenant-env")
    if args.input_file:
        with open(args.input_file, "rb") as f:
            request = f.read()
    else:
        # Arguments arrive as the OS gave them; surrogateescape keeps non-UTF-8 bytes as bytes.
        request = os.fsencode(args.input or "")
    try:
        result = run_task(args.tenant, args.engine, args.provider, provider_env, tenant_env, request, guard=guard)
    except HostError as e:
        print(f"run: {e}", file=sys.stderr)
        sys.exit(4 if isinstance(e, PolicyDenied) else 3)
    if result.ok:
        sys.stdout.buffer.write(result.value + b"\n")
        sys.exit(0)
    print(f"tenant returned err: {result.error}", file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    main()
