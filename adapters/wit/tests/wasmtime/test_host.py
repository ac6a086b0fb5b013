"""The wasmtime host (adapters/wit/host/py, run.py): per-Store environments, handles forwarded
to the engine and dropped there, semver-compatible linking, link errors naming the component
and the import, a trap poisoning only its own task, run.py's exit codes and the demo end to
end against the native CLI's local registry."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import urllib.request
from unittest import mock

from support import CLI, RUN_PY, ZOO, ZOO_ADDRESS, ZOO_KEY, component

from wasmtime_host import components, fast_bytes, names, precompiled
from wasmtime_host.components import HostError, Link, compile_component, load_component
from wasmtime_host.runtime import link, run_task

ENGINE = component("isolated-crypto-engine")
PROVIDER = component("mnemonic-provider-env")
PROBE = component("components-test-tenant")
HOSTILE = component("hostile-tenant")
DEMO = component("isolated-crypto-demo")


def versioned_tenant(version: str):
    """A component whose only import is bip39@version (mnemonic + [static]mnemonic.new)."""
    return compile_component("versioned", f'''(component
      (import "mrnerdhair:isolated-crypto/bip39@{version}" (instance
        (export "mnemonic" (type (sub resource)))
        (type (own 0))
        (type (result 1 (error string)))
        (export "[static]mnemonic.new" (func (param "mnemonic" string) (result 2))))))''')


class Names(unittest.TestCase):
    def test_semver_compatibility(self):
        i = "mrnerdhair:isolated-crypto/bip39@"
        for exp, ok in [("0.14.0", True), ("0.14.7", True), ("0.15.0", False), ("0.13.9", False), ("1.14.0", False)]:
            self.assertEqual(names.compatible(i + "0.14.2", i + exp), ok, exp)
        self.assertTrue(names.compatible("a:b/c@1.2.0", "a:b/c@1.9.1"))
        self.assertFalse(names.compatible("a:b/c@1.2.0", "a:b/c@2.0.0"))
        self.assertFalse(names.compatible("a:b/c@0.0.1", "a:b/c@0.0.2"))
        self.assertFalse(names.compatible("a:b/c@1.0.0-rc1", "a:b/c@1.0.0"))
        self.assertFalse(names.compatible("a:b/c", "a:b/c@1.0.0"))
        self.assertFalse(names.compatible("a:b/c@0.14.0", "a:b/d@0.14.0"))


class FastBytes(unittest.TestCase):
    def test_bulk_list_u8_conversion_is_enabled(self):
        # install() round-trips a sample through wasmtime-py's own converters first.
        self.assertTrue(fast_bytes.install())


class PrecompiledCache(unittest.TestCase):
    """precompiled.py: a component changed on disk is compiled anew, never served stale."""

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.env = mock.patch.dict(os.environ, {precompiled.ENV: os.path.join(self.dir, "cache")})
        self.env.start()
        self.path = os.path.join(self.dir, "c.wasm")

    def tearDown(self):
        self.env.stop()
        shutil.rmtree(self.dir)

    def load_fresh(self, source):
        """Writes `source`'s bytes to self.path and loads it as a new process would."""
        shutil.copyfile(source, self.path)
        components._loaded.clear()
        return load_component(self.path, "c")

    def cache_files(self):
        return sorted(os.listdir(os.path.join(self.dir, "cache")))

    def exports(self, loaded):
        return {n.split("/")[-1].split("@")[0] for n in loaded.exports}

    def test_a_changed_component_is_not_served_stale(self):
        self.assertEqual(self.exports(self.load_fresh(PROVIDER)), {"mnemonic-provider"})
        self.assertEqual(len(self.cache_files()), 1)
        self.assertEqual(self.exports(self.load_fresh(PROVIDER)), {"mnemonic-provider"})  # from the file
        changed = self.load_fresh(ENGINE)  # same path, other bytes
        self.assertEqual(self.exports(changed), {"types", "bip39", "bip32", "secp256k1"})
        self.assertEqual(len(self.cache_files()), 2)

    def test_an_unloadable_cache_file_is_replaced(self):
        self.load_fresh(PROVIDER)
        [name] = self.cache_files()
        with open(os.path.join(self.dir, "cache", name), "wb") as f:
            f.write(b"not a precompiled component")
        self.assertEqual(self.exports(self.load_fresh(PROVIDER)), {"mnemonic-provider"})
        with open(os.path.join(self.dir, "cache", name), "rb") as f:
            self.assertNotEqual(f.read(16), b"not a precompile")

    def test_an_empty_directory_setting_turns_it_off(self):
        with mock.patch.dict(os.environ, {precompiled.ENV: ""}):
            self.load_fresh(PROVIDER)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "cache")))


