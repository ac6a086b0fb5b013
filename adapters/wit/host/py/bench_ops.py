#!/usr/bin/env python3
"""Median us per WIT operation on wasmtime: the counterpart of ../bench.mjs (Node, jco).

The same operations with the same inputs as bench.mjs, on one long-lived engine instance per
engine and configuration (components loaded as the task benchmark loads them: precompiled with
the default configuration, compiled otherwise; configurations as bench_task.py --configs):

  mnemonic.new + to-seed   mnemonic.new(24 words) then to-seed("")
  to-master-key            seed.to-master-key(none)
  derive (hardened)        master.derive(i mod 1000 + 2^31)
  get-public-key           get-public-key of a fresh normal child (not yet cached); bench.mjs
                           subtracts a derive median, here the call alone is timed
  sign-raw                 sign-raw(32 bytes 0x5a, byte 0 = i mod 256, no counter)
  sign (keccak256)         sign(keccak256, "Example `personal_sign` message", counter 7)
  mnemonic.new             mnemonic.new(24 words): the longest lookup
  to-seed                  to-seed("") of one mnemonic

Only the call is timed; handles it returns are dropped after the clock stops. A second table
gives wasmtime-py's own cost per call, so readers can tell runtime glue from engine work: a
component whose exports do nothing (../nop-component.wat: nop, u32 -> u32, list<u8> of 32
bytes -> list<u8>), and the first engine's cheapest export (node.get-chain-code: copies 32
bytes; the export thunk still zeroes 16 KiB of dead stack, export.hpp).

  python3 bench_ops.py [--engine E.wasm]... [--samples N] [--configs A,B] [--json OUT]
"""
import argparse
import json
import os
import sys
import time
from importlib import metadata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_task import BUILT, H, HERE, MNEMONIC, PKG, make_engine  # noqa: E402
from wasmtime_host import components  # noqa: E402
from wasmtime_host.components import Link, compile_component, load_component  # noqa: E402

MESSAGE = b"Example `personal_sign` message"
OPS = ["mnemonic.new + to-seed", "to-master-key", "derive (hardened)", "get-public-key", "sign-raw",
       "sign (keccak256)", "mnemonic.new", "to-seed"]

# Exports that do nothing: what a call costs in wasmtime-py and wasmtime's canonical ABI alone
# (bench.mjs measures the same component on jco).
NOP_COMPONENT = os.path.normpath(os.path.join(HERE, "..", "nop-component.wat"))


