"""The built components as wasm-tools sees them: valid, the engine's WIT equal to
adapters/wit's, and no WASI import newer than 0.2.0 (what the prototype imports)."""
import os
import re
import tempfile
import unittest

from support import COMPONENTS, WIT, built_components, component, tool

WASI_MAX = (0, 2, 0)


def wit_of(path: str) -> str:
    return tool("wasm-tools", "component", "wit", path)


def package_block(wit: str, package: str) -> str:
    """The `package NAME { ... }` block of a printed component WIT (its interfaces)."""
    m = re.search(r"^package " + re.escape(package) + r" \{\n(.*?)^\}\n", wit, re.M | re.S)
    if not m:
        raise AssertionError(f"no package {package} block in:\n{wit}")
    return m.group(1)


def world_exports(wit: str) -> list:
    return sorted(re.findall(r"^  export (\S+);", wit, re.M))


def wasi_imports(wit: str) -> list:
    """(interface, version) of every WASI interface in the component's world."""
    return re.findall(r"^  import (wasi:[^@;]+)@(\d+\.\d+\.\d+);", wit, re.M)


class Components(unittest.TestCase):
    def test_every_component_validates(self):
        names = built_components()
        self.assertGreaterEqual(len(names), 6, names)
        for name in names:
            with self.subTest(component=name):
                tool("wasm-tools", "validate", os.path.join(COMPONENTS, name))
        print(f"wasm-tools validate: {len(names)} components valid")

    def test_engine_wit_equals_adapters_wit(self):
        # The source WIT printed the same way: a dummy component of world `engine`.
        with tempfile.TemporaryDirectory() as d:
            core, comp = os.path.join(d, "core.wasm"), os.path.join(d, "engine.wasm")
            tool("wasm-tools", "component", "embed", "--dummy", "--world", "engine",
                 os.path.join(WIT, "isolated-crypto"), "-o", core)
            tool("wasm-tools", "component", "new", core, "-o", comp)
            want = wit_of(comp)
        got = wit_of(component("isolated-crypto-engine"))
        pkg = "mrnerdhair:isolated-crypto@0.14.0"
        self.assertEqual(world_exports(got), world_exports(want))
        self.assertEqual(package_block(got, pkg), package_block(want, pkg))
        print(f"engine WIT: {len(world_exports(got))} exported interfaces equal to adapters/wit")

    def test_no_wasi_import_newer_than_0_2_0(self):
        lines = []
        for name in built_components():
            imports = wasi_imports(wit_of(os.path.join(COMPONENTS, name)))
            # A component may import no WASI at all (a tenant that never prints); the engine and
            # the demo always do, so an empty answer there means the parser is out of date.
            if name in ("isolated-crypto-engine.wasm", "isolated-crypto-demo.wasm"):
                self.assertTrue(imports, f"{name}: no WASI imports found (parser out of date?)")
            newer = [f"{i}@{v}" for i, v in imports if tuple(map(int, v.split("."))) > WASI_MAX]
            self.assertEqual(newer, [], f"{name} imports WASI newer than 0.2.0")
            versions = sorted({v for _, v in imports})
            lines.append(f"{name}: {len(imports)} WASI imports" + (f", all @{versions[-1]}" if versions else ""))
        print("WASI imports:\n  " + "\n  ".join(lines))


if __name__ == "__main__":
    unittest.main()