class Linking(unittest.TestCase):
    def probe(self, provider_env, tenant_env=None):
        lk = link(PROBE, ENGINE, [PROVIDER], provider_env, tenant_env or {})
        return lk, lk.tenant.func(None, "probe")(lk.tenant.store)

    def test_tenant_gets_the_key_never_the_mnemonic(self):
        _, out = self.probe({"MNEMONIC": ZOO})
        print(f"probe on wasmtime: {out}")
        self.assertEqual(out, f"{ZOO_KEY};mnemonic-env=empty")

    def test_tenant_environment_is_its_own(self):
        _, out = self.probe({"MNEMONIC": ZOO}, {"MNEMONIC": "x"})
        self.assertEqual(out, f"{ZOO_KEY};mnemonic-env=set")

    def test_provider_errors_name_no_word(self):
        _, out = self.probe({})
        self.assertEqual(out, "error: MNEMONIC is not set in the provider's environment")
        _, out = self.probe({"MNEMONIC": " ".join(["zoo"] * 24)})
        self.assertEqual(out, "error: invalid mnemonic checksum")

    def test_drops_reach_the_engine(self):
        lk, _ = self.probe({"MNEMONIC": ZOO})
        # The tenant dropped every handle it got: each drop went to the engine's handle.
        self.assertGreater(lk.link.handles.next_rep, 5)
        self.assertEqual(lk.link.handles.entries, {})

    def test_missing_import_names_component_and_import(self):
        with self.assertRaises(HostError) as cm:
            link(PROBE, ENGINE, [])
        self.assertEqual(str(cm.exception), 'component "components-test-tenant" imports '
                         'mrnerdhair:isolated-crypto/mnemonic-provider@0.14.0, which no linked component exports')

    def test_an_import_binds_only_a_semver_compatible_export(self):
        engine = load_component(ENGINE)
        for version in ["0.14.0", "0.14.9"]:
            lk = Link()
            lk.add(engine, {})
            lk.add(versioned_tenant(version), {})  # links
        for version in ["0.15.0", "0.13.0", "1.0.0"]:
            lk = Link()
            lk.add(engine, {})
            with self.assertRaises(HostError) as cm:
                lk.add(versioned_tenant(version), {})
            self.assertEqual(str(cm.exception), f'component "versioned" imports mrnerdhair:isolated-crypto/bip39@{version}, '
                             'but the linked components export only mrnerdhair:isolated-crypto/bip39@0.14.0 '
                             '(incompatible version)')

    def test_a_trap_poisons_only_its_task(self):
        steps = []
        trace = {"test:hostile/trace@0.1.0": {"reached": steps.append}}  # the tenant's attack steps
        lk = link(HOSTILE, ENGINE, [PROVIDER], {"MNEMONIC": ZOO}, tenant_host=trace)
        with self.assertRaises(Exception) as cm:
            lk.tenant.func(None, "sign-raw-len")(lk.tenant.store, 31)
        self.assertIn("unreachable", str(cm.exception))  # the engine's trap, carried to the caller
        self.assertEqual(steps, ["sign-raw"])  # it trapped in the attack, not in the setup
        with self.assertRaises(Exception):
            lk.tenant.func(None, "baseline")(lk.tenant.store)  # this task's instances are poisoned
        fresh = link(HOSTILE, ENGINE, [PROVIDER], {"MNEMONIC": ZOO}, tenant_host=trace)
        self.assertEqual(fresh.tenant.func(None, "baseline")(fresh.tenant.store), ZOO_KEY)


def run_py(*args, env=None):
    return subprocess.run([sys.executable, RUN_PY, *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


class RunPy(unittest.TestCase):
    base = ["--tenant", DEMO, "--engine", ENGINE, "--provider", PROVIDER, "--provider-env", "MNEMONIC"]

    def test_usage_is_exit_2(self):
        r = run_py("--engine", ENGINE)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--tenant and --engine are required", r.stderr)
        r = subprocess.run([sys.executable, RUN_PY, *self.base], capture_output=True, text=True,
                           env={k: v for k, v in os.environ.items() if k != "MNEMONIC"})
        self.assertEqual(r.returncode, 2)
        self.assertIn("--provider-env MNEMONIC: not set in the host environment", r.stderr)

    def test_link_error_is_exit_3(self):
        r = run_py("--tenant", DEMO, "--engine", ENGINE, "--input", "x")
        self.assertEqual(r.returncode, 3)
        self.assertIn('run: component "isolated-crypto-demo" imports mrnerdhair:isolated-crypto/mnemonic-provider@0.14.0', r.stderr)

    def test_err_result_is_exit_1(self):
        r = run_py(*self.base, "--tenant-env", "ETHERSCAN_BASE_URL=http://127.0.0.1:1", "--input", "x",
                   env={"MNEMONIC": ZOO})
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertRegex(r.stderr, r"^tenant returned err: cannot reach 127\.0\.0\.1: ")

    @unittest.skipUnless(os.path.exists(CLI), f"native CLI not built ({CLI})")
    def test_demo_end_to_end_against_the_local_registry(self):
        reg = subprocess.Popen([CLI, "registry", "--host", "127.0.0.1", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            first = reg.stdout.readline().strip()
            self.assertTrue(first.startswith("registry: listening on "), first)
            base = first.removeprefix("registry: listening on ").rstrip("/")
            message = 'a "quoted" ☃'
            r = run_py(*self.base, "--tenant-env", f"ETHERSCAN_BASE_URL={base}", "--input", message,
                       env={"MNEMONIC": ZOO})
            self.assertEqual(r.returncode, 0, r.stderr)
            url = r.stdout.strip()
            self.assertRegex(url, "^" + base.replace(".", r"\.") + r"/verifySig/\d+$")
            with urllib.request.urlopen(url + "?format=json", timeout=10) as res:
                entry = json.load(res)
            self.assertEqual((entry["message"], entry["address"], entry["verified"]), (message, ZOO_ADDRESS, True))
            print(f"run.py demo: {url} verified={entry['verified']}")
        finally:
            reg.terminate()
            reg.wait(timeout=10)
            reg.stdout.close()


if __name__ == "__main__":
    unittest.main()
