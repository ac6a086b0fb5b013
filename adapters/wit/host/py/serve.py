#!/usr/bin/env python3
"""The wasmtime host as a JSON-lines server, for the Node test facade
(adapters/wit/tests/runtimes/wasmtime.mjs): the same suites drive jco in-process and wasmtime
here. Holds the Stores, instances and handles; one request per line, one answer per line.

  serve.py [--in FIFO --out FIFO]        (default stdin/stdout)

Requests ({"op": ..., ...}) and answers:
  load  {path, name}                         -> {component}
  link  {engine, providers: [c], tenant: c|null, providerEnv, tenantEnv, tenantHost: {iface: [func]},
         guard: null | {component: c, policy, tenantName, auditFile, rateState}}
                                             -> {link, members: {engine, providers: [m], guard, tenant}}
  call  {member, iface: name|null, func, args: [json]} -> {value: json} | {trap: message}
        (+ hostCalls: [[iface, func, [args]]] made during the call to tenantHost functions,
        which return nothing: the client replays them to its own objects;
        + denied: reason, once the link's guard has refused an operation)
  drop  {handle}                             -> {} | {trap: message}
  close {link}                               -> {}
Any request may answer {host: message} (link error, unknown handle). Values: wasmtime_host/codec.py.
"""
import argparse
import json
import os
import sys
import traceback
from typing import Any, Dict, List, Optional, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wasmtime import Trap, WasmtimeError  # noqa: E402
from wasmtime.component import ComponentInstanceType, FuncType, OwnType, ResourceType  # noqa: E402

from wasmtime_host import codec  # noqa: E402
from wasmtime_host.components import HostError, Link, Linked, Loaded, engine, load_component  # noqa: E402
from wasmtime_host.guard import AuditLog, Guard, GuardState, RateCounter  # noqa: E402
from wasmtime_host.runtime import _add_guard  # noqa: E402


def trap_message(e: BaseException) -> str:
    """The line of a wasmtime error that says what trapped (wasm trap, or the host's reason)."""
    text = str(e.message if isinstance(e, Trap) else e)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for ln in lines:
        if ln.startswith("wasm trap:"):
            return ln
    caused = [ln for i, ln in enumerate(lines) if i > 0 and lines[i - 1] == "Caused by:"]
    return caused[-1] if caused else (lines[0] if lines else type(e).__name__)


class Exports:
    """A component's exported functions (their declared types) and resources, by interface
    ("" for top-level functions)."""

    def __init__(self, loaded: Loaded) -> None:
        self.funcs: Dict[str, Dict[str, FuncType]] = {"": {}}
        self.resources: Dict[str, List[Tuple[str, ResourceType]]] = {}
        for name, ext in loaded.exports.items():
            t = ext.ty
            if isinstance(t, ComponentInstanceType):
                items = t.exports(engine())
                self.funcs[name] = {n: e.ty for n, e in items.items() if isinstance(e.ty, FuncType)}
                self.resources[name] = [(n, e.ty) for n, e in items.items() if isinstance(e.ty, ResourceType)]
            elif isinstance(t, FuncType):
                self.funcs[""][name] = t

    def names(self) -> Dict[str, List[str]]:
        return {k: list(v) for k, v in self.funcs.items()}

    def resource_name(self, iface: str, ty: ResourceType) -> str:
        """The name under which interface iface (or else any interface) exports resource ty."""
        for where in [iface] + list(self.resources):
            for n, t in self.resources.get(where, []):
                if t == ty:
                    return n
        return "?"


