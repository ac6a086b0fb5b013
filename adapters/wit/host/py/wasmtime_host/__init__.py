"""A wasmtime host for the isolated-crypto components (see components.py, runtime.py)."""
