#!/usr/bin/env node
// to-seed beside its limit on jco: build/wasm/bench/sha512-limit.wasm (bench/wasm/sha512_limit.cpp)
// runs 4,096 chained SHA-512 compressions with the engine's own compression and compiler flags,
// i.e. BIP39's PBKDF2 without HMAC, NFKD or the component boundary. Both are timed in this
// process, alternately (one limit run, one to-seed call), so both see the same load.
// The wasmtime counterpart (and wasm instruction counts): host/py/bench_sha512_limit.py.
//   node bench-sha512-limit.mjs [--engine E.wasm] [--limit L.wasm] [--samples N] [--json OUT]
import { parseArgs } from 'node:util';
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadComponent, instantiateWith } from './lib/components.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const build = path.resolve(here, '..', '..', '..', 'build', 'wasm');
const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', default: path.join(build, 'components', 'isolated-crypto-engine.wasm') },
    limit: { type: 'string', default: path.join(build, 'bench', 'sha512-limit.wasm') },
    samples: { type: 'string', default: '200' },
    json: { type: 'string' },
  },
});
const samples = Number(args.samples);
const MNEMONIC = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote';
const COMPRESSIONS = 4096;  // PBKDF2 × 2048: one inner and one outer compression per iteration

// The limit module imports nothing (a build that imports something fails to instantiate here).
const { instance } = await WebAssembly.instantiate(await readFile(args.limit), {});
instance.exports._initialize?.();
const limit = () => instance.exports.run(COMPRESSIONS);

const engine = await instantiateWith(await loadComponent(args.engine), { env: {} });
const { Mnemonic } = engine['mrnerdhair:isolated-crypto/bip39@0.14.0'];
const mnemonic = Mnemonic.new(MNEMONIC);
const toSeed = () => mnemonic.toSeed('');

const time = (fn) => {
  const s = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - s) / 1000;
};
for (let i = 0; i < Math.max(3, samples / 10); i++) { limit(); toSeed(); }
const t = { limit: [], toSeed: [] };
for (let i = 0; i < samples; i++) {
  t.limit.push(time(limit));
  t.toSeed.push(time(toSeed));
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = { runtime: 'jco', samples, compressions: COMPRESSIONS, engine: path.basename(args.engine),
  node: process.version, to_seed_us: median(t.toSeed), limit_us: median(t.limit) };
console.log(`jco: to-seed ${out.to_seed_us.toFixed(0)} µs, limit (${COMPRESSIONS} compressions, same wasm build) `
  + `${out.limit_us.toFixed(0)} µs, ratio ${(out.to_seed_us / out.limit_us).toFixed(2)}`);
if (args.json) await writeFile(args.json, JSON.stringify(out, null, 1));
