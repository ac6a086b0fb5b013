"""One task run on wasmtime: fresh instances of engine, providers, [guard,] tenant (a trap
poisons only these), linked by interface name, each with its own WASI environment. The same
contract as adapters/wit/host/lib/runtime.mjs."""
import time
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Union

from wasmtime import Trap, WasmtimeError
from wasmtime.component import Record, Variant

from .components import HostError, Link, Linked, Loaded, first_line, load_component
from .guard import (GUARD_CONTROL, GUARD_HOST, Guard, GuardState, denied_message, guard_host,
                    missing_providers)

ComponentRef = Union[str, Loaded]


class PolicyDenied(HostError):
    """The guard refused an operation: the task's error is `denied by policy: <rule>: <what>`."""


@dataclass
class Linked3:
    link: Link
    engine: Linked
    providers: List[Linked]
    tenant: Optional[Linked]
    guard: Optional[Linked] = None
    guard_state: Optional[GuardState] = None


def _load(c: ComponentRef) -> Loaded:
    return load_component(c) if isinstance(c, str) else c


def link(tenant: Optional[ComponentRef], engine: ComponentRef, providers: Sequence[ComponentRef] = (),
         provider_env: Optional[Dict[str, str]] = None, tenant_env: Optional[Dict[str, str]] = None,
         tenant_host: Optional[Dict[str, Dict[str, Any]]] = None, guard: Optional[Guard] = None) -> Linked3:
    """Instantiates engine -> providers -> [guard ->] tenant (tenant None: no tenant).
    provider_env goes to every provider and nothing else; tenant_env to the tenant only; the
    engine and the guard get an empty environment. tenant_host: host-implemented interfaces
    offered to the tenant only (Link.add). guard: the tenant then links to the guard's
    exports only. Errors: HostError (link or instantiation problem, naming the component and
    import; an invalid policy is `invalid policy: <field>: <problem>`)."""
    lk = Link()
    e = lk.add(_load(engine), {})
    ps = [lk.add(_load(p), dict(provider_env or {})) for p in providers]
    g, state = _add_guard(lk, guard) if guard is not None else (None, None)
    t = lk.add(_load(tenant), dict(tenant_env or {}), host=tenant_host) if tenant is not None else None
    return Linked3(lk, e, ps, t, g, state)


def _add_guard(lk: Link, guard: Guard) -> "tuple[Linked, GuardState]":
    """Adds the guard over what lk exports so far (a provider interface nobody exports answers
    err), checks its policy, and leaves only its exports (never guard/control) to link to."""
    state = GuardState()
    host = {GUARD_HOST: guard_host(guard, state), **missing_providers(lambda n: n in lk.exported)}
    g = lk.add(_load(guard.component), {}, http=False, host=host)  # the guard imports no wasi:http
    try:
        verdict = g.func(GUARD_CONTROL, "check-policy")(g.store)
    except (Trap, WasmtimeError) as e:
        raise HostError(f"guard trapped checking the policy: {describe_trap(e)}") from None
    if isinstance(verdict, Variant):
        verdict = verdict.payload if verdict.tag == "err" else None
    if isinstance(verdict, str):
        raise HostError(f"invalid policy: {verdict}")
    lk.exported = {k: v for k, v in lk.exported.items() if v[0] is g and k != GUARD_CONTROL}
    return g, state


@dataclass
class Result:
    ok: bool
    value: bytes = b""
    error: str = ""


def describe_trap(e: BaseException) -> str:
    """A one-line description of a trap or a host failure inside a call."""
    if isinstance(e, Trap):
        return f"trap: {e.message.strip().splitlines()[0]}"
    return first_line(e)


def run_task(tenant: ComponentRef, engine: ComponentRef, providers: Sequence[ComponentRef] = (),
             provider_env: Optional[Dict[str, str]] = None, tenant_env: Optional[Dict[str, str]] = None,
             request: bytes = b"", timestamp: Optional[int] = None, guard: Optional[Guard] = None) -> Result:
    """Links and calls the tenant's run-task once with {timestamp, request}.
    Returns Result(ok=True, value) or Result(ok=False, error) for the tenant's err(message).
    Errors: HostError for link errors and traps (message names the trap); PolicyDenied when
    the guard refused an operation."""
    linked = link(tenant, engine, providers, provider_env, tenant_env, guard=guard)
    t = linked.tenant
    try:
        run = t.func(None, "run-task")
    except HostError:
        raise HostError("the tenant exports no run-task function") from None
    arg = Record()
    setattr(arg, "timestamp", int(time.time() * 1000) if timestamp is None else timestamp)
    setattr(arg, "request", bytes(request))
    try:
        out = run(t.store, arg)
    except (Trap, WasmtimeError, HostError) as e:
        if linked.guard_state is not None and linked.guard_state.denial is not None:
            raise PolicyDenied(denied_message(linked.guard_state.denial)) from None
        raise HostError(f"tenant trapped: {describe_trap(e)}") from None
    if isinstance(out, Variant):  # a result whose cases wasmtime-py cannot tell apart
        return Result(True, bytes(out.payload)) if out.tag == "ok" else Result(False, error=str(out.payload))
    if isinstance(out, str):
        return Result(False, error=out)
    return Result(True, bytes(out))
