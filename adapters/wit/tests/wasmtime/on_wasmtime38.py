"""Runs the components on libwasmtime 38.0.1 (the wasmtime-py 38.0.0 wheel; WAVS 2.x pins
wasmtime 38.0.x). That wheel has no Python component API, so this uses its C API through the
wheel's ctypes bindings. Started by test_wasmtime38.py with build/tools/bin/python-wasmtime38:

  on_wasmtime38.py COMPOSED_PROBE.wasm COMPONENT.wasm...

Compiles every COMPONENT; instantiates the engine with WASI 0.2 and calls bip39's
[static]mnemonic.new with a bad phrase (err(message): the 38 C API cannot lift a resource, so
an ok(mnemonic) result is not tried); instantiates the composed probe tenant (wac: tenant <-
provider <- engine) and calls probe() (the 38 C API sets no environment: the provider answers
that MNEMONIC is not set). Prints one line per check; exit status 1 on the first failure.
"""
import ctypes
import os
import sys
from ctypes import POINTER, byref

import wasmtime
import wasmtime._bindings as ffi

# Kinds of wasmtime_component_val_t in the 38 C API (the order of its value union).
STRING, RESULT = 12, 19


# wasmtime_component_val_t as the 38 C header lays it out (the wheel's own ctypes class of it
# has no fields: its self-referential _fields_ are misspelled there). The union is given its
# widest members (variant: name + pointer) so that its size is right.
class Val(ctypes.Structure):
    pass


class ByteVec(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t), ("data", POINTER(ctypes.c_uint8))]


class ValResult(ctypes.Structure):
    _fields_ = [("is_ok", ctypes.c_bool), ("val", POINTER(Val))]


class ValVariant(ctypes.Structure):
    _fields_ = [("discriminant", ByteVec), ("val", POINTER(Val))]


class ValUnion(ctypes.Union):
    _fields_ = [("string", ByteVec), ("result", ValResult), ("variant", ValVariant), ("u64", ctypes.c_uint64)]


Val._fields_ = [("kind", ctypes.c_uint8), ("of", ValUnion)]

_call = ffi.dll.wasmtime_component_func_call
_call.restype = POINTER(ffi.wasmtime_error_t)
_call.argtypes = [POINTER(ffi.wasmtime_component_func_t), POINTER(ffi.wasmtime_context_t),
                  POINTER(Val), ctypes.c_size_t, POINTER(Val), ctypes.c_size_t]


def fail(what, err=None):
    detail = ""
    if err:
        msg = ffi.wasm_byte_vec_t()
        ffi.wasmtime_error_message(err, byref(msg))
        detail = ": " + ctypes.string_at(msg.data, msg.size).decode(errors="replace").strip().splitlines()[0]
    print(f"wasmtime 38: FAILED {what}{detail}")
    sys.exit(1)


engine_obj = wasmtime.Engine()  # the core API is there in 38: Engine and Store from it
engine = engine_obj.ptr()


def compile_component(path):
    data = open(path, "rb").read()
    buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    comp = POINTER(ffi.wasmtime_component_t)()
    err = ffi.wasmtime_component_new(engine, buf, len(data), byref(comp))
    if err:
        fail(f"compiling {os.path.basename(path)}", err)
    return comp


def instantiate(comp, name, empty_instances=()):
    store = wasmtime.Store(engine_obj)
    ctx = store._context()
    config = ffi.wasmtime_wasip2_config_new()
    ffi.wasmtime_wasip2_config_inherit_stderr(config)
    ffi.wasmtime_context_set_wasip2(ctx, config)
    linker = ffi.wasmtime_component_linker_new(engine)
    err = ffi.wasmtime_component_linker_add_wasip2(linker)
    if err:
        fail("add_wasip2", err)
    root = ffi.wasmtime_component_linker_root(linker)
    for iface in empty_instances:  # type-only interfaces
        out = POINTER(ffi.wasmtime_component_linker_instance_t)()
        b = iface.encode()
        err = ffi.wasmtime_component_linker_instance_add_instance(root, b, len(b), byref(out))
        if err:
            fail(f"defining {iface}", err)
        ffi.wasmtime_component_linker_instance_delete(out)
    ffi.wasmtime_component_linker_instance_delete(root)
    inst = ffi.wasmtime_component_instance_t()
    err = ffi.wasmtime_component_linker_instantiate(linker, ctx, comp, byref(inst))
    if err:
        fail(f"instantiating {name}", err)
    return store, ctx, inst


def func(ctx, inst, *path):
    idx = None
    for part in path:
        b = part.encode()
        idx = ffi.wasmtime_component_instance_get_export_index(byref(inst), ctx, idx, b, len(b))
        if not idx:
            fail(f"no export {'/'.join(path)}")
    f = ffi.wasmtime_component_func_t()
    if not ffi.wasmtime_component_instance_get_func(byref(inst), ctx, idx, byref(f)):
        fail(f"{'/'.join(path)} is not a function")
    return f


_keep = []  # argument bytes stay alive while wasmtime reads them


def string_val(s):
    b = s.encode()
    data = (ctypes.c_uint8 * len(b)).from_buffer_copy(b)
    _keep.append(data)
    v = Val()
    v.kind = STRING
    v.of.string = ByteVec(len(b), ctypes.cast(data, POINTER(ctypes.c_uint8)))
    return v


def call(ctx, f, args, what):
    params = (Val * max(len(args), 1))(*args)
    result = Val()
    err = _call(byref(f), ctx, params, len(args), byref(result), 1)
    if err:
        fail(what, err)
    ffi.wasmtime_component_func_post_return(byref(f), ctx)
    return result


def text(v):
    return ctypes.string_at(v.of.string.data, v.of.string.size).decode()


def main():
    probe_path, components = sys.argv[1], sys.argv[2:]
    compiled = {os.path.basename(p): compile_component(p) for p in components}
    print(f"wasmtime 38: compiled {len(compiled)} components")

    _, ctx, inst = instantiate(compiled["isolated-crypto-engine.wasm"], "engine")
    new = func(ctx, inst, "mrnerdhair:isolated-crypto/bip39@0.14.0", "[static]mnemonic.new")
    r = call(ctx, new, [string_val("abandon abandon")], "mnemonic.new")
    if r.kind != RESULT or r.of.result.is_ok:
        fail("mnemonic.new of two words: expected err")
    print(f'wasmtime 38: engine mnemonic.new("abandon abandon") -> err("{text(r.of.result.val.contents)}")')
    probe = compile_component(probe_path)
    _, ctx, inst = instantiate(probe, "composed probe")
    out = text(call(ctx, func(ctx, inst, "probe"), [], "probe()"))
    print(f"wasmtime 38: composed probe() -> {out}")


if __name__ == "__main__":
    main()
