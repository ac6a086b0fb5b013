"""Walking component values by their type, to carry resource handles from one Store to another.

wasmtime-py lifts a component value into Python (bytes, str, int, set for flags, Record,
tuple, None/value for option, untagged or Variant for result/variant, ResourceAny for a
handle). A value crossing from one component to another is the same Python value with
every handle replaced; `translate` rebuilds it with `on_handle(type, handle)` applied.
"""
from typing import Any, Callable, Optional, Set, Tuple

from wasmtime.component import (BorrowType, ListType, OptionType, OwnType, Record, RecordType,
                                ResultType, TupleType, ValType, Variant, VariantType)

HandleFn = Callable[[ValType, Any], Any]


def has_handles(ty: Optional[ValType]) -> bool:
    """True if a value of type ty can contain a resource handle."""
    if ty is None:
        return False
    if isinstance(ty, (OwnType, BorrowType)):
        return True
    if isinstance(ty, RecordType):
        return any(has_handles(t) for _, t in ty.fields)
    if isinstance(ty, TupleType):
        return any(has_handles(t) for t in ty.elements)
    if isinstance(ty, ListType):
        return has_handles(ty.element)
    if isinstance(ty, OptionType):
        return has_handles(ty.payload)
    if isinstance(ty, ResultType):
        return has_handles(ty.ok) or has_handles(ty.err)
    if isinstance(ty, VariantType):
        return any(has_handles(t) for _, t in ty.cases)
    return False


def case_of(ty: Any, value: Any) -> Tuple[str, Optional[ValType]]:
    """(name, type) of the case an untagged option/result/variant value belongs to, decided
    as wasmtime-py lowers it: by the Python classes of each case."""
    for name, case in ty._cases():
        if case is None:
            if value is None:
                return name, None
            continue
        classes: Set[type] = set()
        case.add_classes(classes)
        if isinstance(value, tuple(classes)):
            return name, case
    raise TypeError(f"value {value!r} fits no case of {ty!r}")


def translate(ty: Optional[ValType], value: Any, on_handle: HandleFn) -> Any:
    """value with each handle h of type t replaced by on_handle(t, h)."""
    if ty is None or not has_handles(ty):
        return value
    if isinstance(ty, (OwnType, BorrowType)):
        return on_handle(ty, value)
    if isinstance(ty, RecordType):
        out = Record()
        for name, field in ty.fields:
            setattr(out, name, translate(field, getattr(value, name), on_handle))
        return out
    if isinstance(ty, TupleType):
        return tuple(translate(t, v, on_handle) for t, v in zip(ty.elements, value))
    if isinstance(ty, ListType):
        return [translate(ty.element, v, on_handle) for v in value]
    if isinstance(ty, OptionType):
        return None if value is None else translate(ty.payload, value, on_handle)
    if isinstance(ty, (ResultType, VariantType)):
        if ty._tagged():
            case = dict(ty._cases())[value.tag]
            return Variant(value.tag, translate(case, value.payload, on_handle))
        return translate(case_of(ty, value)[1], value, on_handle)
    return value
