"""Interface names and semver-compatible matching of imports to exports.

An import binds to an export of the same package and interface whose version is semver
compatible: same major for >= 1.0.0, same minor for 0.x (0.14.0 and 0.14.3 match, 0.14.0
and 0.15.0 do not), the exact version for 0.0.x and pre-releases. Unversioned names match
only unversioned names.
"""
import re
from typing import Iterable, Optional, Tuple

_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")


def split(name: str) -> Tuple[str, Optional[str]]:
    """'ns:pkg/iface@1.2.3' -> ('ns:pkg/iface', '1.2.3'); no '@' -> (name, None)."""
    base, sep, version = name.rpartition("@")
    if not sep or "/" in version:
        return name, None
    return base, version


def compatibility_track(version: Optional[str]) -> Optional[str]:
    """The part of a version that must be equal for two versions to be compatible."""
    if version is None:
        return None
    m = _VERSION.match(version)
    if not m:
        return version  # not semver: only the identical string is compatible
    major, minor, patch, pre = m.groups()
    if pre is not None:
        return version
    if major != "0":
        return major
    if minor != "0":
        return f"0.{minor}"
    return f"0.0.{patch}"


def compatible(import_name: str, export_name: str) -> bool:
    """True if an export named export_name may satisfy an import named import_name."""
    ib, iv = split(import_name)
    eb, ev = split(export_name)
    return ib == eb and compatibility_track(iv) == compatibility_track(ev)


def best_match(import_name: str, export_names: Iterable[str]) -> Tuple[Optional[str], Optional[str]]:
    """(the export that satisfies import_name, or None; an export of the same interface
    with an incompatible version, for the error message, or None). The exact name wins."""
    names = list(export_names)
    if import_name in names:
        return import_name, None
    base = split(import_name)[0]
    match = next((n for n in names if compatible(import_name, n)), None)
    other = next((n for n in names if split(n)[0] == base and not compatible(import_name, n)), None)
    return match, other
