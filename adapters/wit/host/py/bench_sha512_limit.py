#!/usr/bin/env python3
"""to-seed beside its limit on wasmtime: the counterpart of ../bench-sha512-limit.mjs.

The limit is build/wasm/bench/sha512-limit.wasm (bench/wasm/sha512_limit.cpp): 4,096 chained
SHA-512 compressions with the engine's own compression and compiler flags, i.e. BIP39's PBKDF2
without HMAC, NFKD or the component boundary. Both are timed in this process, alternately (one
limit run, one to-seed call), so both see the same load. With --count, each is also counted in
wasm instructions (wasmtime fuel: about one unit per wasm operator) on a fuel-consuming Engine.

  python3 bench_sha512_limit.py [--engine E.wasm] [--limit L.wasm] [--samples N] [--count] [--json OUT]
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wasmtime import Config, Engine, Instance, Module, Store  # noqa: E402
from wasmtime_host import components  # noqa: E402
from wasmtime_host.components import Link, load_component  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "build", "wasm"))
MNEMONIC = " ".join(["zoo"] * 23 + ["vote"])
BIP39 = "mrnerdhair:isolated-crypto/bip39@0.14.0"
COMPRESSIONS = 4096  # PBKDF2 x 2048: one inner and one outer compression per iteration


FUEL = 10**15


class FueledStore(Store):
    """A Store that starts with (practically) unlimited fuel: instantiation runs wasm too."""

    def __init__(self, engine, *args):
        super().__init__(engine, *args)
        self.set_fuel(FUEL)


def limit_run(engine, path, store_type=Store):
    """The limit module's run(n) export, and its Store."""
    store = store_type(engine)
    with open(path, "rb") as f:
        inst = Instance(store, Module(engine, f.read()), [])  # the limit module imports nothing
    init = inst.exports(store).get("_initialize")
    if init is not None:
        init(store)
    return inst.exports(store)["run"], store


def to_seed_call(path):
    """A to-seed call of the engine component on one mnemonic, and the engine's Store."""
    linked = Link().add(load_component(path), {}, http=False)
    mnemonic = linked.func(BIP39, "[static]mnemonic.new")(linked.store, MNEMONIC)
    to_seed = linked.func(BIP39, "[method]mnemonic.to-seed")
    return (lambda: to_seed(linked.store, mnemonic, "")), linked.store


def medians(limit, to_seed, samples):
    """Median us of each, timed alternately after a warm-up."""
    for _ in range(max(3, samples // 10)):
        limit()
        to_seed()
    t = {"limit": [], "to_seed": []}
    for _ in range(samples):
        for name, fn in (("limit", limit), ("to_seed", to_seed)):
            s = time.perf_counter()
            fn()
            t[name].append((time.perf_counter() - s) * 1e6)
    return {k: sorted(v)[len(v) // 2] for k, v in t.items()}


def fuel_of(store, fn):
    store.set_fuel(FUEL)
    fn()
    return FUEL - store.get_fuel()


def counts(engine_path, limit_path):
    """Wasm instructions (fuel) of one to-seed call and of one limit run."""
    config = Config()
    config.consume_fuel = True
    fueled = Engine(config)
    components.use_engine(fueled)
    components.Store = FueledStore  # the Stores Link.add makes (this process only counts from here on)
    run, lstore = limit_run(fueled, limit_path, FueledStore)
    limit = fuel_of(lstore, lambda: run(lstore, COMPRESSIONS))
    empty = fuel_of(lstore, lambda: run(lstore, 0))
    to_seed, store = to_seed_call(engine_path)
    return {"to_seed": fuel_of(store, to_seed), "limit": limit,
            "per_compression": (limit - empty) / COMPRESSIONS}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", default=os.path.join(BUILD, "components", "isolated-crypto-engine.wasm"))
    ap.add_argument("--limit", default=os.path.join(BUILD, "bench", "sha512-limit.wasm"))
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--count", action="store_true", help="also count wasm instructions (fuel)")
    ap.add_argument("--json")
    a = ap.parse_args()
    run, lstore = limit_run(components.engine(), a.limit)
    to_seed, _store = to_seed_call(a.engine)
    m = medians(lambda: run(lstore, COMPRESSIONS), to_seed, a.samples)
    out = {"runtime": "wasmtime", "samples": a.samples, "compressions": COMPRESSIONS,
           "engine": os.path.basename(a.engine), "to_seed_us": m["to_seed"], "limit_us": m["limit"]}
    print(f"wasmtime: to-seed {m['to_seed']:.0f} us, limit ({COMPRESSIONS} compressions, same wasm build) "
          f"{m['limit']:.0f} us, ratio {m['to_seed'] / m['limit']:.2f}")
    if a.count:
        c = counts(a.engine, a.limit)
        out["instructions"] = c
        print(f"wasm instructions (fuel): to-seed {c['to_seed']:,}, limit {c['limit']:,} "
              f"({c['per_compression']:.0f} per compression)")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
