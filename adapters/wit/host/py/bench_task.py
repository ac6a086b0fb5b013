#!/usr/bin/env python3
"""The signing task with fresh instances on wasmtime: the counterpart of ../bench-task.mjs.

Per task: instantiate the engine and the mnemonic provider (each its own Store and WASI
environment, linked as run.py links them), get-mnemonic, to-seed, m/44'/60'/0'/0/0 one derive
at a time, sign(keccak256). Components are compiled once per process (as a runtime caches
compiled code); Stores never outlive a task.

Each engine is measured under three wasmtime configurations (--configs): `default` (the
host's: on-demand instance allocation, copy-on-write memory images), `pooling` (the pooling
instance allocator) and `no-cow` (memory initialised by copying the data segments). A second
table gives the cost of getting a component ready in a new process: compiling it, loading
it precompiled (Component.serialize / Component.deserialize), and wasmtime's disk cache
(what run.py uses: keyed by the component's bytes and wasmtime's version and settings).

  python3 bench_task.py [--engine E.wasm --provider P.wasm]... [--guard G.wasm] [--tasks N]
                        [--configs A,B] [--json OUT]

--guard adds a row (default configuration): the same task through the guard component over the
first engine (the allow-everything test policy, audit lines written to the null device), and a
table of single calls, engine and guard called alternately so both see the same load (median us).
"""
import argparse
import gc
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wasmtime import Config, Engine, _ffi as ffi  # noqa: E402
from wasmtime.component import Component  # noqa: E402
from wasmtime_host import components  # noqa: E402
from wasmtime_host.components import Link, load_component  # noqa: E402
from wasmtime_host.guard import AuditLog, Guard, RateCounter  # noqa: E402
from wasmtime_host.runtime import _add_guard  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BUILT = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "build", "wasm", "components"))
MNEMONIC = " ".join(["zoo"] * 23 + ["vote"])
H = 0x80000000
PATH = [44 + H, 60 + H, H, 0, 0]
PKG = "mrnerdhair:isolated-crypto/{}@0.14.0"


ALLOW_ALL = os.path.normpath(os.path.join(HERE, "..", "..", "tests", "guard", "policies", "allow-all.json"))


def instantiate_pair(engine, provider, guard=None):
    """engine and provider; with guard (a Loaded), the guard over them as the third member,
    whose exports the task then calls (as a tenant would)."""
    link = Link()
    e = link.add(engine, {})
    p = link.add(provider, {"MNEMONIC": MNEMONIC})
    if guard is None:
        return link, e, p
    with open(ALLOW_ALL, encoding="utf-8") as f:
        policy = f.read()
    g, _ = _add_guard(link, Guard(guard, policy, "bench", AuditLog(os.devnull), RateCounter()))
    return link, g, g


def engine_handle(link, p, res):
    """The engine's own handle behind a handle the provider returned (as the host forwards it)."""
    return link.handles.entries.pop(res.to_host(p.store).rep).resource


def task(engine, provider, guard=None):
    link, e, p = instantiate_pair(engine, provider, guard)
    m = p.func(PKG.format("mnemonic-provider"), "get-mnemonic")(p.store)
    if guard is None:
        m = engine_handle(link, p, m)  # the guard's own handle is used as it is
    bip39, bip32, secp = PKG.format("bip39"), PKG.format("bip32"), PKG.format("secp256k1")
    seed = e.func(bip39, "[method]mnemonic.to-seed")(e.store, m, "")
    node = e.func(bip32, "[method]seed.to-master-key")(e.store, seed, None)
    derive = e.func(bip32, "[method]node.derive")
    for i in PATH:
        node = derive(e.store, node, i)
    key = e.func(bip32, "[method]node.into-secp256k1-ecdsa-key")(e.store, node)
    sig = e.func(secp, "[method]ecdsa-key.sign")(e.store, key, "keccak256", b"task input", None)
    return sig, (link, e, p)


