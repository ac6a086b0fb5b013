"""JSON form of component values, for the test server (serve.py) and its Node facade.

Python -> JSON (by the value's type):
  list<u8>   {"$bytes": hex}          record   {"$record": {field: v}}   tuple  {"$tuple": [..]}
  flags      {"$flags": {name: bool}} (every flag of the type)           enum   "name"
  option     null | v                 result   {"$ok": v} | {"$err": v}  variant {"$tag": t, "val": v}
  handle     {"$handle": id}          u64/s64 beyond 2^53: {"$big": "digits"}; other scalars as JSON
JSON -> Python takes the same forms; a record may use camelCase field names, flags may be an
object of booleans (camelCase or kebab-case names).
"""
import re
from typing import Any, Callable

from wasmtime.component import (BorrowType, EnumType, FlagsType, ListType, OptionType, OwnType, Record,
                                RecordType, ResultType, S64, TupleType, U64, ValType, Variant,
                                VariantType)

from .values import case_of

BIG = 2 ** 53


def camel(name: str) -> str:
    """'is-y-odd' -> 'isYOdd' (jco's naming of fields and flags)."""
    return re.sub(r"-([a-z0-9])", lambda m: m.group(1).upper(), name)


def encode(ty: ValType, v: Any, handle: Callable[[ValType, Any], Any]) -> Any:
    """Python value v of type ty -> JSON; handle(type, resource) gives a handle's JSON."""
    if isinstance(ty, (OwnType, BorrowType)):
        return handle(ty, v)
    if isinstance(ty, ListType):
        if ty._is_bytes():
            return {"$bytes": bytes(v).hex()}
        return [encode(ty.element, x, handle) for x in v]
    if isinstance(ty, RecordType):
        return {"$record": {n: encode(t, getattr(v, n), handle) for n, t in ty.fields}}
    if isinstance(ty, TupleType):
        return {"$tuple": [encode(t, x, handle) for t, x in zip(ty.elements, v)]}
    if isinstance(ty, FlagsType):
        return {"$flags": {n: n in v for n in ty.names}}
    if isinstance(ty, OptionType):
        return None if v is None else encode(ty.payload, v, handle)
    if isinstance(ty, ResultType):
        tag, payload = (v.tag, v.payload) if ty._tagged() else (case_of(ty, v)[0], v)
        case_ty = ty.ok if tag == "ok" else ty.err
        return {f"${tag}": None if case_ty is None else encode(case_ty, payload, handle)}
    if isinstance(ty, VariantType):
        tag, payload = (v.tag, v.payload) if ty._tagged() else (case_of(ty, v)[0], v)
        case_ty = dict(ty.cases)[tag]
        return {"$tag": tag, "val": None if case_ty is None else encode(case_ty, payload, handle)}
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= BIG:
        return {"$big": str(v)}
    return v


def decode(ty: ValType, j: Any, handle: Callable[[ValType, Any], Any]) -> Any:
    """JSON j -> Python value of type ty; handle(type, json) gives the handle's value."""
    if isinstance(ty, (OwnType, BorrowType)):
        return handle(ty, j)
    if isinstance(ty, ListType):
        if ty._is_bytes():
            return bytes.fromhex(j["$bytes"]) if isinstance(j, dict) else bytes(j)
        return [decode(ty.element, x, handle) for x in j]
    if isinstance(ty, RecordType):
        fields = j.get("$record", j)
        out = Record()
        for n, t in ty.fields:
            setattr(out, n, decode(t, fields[n] if n in fields else fields[camel(n)], handle))
        return out
    if isinstance(ty, TupleType):
        items = j["$tuple"] if isinstance(j, dict) else j
        return tuple(decode(t, x, handle) for t, x in zip(ty.elements, items))
    if isinstance(ty, FlagsType):
        flags = j.get("$flags", j) if isinstance(j, dict) else {n: True for n in j}
        return {n for n in ty.names if flags.get(n) or flags.get(camel(n))}
    if isinstance(ty, OptionType):
        return None if j is None else decode(ty.payload, j, handle)
    if isinstance(ty, ResultType):
        tag = "ok" if "$ok" in j else "err"
        case_ty = ty.ok if tag == "ok" else ty.err
        payload = None if case_ty is None else decode(case_ty, j[f"${tag}"], handle)
        return Variant(tag, payload) if ty._tagged() else payload
    if isinstance(ty, VariantType):
        case_ty = dict(ty.cases)[j["$tag"]]
        payload = None if case_ty is None else decode(case_ty, j["val"], handle)
        return Variant(j["$tag"], payload) if ty._tagged() else payload
    if isinstance(ty, EnumType):
        return str(j)
    if isinstance(ty, (U64, S64)) and isinstance(j, dict):
        return int(j["$big"])
    return j
