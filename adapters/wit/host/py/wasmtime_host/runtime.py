"""One task run on wasmtime: fresh instances of engine, providers and tenant (a trap poisons
only these), linked by interface name, each with its own WASI environment. The same contract
as adapters/wit/host/lib/runtime.mjs."""
import time
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Union

from wasmtime import Trap, WasmtimeError
from wasmtime.component import Record, Variant

from .components import HostError, Link, Linked, Loaded, first_line, load_component

ComponentRef = Union[str, Loaded]


@dataclass
class Linked3:
    link: Link
    engine: Linked
    providers: List[Linked]
    tenant: Linked


def _load(c: ComponentRef) -> Loaded:
    return load_component(c) if isinstance(c, str) else c


def link(tenant: ComponentRef, engine: ComponentRef, providers: Sequence[ComponentRef] = (),
         provider_env: Optional[Dict[str, str]] = None, tenant_env: Optional[Dict[str, str]] = None,
         tenant_host: Optional[Dict[str, Dict[str, Any]]] = None) -> Linked3:
    """Instantiates engine -> providers -> tenant. provider_env goes to every provider and
    nothing else; tenant_env to the tenant only; the engine gets an empty environment.
    tenant_host: host-implemented interfaces offered to the tenant only (Link.add).
    Errors: HostError (link or instantiation problem, naming the component and import)."""
    lk = Link()
    e = lk.add(_load(engine), {})
    ps = [lk.add(_load(p), dict(provider_env or {})) for p in providers]
    t = lk.add(_load(tenant), dict(tenant_env or {}), host=tenant_host)
    return Linked3(lk, e, ps, t)


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
             request: bytes = b"", timestamp: Optional[int] = None) -> Result:
    """Links and calls the tenant's run-task once with {timestamp, request}.
    Returns Result(ok=True, value) or Result(ok=False, error) for the tenant's err(message).
    Errors: HostError for link errors and traps (message names the trap)."""
    linked = link(tenant, engine, providers, provider_env, tenant_env)
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
        raise HostError(f"tenant trapped: {describe_trap(e)}") from None
    if isinstance(out, Variant):  # a result whose cases wasmtime-py cannot tell apart
        return Result(True, bytes(out.payload)) if out.tag == "ok" else Result(False, error=str(out.payload))
    if isinstance(out, str):
        return Result(False, error=out)
    return Result(True, bytes(out))
