"""list<u8> conversion without a Python loop per byte, for wasmtime-py 50.0.1.

wasmtime-py converts a list<u8> to and from the C API's value array one element at a time
(a ctypes object per byte: ~6 us/byte). Each element is a wasmtime_component_val_t whose kind
is U8 and whose payload byte sits at the start of its union, so the whole array is converted
with two strided slices instead. install() replaces ListType's two converters for byte lists
only; other lists keep wasmtime-py's code. The layout is read from wasmtime-py's own ctypes
declarations, and install() checks it on a sample before enabling the fast path.
"""
import ctypes
from typing import Any

from wasmtime import _ffi as ffi
from wasmtime.component import ListType

_VAL = ffi.wasmtime_component_val_t
_SIZE = ctypes.sizeof(_VAL)
_PAYLOAD = _VAL.of.offset  # the u8 is the union's first byte
_U8 = ffi.WASMTIME_COMPONENT_U8.value
_LIST = ffi.WASMTIME_COMPONENT_LIST

_slow_to_c = ListType.convert_to_c
_slow_from_c = ListType.convert_from_c


def _to_c(self: ListType, store: Any, val: Any, ptr: Any) -> None:
    if not self._is_bytes() or not isinstance(val, (bytes, bytearray)):
        return _slow_to_c(self, store, val, ptr)
    n = len(val)
    raw = ffi.wasmtime_component_vallist_t()
    ffi.wasmtime_component_vallist_new_uninit(raw, n)
    if n:
        image = bytearray(n * _SIZE)
        image[0::_SIZE] = bytes([_U8]) * n
        image[_PAYLOAD::_SIZE] = val
        ctypes.memmove(raw.data, (ctypes.c_char * len(image)).from_buffer(image), len(image))
    ptr.contents.kind = _LIST
    ptr.contents.of.list = raw


def _from_c(self: ListType, c: Any) -> Any:
    if not self._is_bytes():
        return _slow_from_c(self, c)
    assert c.kind == _LIST.value
    try:
        n = c.of.list.size
        image = ctypes.string_at(c.of.list.data, n * _SIZE) if n else b""
        return bytes(memoryview(image)[_PAYLOAD::_SIZE])
    finally:
        ffi.wasmtime_component_vallist_delete(ctypes.byref(c.of.list))


def install() -> bool:
    """Enables the fast path if a round trip of a sample through it and through wasmtime-py's
    own element converter agree. Returns whether it is enabled."""
    sample = bytes(range(256)) * 3
    ty = _byte_list_type()
    if ty is None:
        return False
    fast, slow = _VAL(), _VAL()
    _to_c(ty, None, sample, ctypes.pointer(fast))            # ours -> wasmtime-py's reader
    _slow_to_c(ty, None, sample, ctypes.pointer(slow))       # wasmtime-py's writer -> ours
    ok = _slow_from_c(ty, fast) == sample and _from_c(ty, slow) == sample
    if ok:
        ListType.convert_to_c = _to_c  # type: ignore[method-assign]
        ListType.convert_from_c = _from_c  # type: ignore[method-assign]
    return ok


def _byte_list_type() -> Any:
    """A ListType of u8 (from a tiny component's export type), or None."""
    from wasmtime.component import Component
    from .components import engine
    comp = Component(engine(), '(component (type $l (list u8)) (export "l" (type $l)))')
    for ext in comp.type.exports(engine()).values():
        if isinstance(ext.ty, ListType):
            return ext.ty
    return None
