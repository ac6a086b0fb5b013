"""Loading and linking components on wasmtime, the way an AVS runtime does it.

Every component gets its own Store (its own WASI configuration and environment) and its own
Linker. wasmtime links no component to another, so an import that another component exports
is defined in the importer's Linker as host functions that call the exporter's functions in
the exporter's Store. A resource crosses as a host resource of the importer: its rep indexes
the link's HandleTable, which holds the exporter's own handle; dropping it in the importer
drops the exporter's handle (its destructor runs there). WASI comes from wasmtime
(add_wasip2, add_wasi_http).
"""
import hashlib
import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from wasmtime import Config, Engine, Store, WasiConfig, WasmtimeError
from wasmtime.component import (Component, ComponentInstanceType, FuncType, Instance, Linker, OwnType,
                                ResourceAny, ResourceHost, ResourceType)

from . import fast_bytes, func_types, names, precompiled, values


class HostError(Exception):
    """A loading or linking problem; the message names the component and the import."""


_engine: Optional[Engine] = None
_default_engine: Optional[Engine] = None  # engine()'s own: the one precompiled files are for


def engine() -> Engine:
    """The process's wasmtime Engine (compiled code cached on disk by wasmtime)."""
    global _engine, _default_engine
    if _engine is None:
        config = Config()
        try:
            config.cache = True
        except WasmtimeError:
            pass  # no cache directory: compile every time
        _engine = _default_engine = Engine(config)
        fast_bytes.install()  # list<u8> without a Python step per byte (checked, else not used)
        func_types.install()  # a function's type read once, not on every call
    return _engine


def use_engine(new: Engine) -> None:
    """Makes `new` the process's Engine (benchmarks compare Configs: pooling allocator,
    copy-on-write memory images). Components loaded with the previous Engine are dropped."""
    global _engine
    _engine = new
    _loaded.clear()
    fast_bytes.install()


@dataclass
class Loaded:
    """A compiled component: its name (for messages), path and interface imports/exports."""
    name: str
    path: str
    component: Component
    imports: Dict[str, Any]   # name -> ComponentExtern
    exports: Dict[str, Any]
    forward_plans: Dict[str, "ForwardPlan"] = field(default_factory=dict)  # import -> its plan


_loaded: Dict[Tuple[str, str], Loaded] = {}


def load_component(path: str, name: Optional[str] = None) -> Loaded:
    """Compiles the component at path once per process (keyed by content hash), or loads it
    precompiled (precompiled.py; with the default Engine only).
    Errors: HostError if it cannot be read or is not a valid component."""
    name = name or os.path.basename(path).removesuffix(".wasm")
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise HostError(f"cannot read component {path}: {e.strerror}") from None
    key = (name, hashlib.sha256(data).hexdigest())
    if key not in _loaded:
        _loaded[key] = compile_component(name, data, path, digest=key[1])
    return _loaded[key]


def compile_component(name: str, wasm: Any, path: str = "<memory>", digest: Optional[str] = None) -> Loaded:
    """Compiles a component from its binary or text (WAT) form; a binary whose SHA-256 is
    `digest` goes through the precompiled cache. Errors: HostError if it is not a valid component."""
    try:
        if digest is not None and engine() is _default_engine:
            comp = precompiled.load(engine(), wasm, digest)
        else:
            comp = Component(engine(), wasm)
    except WasmtimeError as e:
        raise HostError(f"cannot compile component {path}: {first_line(e)}") from None
    ty = comp.type
    return Loaded(name, path, comp, ty.imports(engine()), ty.exports(engine()))


def first_line(e: BaseException) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__


# ---- handles ---------------------------------------------------------------------------------

@dataclass
class Handle:
    resource: ResourceAny   # an own handle in the owner's Store
    owner: "Linked"


class HandleTable:
    """Host-side reps of one link: rep -> the owning component's handle. Reps are never
    reused within a link, so a stale rep cannot name a newer handle."""

    def __init__(self) -> None:
        self.entries: Dict[int, Handle] = {}
        self.next_rep = 1

    def add(self, resource: ResourceAny, owner: "Linked") -> int:
        rep = self.next_rep
        self.next_rep += 1
        self.entries[rep] = Handle(resource, owner)
        return rep

    def get(self, rep: int) -> Handle:
        if rep not in self.entries:
            raise HostError(f"unknown resource handle (rep {rep})")
        return self.entries[rep]