class Server:
    def __init__(self) -> None:
        self.components: Dict[str, Loaded] = {}
        self.exports: Dict[str, Exports] = {}   # by component path
        self.links: Dict[str, Link] = {}
        self.member_ids: Dict[int, str] = {}   # id(Linked) -> member id
        self.members: Dict[str, Tuple[str, Linked]] = {}        # id -> (link id, member)
        self.handles: Dict[str, Tuple[str, Any, Linked]] = {}   # id -> (link id, ResourceAny, owner)
        self.counter = 0
        self.host_calls: List[Any] = []
        self.guard_states: Dict[str, GuardState] = {}   # link id -> its guard's state
        self.audits: Dict[str, AuditLog] = {}            # audit file -> open log

    def _id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def op_load(self, r: Dict[str, Any]) -> Dict[str, Any]:
        loaded = load_component(r["path"], r.get("name"))
        cid = self._id("c")
        self.components[cid] = loaded
        ex = self.exports.setdefault(loaded.path, Exports(loaded))
        return {"component": cid, "imports": list(loaded.imports), "exports": ex.names()}

    def op_link(self, r: Dict[str, Any]) -> Dict[str, Any]:
        lk = Link()
        lid = self._id("l")

        def member(cid: str, env: Dict[str, str], host: Optional[Dict[str, Any]] = None) -> str:
            m = lk.add(self.components[cid], env, host=host)
            mid = self._id("m")
            self.members[mid] = (lid, m)
            self.member_ids[id(m)] = mid
            return mid

        e = member(r["engine"], {})
        ps = [member(p, dict(r.get("providerEnv") or {})) for p in r.get("providers", [])]
        g = None
        if r.get("guard"):
            gm, self.guard_states[lid] = _add_guard(lk, self._guard(r["guard"]))
            g = self._id("m")
            self.members[g] = (lid, gm)
            self.member_ids[id(gm)] = g
        host = {iface: {f: self._recorder(iface, f) for f in funcs} for iface, funcs in (r.get("tenantHost") or {}).items()}
        t = member(r["tenant"], dict(r.get("tenantEnv") or {}), host) if r.get("tenant") else None
        self.links[lid] = lk
        return {"link": lid, "members": {"engine": e, "providers": ps, "guard": g, "tenant": t}}

    def _guard(self, gd: Dict[str, Any]) -> Guard:
        audit = None
        if gd.get("auditFile"):
            audit = self.audits.setdefault(gd["auditFile"], AuditLog(gd["auditFile"]))
        return Guard(self.components[gd["component"]], gd["policy"], gd.get("tenantName") or "tenant",
                     audit, RateCounter(gd.get("rateState")))

    def _recorder(self, iface: str, func: str) -> Any:
        def record(*args: Any) -> None:
            self.host_calls.append([iface, func, [a if isinstance(a, (str, int, bool)) or a is None else repr(a) for a in args]])
        return record

    def op_call(self, r: Dict[str, Any]) -> Dict[str, Any]:
        self.host_calls: List[Any] = []
        answer = self._call(r)
        if self.host_calls:
            answer["hostCalls"] = self.host_calls
        state = self.guard_states.get(self.members[r["member"]][0])
        if state is not None and state.denial is not None:
            answer["denied"] = state.denial
        return answer

    def _call(self, r: Dict[str, Any]) -> Dict[str, Any]:
        lid, m = self.members[r["member"]]
        iface = r.get("iface") or ""
        f = m.func(iface or None, r["func"])
        ex = self.exports[m.loaded.path]
        fty = ex.funcs[iface][r["func"]]  # declared types: resources keep their names
        params = [t for _, t in fty.params]
        if len(params) != len(r["args"]):
            raise HostError(f"{r['func']} takes {len(params)} arguments, got {len(r['args'])}")

        def handle_in(t: Any, j: Any) -> Any:
            hid = j["$handle"]
            if hid not in self.handles or self.handles[hid][0] != lid:
                raise HostError("unknown or dropped handle")
            _, res, owner = self.handles[hid]
            if owner is not m:
                raise HostError("handle of another component")
            if isinstance(t, OwnType):
                del self.handles[hid]
            return res

        args = [codec.decode(t, a, handle_in) for t, a in zip(params, r["args"])]
        try:
            value = f(m.store, *args)
        except (Trap, WasmtimeError) as e:
            return {"trap": trap_message(e)}

        def handle_out(t: Any, res: Any) -> Any:
            owner = m
            try:  # a handle m got from another component: hand out the owner's handle
                rep = res.to_host(m.store).rep
            except WasmtimeError:
                rep = None
            if rep is not None:
                forwarded = self.links[lid].handles.entries.pop(rep)
                res, owner = forwarded.resource, forwarded.owner
            hid = self._id("h")
            self.handles[hid] = (lid, res, owner)
            return {"$handle": hid, "resource": ex.resource_name(iface, t.ty), "member": self.member_ids[id(owner)]}

        return {"value": None if fty.result is None else codec.encode(fty.result, value, handle_out)}

    def op_drop(self, r: Dict[str, Any]) -> Dict[str, Any]:
        entry = self.handles.pop(r["handle"], None)
        if entry is None:
            raise HostError("unknown or dropped handle")
        _, res, owner = entry
        try:
            res.drop(owner.store)
        except (Trap, WasmtimeError) as e:
            return {"trap": trap_message(e)}
        return {}

    def op_close(self, r: Dict[str, Any]) -> Dict[str, Any]:
        lid = r["link"]
        self.links.pop(lid, None)
        self.guard_states.pop(lid, None)
        for mid, (l, m) in list(self.members.items()):
            if l == lid:
                self.member_ids.pop(id(m), None)
        for table in (self.members, self.handles):
            for k in [k for k, v in table.items() if v[0] == lid]:
                del table[k]
        return {}

    def handle(self, r: Dict[str, Any]) -> Dict[str, Any]:
        try:
            return getattr(self, f"op_{r['op']}")(r)
        except HostError as e:
            return {"host": str(e)}
        except (Trap, WasmtimeError) as e:  # e.g. a trap while instantiating
            return {"host": trap_message(e)}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--in", dest="inp")
    p.add_argument("--out")
    a = p.parse_args()
    # Open order matters for FIFOs: the client opens the request FIFO first.
    inp = open(a.inp, "r", encoding="utf-8") if a.inp else sys.stdin
    out = open(a.out, "w", encoding="utf-8") if a.out else sys.stdout
    server = Server()
    for line in inp:
        if not line.strip():
            continue
        r = json.loads(line)
        try:
            answer = server.handle(r)
        except Exception:  # a bug of the server: report it, keep serving
            answer = {"host": "server error: " + traceback.format_exc(limit=3).strip().splitlines()[-1]}
        answer["id"] = r.get("id")
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