def median_us(fn, n, after=None):
    """Median us of fn(i) over n runs after a warm-up of max(3, n/10); after(result), if given,
    runs outside the clock (dropping the handles fn returned)."""
    times = []
    warm = max(3, n // 10)
    for i in range(warm + n):
        s = time.perf_counter()
        out = fn(i)
        t = time.perf_counter() - s
        if after is not None:
            after(out)
        if i >= warm:
            times.append(t * 1e6)
    times.sort()
    return times[len(times) // 2]


def measure_engine(path, samples):
    """{op: median us} for the engine component at `path` (OPS, same inputs as bench.mjs)."""
    link = Link()
    e = link.add(load_component(path), {})
    st = e.store
    bip39, bip32, secp = PKG.format("bip39"), PKG.format("bip32"), PKG.format("secp256k1")
    new = e.func(bip39, "[static]mnemonic.new")
    to_seed = e.func(bip39, "[method]mnemonic.to-seed")
    to_master = e.func(bip32, "[method]seed.to-master-key")
    derive = e.func(bip32, "[method]node.derive")
    into_key = e.func(bip32, "[method]node.into-secp256k1-ecdsa-key")
    node_pub = e.func(bip32, "[method]node.get-public-key")
    sign_raw = e.func(secp, "[method]ecdsa-key.sign-raw")
    sign = e.func(secp, "[method]ecdsa-key.sign")

    def drop(res):
        res.drop(st)

    def drop_pair(pair):
        for res in pair:
            res.drop(st)

    seed = to_seed(st, new(st, MNEMONIC), "")
    master = to_master(st, seed, None)
    key = into_key(st, derive(st, master, 44 + H))
    digest = bytearray([0x5A] * 32)
    slow = max(20, samples // 10)

    def new_and_seed(_):
        m = new(st, MNEMONIC)
        return (m, to_seed(st, m, ""))

    def sign_raw_i(i):
        digest[0] = i & 255
        return sign_raw(st, key, bytes(digest), None)

    fresh = []  # normal children, derived outside the clock, one per get-public-key call

    def public_key(i):
        return node_pub(st, fresh[i])

    r = {}
    r[OPS[0]] = median_us(new_and_seed, slow, drop_pair)
    r[OPS[1]] = median_us(lambda _: to_master(st, seed, None), samples, drop)
    r[OPS[2]] = median_us(lambda i: derive(st, master, (i % 1000) + H), samples, drop)
    fresh.extend(derive(st, master, i % 1000) for i in range(samples + max(3, samples // 10)))
    r[OPS[3]] = median_us(public_key, samples)
    for n in fresh:
        n.drop(st)
    r[OPS[4]] = median_us(sign_raw_i, samples)
    r[OPS[5]] = median_us(lambda _: sign(st, key, "keccak256", MESSAGE, 7), samples)
    r[OPS[6]] = median_us(lambda _: new(st, MNEMONIC), samples, drop)
    m = new(st, MNEMONIC)
    r[OPS[7]] = median_us(lambda _: to_seed(st, m, ""), slow, drop)
    return r


CHEAPEST = "engine: node.get-chain-code"


def cheapest_engine_call(path):
    """The engine's cheapest export as a call: node.get-chain-code of a master node."""
    link = Link()
    e = link.add(load_component(path), {})
    st = e.store
    seed = e.func(PKG.format("bip39"), "[method]mnemonic.to-seed")(
        st, e.func(PKG.format("bip39"), "[static]mnemonic.new")(st, MNEMONIC), "")
    master = e.func(PKG.format("bip32"), "[method]seed.to-master-key")(st, seed, None)
    chain_code = e.func(PKG.format("bip32"), "[method]node.get-chain-code")
    return lambda _: chain_code(st, master)


def measure_glue(samples, engine_path):
    """{call: median us} of the do-nothing component's exports (NOP_COMPONENT) and of the
    engine's cheapest export (CHEAPEST)."""
    link = Link()
    with open(NOP_COMPONENT, encoding="utf-8") as f:
        c = link.add(compile_component("nop", f.read()), {})
    st = c.store
    nop, ident, echo = c.func(None, "nop"), c.func(None, "id"), c.func(None, "echo")
    data = bytes(32)
    samples = max(samples, 2000)  # cheap calls: as many as bench.mjs makes on jco
    return {
        "nop()": median_us(lambda _: nop(st), samples),
        "id(u32) -> u32": median_us(lambda i: ident(st, i), samples),
        "echo(list<u8>, 32 bytes) -> list<u8>": median_us(lambda _: echo(st, data), samples),
        CHEAPEST: median_us(cheapest_engine_call(engine_path), samples),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--engine", action="append", default=[])
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--configs", default="default")
    ap.add_argument("--json")
    a = ap.parse_args()
    engines = a.engine or [os.path.join(BUILT, "isolated-crypto-engine.wasm")]
    results = {}
    glue = {}
    for config in a.configs.split(","):
        components.use_engine(make_engine(config))
        for path in engines:
            name = os.path.basename(path).removesuffix(".wasm")
            if sum(os.path.basename(e) == os.path.basename(path) for e in engines) > 1:
                name = f"{name} ({os.path.relpath(path)})"  # same file name in two directories
            results[name if config == "default" else f"{name}, {config}"] = measure_engine(path, a.samples)
        glue[config] = measure_glue(a.samples, engines[0])
    components.use_engine(make_engine("default"))
    runtime = f"wasmtime-py {metadata.version('wasmtime')}"
    names = list(results)
    base = names[0]
    print(f"| operation (median us, {runtime}) | {' | '.join(names)} |")
    print(f"|---|{'|'.join('---:' for _ in names)}|")
    for op in results[base]:
        cells = [f"{results[n][op]:.1f}" + ("" if n == base else f" ({results[n][op] / results[base][op]:.2f}x)")
                 for n in names]
        print(f"| {op} | {' | '.join(cells)} |")
    print(f"\n| wasmtime-py per call, do-nothing component (median us) | {' | '.join(glue)} |")
    print(f"|---|{'|'.join('---:' for _ in glue)}|")
    for call in next(iter(glue.values())):
        print(f"| {call} | {' | '.join(f'{g[call]:.1f}' for g in glue.values())} |")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"runtime": runtime, "samples": a.samples, "ops": OPS, "results": results, "glue": glue},
                      f, indent=2)


if __name__ == "__main__":
    main()