def call_overhead(engine, provider, guard, samples=400):
    """Median us of get-public-key and sign(keccak256) straight on the engine and through the
    guard, called alternately: {op: (engine, guard)}."""
    sides = {}
    for side, g in (("engine", None), ("guard", guard)):
        link, e, p = instantiate_pair(engine, provider, g)
        m = p.func(PKG.format("mnemonic-provider"), "get-mnemonic")(p.store)
        if g is None:
            m = engine_handle(link, p, m)
        seed = e.func(PKG.format("bip39"), "[method]mnemonic.to-seed")(e.store, m, "")
        node = e.func(PKG.format("bip32"), "[method]seed.to-master-key")(e.store, seed, None)
        key = e.func(PKG.format("bip32"), "[method]node.into-secp256k1-ecdsa-key")(e.store, node)
        pub = e.func(PKG.format("secp256k1"), "[method]ecdsa-key.get-public-key")
        sign = e.func(PKG.format("secp256k1"), "[method]ecdsa-key.sign")
        sides[side] = {
            "get-public-key": lambda e=e, key=key, f=pub: f(e.store, key),
            "sign": lambda e=e, key=key, f=sign: f(e.store, key, "keccak256", b"task input", None),
        }
    out = {}
    for op in ("get-public-key", "sign"):
        t = {"engine": [], "guard": []}
        for i in range(samples + samples // 10):
            for side in ("engine", "guard"):
                s = time.perf_counter()
                sides[side][op]()
                if i >= samples // 10:
                    t[side].append((time.perf_counter() - s) * 1e6)
        out[op] = (quantile(sorted(t["engine"]), 0.5), quantile(sorted(t["guard"]), 0.5))
    return out


def quantile(xs, q):
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def pooling(config):
    """Switches `config` to the pooling instance allocator, sized for this benchmark: dropped
    Stores free their slots only when Python collects them, so hundreds may be pending."""
    pool = ffi.wasmtime_pooling_allocation_config_new()
    ffi.wasmtime_pooling_allocation_config_total_component_instances_set(pool, 1000)
    ffi.wasmtime_pooling_allocation_config_total_core_instances_set(pool, 4000)
    ffi.wasmtime_pooling_allocation_config_total_memories_set(pool, 2000)
    ffi.wasmtime_pooling_allocation_config_total_tables_set(pool, 2000)
    ffi.wasmtime_pooling_allocation_config_max_memory_size_set(pool, 64 << 20)
    ffi.wasmtime_pooling_allocation_strategy_set(config.ptr(), pool)
    ffi.wasmtime_pooling_allocation_config_delete(pool)


def make_engine(name):
    """The Engine of configuration `name` (see the module docstring)."""
    if name == "default":
        components._engine = None
        return components.engine()
    config = Config()
    if name == "pooling":
        config.memory_reservation = 64 << 20  # a pool slot per memory: keep the reservation small
        pooling(config)
    elif name == "no-cow":
        config.memory_init_cow = False
    else:
        raise SystemExit(f"bench_task.py: unknown configuration {name}")
    return Engine(config)


def measure(path, provider_path, tasks, guard_path=None):
    engine = load_component(path)
    provider = load_component(provider_path)
    guard = load_component(guard_path) if guard_path else None
    for _ in range(5):
        task(engine, provider, guard)
    lat = []
    t0 = time.perf_counter()
    for _ in range(tasks):
        s = time.perf_counter()
        task(engine, provider, guard)
        lat.append((time.perf_counter() - s) * 1e3)
    wall = time.perf_counter() - t0
    inst = []
    for _ in range(max(20, tasks // 4)):
        s = time.perf_counter()
        instantiate_pair(engine, provider, guard)
        inst.append((time.perf_counter() - s) * 1e3)
    # Resident memory per live instance set: RSS growth while 40 sets are kept alive, measured
    # after full collections (dropped Stores of earlier tasks are freed only when collected).
    gc.collect()
    before = resident_bytes()
    alive = [task(engine, provider, guard)[1] for _ in range(40)]
    gc.collect()
    grown = (resident_bytes() - before) / len(alive)
    del alive
    lat.sort()
    inst.sort()
    return {
        "tasks_per_s": tasks / wall,
        "p50_ms": quantile(lat, 0.5),
        "p99_ms": quantile(lat, 0.99),
        "instantiate_p50_ms": quantile(inst, 0.5),
        "memory_per_instance_set_bytes": grown,
    }


def resident_bytes():
    """The process's resident memory now (Linux: /proc/self/statm)."""
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def median_ms(fn, n=5):
    t = []
    for _ in range(n):
        s = time.perf_counter()
        fn()
        t.append((time.perf_counter() - s) * 1e3)
    return sorted(t)[len(t) // 2]


def load_costs(path):
    """ms to get the component at `path` ready: compiled, deserialized, via the disk cache."""
    with open(path, "rb") as f:
        data = f.read()
    plain = Engine(Config())  # no disk cache
    serialized = bytes(Component(plain, data).serialize())
    cached = components.engine()  # the host's Engine: disk cache on
    Component(cached, data)       # fill the cache
    return {
        "compile_ms": median_ms(lambda: Component(plain, data), 3),
        "deserialize_ms": median_ms(lambda: Component.deserialize(plain, serialized)),
        "disk_cache_ms": median_ms(lambda: Component(cached, data)),
        "component_bytes": len(data),
        "precompiled_bytes": len(serialized),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", action="append", default=[])
    ap.add_argument("--provider", action="append", default=[])
    ap.add_argument("--guard")
    ap.add_argument("--tasks", type=int, default=200)
    ap.add_argument("--configs", default="default,pooling,no-cow")
    ap.add_argument("--json")
    a = ap.parse_args()
    engines = a.engine or [os.path.join(BUILT, "isolated-crypto-engine.wasm")]
    providers = a.provider or [os.path.join(BUILT, "mnemonic-provider-env.wasm")]
    configs = a.configs.split(",")
    results = {}
    loads = {}
    for k, path in enumerate(engines):
        label = f"{os.path.basename(path).removesuffix('.wasm')} ({os.path.relpath(path)})"
        provider_path = providers[min(k, len(providers) - 1)]
        for config in configs:
            components.use_engine(make_engine(config))
            results[f"{label}, {config}"] = dict(measure(path, provider_path, a.tasks), config=config)
        components.use_engine(make_engine("default"))
        loads[label] = load_costs(path)
    overhead = None
    if a.guard:
        label = f"guard over {os.path.basename(engines[0]).removesuffix('.wasm')} ({os.path.relpath(engines[0])})"
        results[f"{label}, default"] = dict(measure(engines[0], providers[0], a.tasks, a.guard), config="default")
        overhead = call_overhead(load_component(engines[0]), load_component(providers[0]), load_component(a.guard))
    from importlib import metadata
    runtime = f"wasmtime-py {metadata.version('wasmtime')}"
    print(f"| signing task, fresh instances ({runtime}, {a.tasks} tasks) | tasks/s | p50 ms | p99 ms "
          "| instantiate p50 ms | RSS per live instance set (KiB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {r['tasks_per_s']:.1f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
              f"{r['instantiate_p50_ms']:.2f} | {r['memory_per_instance_set_bytes'] / 1024:.0f} |")
    print()
    print("| component ready in a new process (median ms) | compile | precompiled (deserialize) "
          "| disk cache | component bytes | precompiled bytes |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in loads.items():
        print(f"| {name} | {r['compile_ms']:.1f} | {r['deserialize_ms']:.2f} | {r['disk_cache_ms']:.2f} | "
              f"{r['component_bytes']} | {r['precompiled_bytes']} |")
    if overhead:
        print("\n| guard overhead (interleaved, median us) | engine | guard over it | overhead |")
        print("|---|---:|---:|---:|")
        for op, (en, gu) in overhead.items():
            print(f"| {op} | {en:.1f} | {gu:.1f} | {100 * (gu / en - 1):.0f} % |")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"runtime": runtime, "tasks": a.tasks, "results": results, "load": loads,
                       "guard_calls": overhead}, f, indent=2)


if __name__ == "__main__":
    main()