@dataclass
class Linked:
    """One instantiated component of a link."""
    loaded: Loaded
    store: Store
    instance: Instance
    funcs: Dict[Tuple[str, str], Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.loaded.name

    def func(self, iface: Optional[str], fname: str) -> Any:
        """An exported function: top level (iface None) or inside an exported interface."""
        key = (iface or "", fname)
        if key not in self.funcs:
            parent = self.instance.get_export_index(self.store, iface) if iface else None
            if iface and parent is None:
                raise HostError(f'component "{self.name}" exports no {iface}')
            idx = self.instance.get_export_index(self.store, fname, parent)
            f = self.instance.get_func(self.store, idx) if idx is not None else None
            if f is None:
                where = f"{iface}#{fname}" if iface else fname
                raise HostError(f'component "{self.name}" exports no function {where}')
            self.funcs[key] = f
        return self.funcs[key]


# ---- linking -----------------------------------------------------------------------------------

class Link:
    """Instances of one task run (a trap poisons only these): components added in order,
    each may import what the earlier ones export."""

    def __init__(self) -> None:
        self.handles = HandleTable()
        self.exported: Dict[str, Tuple[Linked, Any]] = {}   # interface name -> (exporter, its type)
        self.resource_ids: List[Tuple[ResourceType, int]] = []  # importer-side type -> host id
        self.members: List[Linked] = []

    def _resource_id(self, ty: ResourceType) -> int:
        for known, rid in self.resource_ids:
            if known == ty:
                return rid
        rid = len(self.resource_ids) + 1
        self.resource_ids.append((ty, rid))
        return rid

    def add(self, loaded: Loaded, env: Dict[str, str], http: bool = True,
            host: Optional[Dict[str, Dict[str, Any]]] = None) -> Linked:
        """Instantiates loaded with its own Store and environment env. host: interfaces the
        host implements for this component only ({interface: {function: callable(*args)}},
        e.g. a test's trace), taking precedence over the other components' exports.
        Errors: HostError naming the component and the import it cannot satisfy, or the
        instantiation failure."""
        host = host or {}
        store = Store(engine())
        wasi = WasiConfig()
        wasi.argv = [loaded.name]
        wasi.env = sorted(env.items())
        wasi.inherit_stdout()
        wasi.inherit_stderr()
        store.set_wasi(wasi)
        linker = Linker(engine())
        linker.add_wasip2()
        if http:
            store.set_wasi_http()
            linker.add_wasi_http()
        member = Linked(loaded, store, None)  # type: ignore[arg-type]
        plans = []
        for imp, ext in loaded.imports.items():
            if imp.startswith("wasi:"):
                continue  # wasmtime's WASI; a version it lacks fails at instantiation
            own, _ = names.best_match(imp, host.keys())
            if own is not None:
                plans.append((imp, ext.ty, host[own]))
                continue
            match, other = names.best_match(imp, self.exported.keys())
            if match is None and _types_only(ext.ty):
                plans.append((imp, ext.ty, None))  # nothing to call: an empty instance does
                continue
            if match is None:
                if other is not None:
                    raise HostError(f'component "{loaded.name}" imports {imp}, but the linked '
                                    f'components export only {other} (incompatible version)')
                raise HostError(f'component "{loaded.name}" imports {imp}, which no linked component exports')
            plans.append((imp, ext.ty, self.exported[match][0]))
        with linker.root() as root:
            for imp, ity, exporter in plans:
                with root.add_instance(imp) as inst:
                    if isinstance(exporter, dict):
                        _define_host(inst, loaded.name, imp, ity, exporter)
                    elif exporter is not None:
                        self._forward(inst, imp, ity, exporter, loaded)
        try:
            member.instance = linker.instantiate(store, loaded.component)
        except WasmtimeError as e:
            raise HostError(f'component "{loaded.name}" failed to instantiate: {first_line(e)}') from None
        for exp, ext in loaded.exports.items():
            if isinstance(ext.ty, ComponentInstanceType):
                self.exported[exp] = (member, ext.ty)
        self.members.append(member)
        return member

    def _forward(self, inst: Any, iface: str, ity: ComponentInstanceType, exporter: Linked, importer: Loaded) -> None:
        """Defines interface iface in the importer's linker instance: its resources as host
        resources, its functions as calls into exporter's."""
        plan = importer.forward_plans.get(iface)
        if plan is None:
            plan = importer.forward_plans[iface] = ForwardPlan.of(ity)
        for item_name, t in plan.resources:
            inst.add_resource(item_name, ResourceType.host(self._resource_id(t)), self._destructor())
        for f in plan.funcs:
            inst.add_func(f.name, self._call_into(exporter, iface, f))

    def _destructor(self) -> Any:
        def drop(_store: Any, rep: int) -> None:
            handle = self.handles.entries.pop(rep, None)
            if handle is not None:
                handle.resource.drop(handle.owner.store)
        return drop

    def _call_into(self, exporter: Linked, iface: str, plan: "FuncPlan") -> Any:
        params = plan.params
        result = plan.result
        link = self
        callee: List[Any] = []  # the exporter's function, looked up on the first call

        def to_exporter(store: Any) -> Any:
            def on_handle(t: Any, h: Any) -> Any:
                rep = h.to_host(store).rep
                handle = link.handles.get(rep)
                if handle.owner is not exporter:
                    raise HostError("a handle passed to a component that does not own it")
                if isinstance(t, OwnType):
                    del link.handles.entries[rep]  # ownership moves into the exporter
                return handle.resource
            return on_handle

        def to_importer(t: Any, h: Any) -> Any:
            try:
                rep = h.to_host(exporter.store).rep  # a handle the exporter got from the host
            except WasmtimeError:
                rep = link.handles.add(h, exporter)  # the exporter's own resource
            return ResourceHost.own(rep, link._resource_id(t.ty))

        def call(store: Any, *args: Any) -> Any:
            if plan.params_plain:
                out_args = args
            else:
                conv = to_exporter(store)
                out_args = [a if plain else values.translate(t, a, conv)
                            for t, plain, a in zip(params, plan.param_plain, args)]
            if not callee:
                callee.append(exporter.func(iface, plan.name))
            value = callee[0](exporter.store, *out_args)
            return value if plan.result_plain else values.translate(result, value, to_importer)

        return call


@dataclass
class FuncPlan:
    """A forwarded function's types, read once per component: which values carry handles."""
    name: str
    params: List[Any]
    result: Any
    param_plain: List[bool]   # per parameter: no handle inside, passed as it is
    params_plain: bool
    result_plain: bool


@dataclass
class ForwardPlan:
    """What forwarding one imported interface needs from its type (wasmtime-py reads types
    through the C API on every access, ~5 ms per guard instantiation when read per link)."""
    resources: List[Tuple[str, ResourceType]]
    funcs: List[FuncPlan]

    @staticmethod
    def of(ity: ComponentInstanceType) -> "ForwardPlan":
        items = ity.exports(engine())
        resources = [(n, e.ty) for n, e in items.items() if isinstance(e.ty, ResourceType)]
        funcs = []
        for n, e in items.items():
            if isinstance(e.ty, FuncType):
                params = [t for _, t in e.ty.params]
                plain = [not values.has_handles(t) for t in params]
                funcs.append(FuncPlan(n, params, e.ty.result, plain, all(plain), not values.has_handles(e.ty.result)))
        return ForwardPlan(resources, funcs)


def _define_host(inst: Any, importer: str, iface: str, ity: ComponentInstanceType, funcs: Dict[str, Any]) -> None:
    """Defines the functions of a host-implemented interface (values as wasmtime-py lifts them)."""
    for item_name, ext in ity.exports(engine()).items():
        if not isinstance(ext.ty, FuncType):
            continue
        if item_name not in funcs:
            raise HostError(f'component "{importer}" imports {iface}#{item_name}, which the host does not implement')
        fn = funcs[item_name]
        inst.add_func(item_name, lambda _store, *args, fn=fn: fn(*args))


def _types_only(ity: Any) -> bool:
    """True for an interface that declares only types (no function, no resource)."""
    return isinstance(ity, ComponentInstanceType) and not any(
        isinstance(e.ty, (FuncType, ResourceType)) for e in ity.exports(engine()).values())
