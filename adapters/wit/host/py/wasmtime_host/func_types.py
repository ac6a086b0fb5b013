"""A component function's type read once per Func, for wasmtime-py 50.0.1.

wasmtime-py's Func.__call__ asks Func.type(store) on every call and then reads .params and
.result, each a walk of the type through the C API that builds new Python type objects: ~60 us
for ecdsa-key.sign, ~33 us for get-public-key, on every call (the host's Linked.func keeps the
Func of each export for the life of its instance). A function's type never changes, so
install() makes Func.type return, per Func, a record of the params and result read the first
time; Func.__call__, the only caller of Func.type, uses nothing else of it.
"""
from dataclasses import dataclass
from typing import Any, List, Optional, Tuple

from wasmtime.component import Func

_read_type = Func.type


@dataclass(frozen=True)
class FixedFuncType:
    """The parts of a FuncType that Func.__call__ reads."""
    params: List[Tuple[str, Any]]
    result: Optional[Any]


def _type_once(self: Func, store: Any) -> FixedFuncType:
    fixed = self.__dict__.get("_isolated_crypto_type")
    if fixed is None:
        ty = _read_type(self, store)
        fixed = FixedFuncType(ty.params, ty.result)
        self.__dict__["_isolated_crypto_type"] = fixed
    return fixed


def install() -> None:
    """Func.type then answers from the first read of each Func."""
    Func.type = _type_once  # type: ignore[method-assign]
