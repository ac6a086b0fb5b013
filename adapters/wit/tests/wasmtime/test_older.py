"""The components on older wasmtime releases than the host's 50.0.1 (they import WASI 0.2.0, which
every wasmtime with WASI 0.2 provides): libwasmtime 38.0.1, the release WAVS 2.x pins (through
its C API: on_wasmtime38.py), and the wasmtime 36.0.9 CLI running the composed demo."""
import json
import os
import re
import subprocess
import tempfile
import unittest
import urllib.request

from support import CLI, COMPONENTS, HERE, TOOLS, ZOO, ZOO_ADDRESS, built_components, component
from test_compose import compose, wave_bytes


class Wasmtime38(unittest.TestCase):
    def test_components_compile_and_run_on_libwasmtime_38(self):
        with tempfile.TemporaryDirectory() as d:
            probe = compose(component("components-test-tenant"), d)
            r = subprocess.run([os.path.join(TOOLS, "python-wasmtime38"), os.path.join(HERE, "on_wasmtime38.py"), probe,
                                *[os.path.join(COMPONENTS, n) for n in built_components()]],
                               capture_output=True, text=True, timeout=300)
        print(r.stdout.strip())
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn(f"wasmtime 38: compiled {len(built_components())} components", r.stdout)
        self.assertIn('engine mnemonic.new("abandon abandon") -> err("mnemonic must have 12, 15, 18, 21 or 24 words")', r.stdout)
        self.assertIn("composed probe() -> error: MNEMONIC is not set in the provider's environment", r.stdout)


class Wasmtime36Cli(unittest.TestCase):
    @unittest.skipUnless(os.path.exists(CLI), f"native CLI not built ({CLI})")
    def test_composed_demo_on_the_wasmtime_36_cli(self):
        version = subprocess.run([os.path.join(TOOLS, "wasmtime-36"), "--version"], capture_output=True, text=True).stdout
        self.assertTrue(version.startswith("wasmtime 36.0.9"), version)
        reg = subprocess.Popen([CLI, "registry", "--host", "127.0.0.1", "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        tmp = tempfile.TemporaryDirectory()
        try:
            composed = compose(component("isolated-crypto-demo"), tmp.name)
            base = reg.stdout.readline().strip().removeprefix("registry: listening on ").rstrip("/")
            message = "signed on wasmtime 36"
            out = subprocess.run([os.path.join(TOOLS, "wasmtime-36"), "run", "-S", "http", "--env", f"MNEMONIC={ZOO}",
                                  "--env", f"ETHERSCAN_BASE_URL={base}", "--invoke",
                                  f"run-task({{timestamp: 0, request: {wave_bytes(message.encode())}}})", composed],
                                 capture_output=True, text=True, timeout=120)
            m = re.fullmatch(r"ok\(\[([0-9, ]*)\]\)", out.stdout.strip())
            self.assertIsNotNone(m, out.stdout + out.stderr)
            url = bytes(int(b) for b in m.group(1).split(",")).decode()
            with urllib.request.urlopen(url + "?format=json", timeout=10) as res:
                entry = json.load(res)
            self.assertEqual((entry["message"], entry["address"], entry["verified"]), (message, ZOO_ADDRESS, True))
            print(f"composed demo on {version.strip()}: {url} verified={entry['verified']}")
        finally:
            tmp.cleanup()
            reg.terminate()
            reg.wait(timeout=10)
            reg.stdout.close()


if __name__ == "__main__":
    unittest.main()
