#!/usr/bin/env node
// Component benchmark: median µs per WIT operation through the component boundary, for the
// engine component and any other engine given with --engine, beside @scure/@noble and
// ethers in the same process. --guard G.wasm adds a column: the guard component over the first
// engine (policy --guard-policy FILE, default tests/guard/policies/allow-all.json; audit lines
// written to the null device as an operator's log is written: queued, one write per task,
// here once a loop has run), i.e. the guard's overhead per operation. Last, what a call costs
// in jco's glue alone (nop-component.wat, whose exports do nothing) and the engine's cheapest call.
//   node bench.mjs [--engine PATH]... [--guard G.wasm [--guard-policy FILE]] [--samples N] [--json OUT]
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import path from 'node:path';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { loadComponent, instantiateWith } from './lib/components.mjs';
import { link } from './lib/runtime.mjs';
import { AuditLog, RateCounter } from './lib/guard.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const req = createRequire(path.join(here, 'package.json'));
const imp = async (n) => import(pathToFileURL(req.resolve(n)).href);

const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', multiple: true, default: [] },
    samples: { type: 'string', default: '200' },
    guard: { type: 'string' },
    'guard-policy': { type: 'string', default: path.join(repo, 'adapters', 'wit', 'tests', 'guard', 'policies', 'allow-all.json') },
    json: { type: 'string' },
  },
});
const samples = Number(args.samples);
const engines = args.engine.length ? args.engine
  : [path.join(repo, 'build', 'wasm', 'components', 'isolated-crypto-engine.wasm')];

const MNEMONIC = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote';
const H = 0x80000000;
const digest = new Uint8Array(32).fill(0x5a);
const message = new TextEncoder().encode('Example `personal_sign` message');

/** Median µs of fn over `n` runs (after a warm-up of n/10). */
function median(fn, n = samples) {
  for (let i = 0; i < Math.max(3, n / 10); i++) fn(i);
  const t = [];
  for (let i = 0; i < n; i++) {
    const s = process.hrtime.bigint();
    fn(i);
    t.push(Number(process.hrtime.bigint() - s) / 1000);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

const ops = ['mnemonic.new + to-seed', 'to-master-key', 'derive (hardened)', 'get-public-key', 'sign-raw', 'sign (keccak256)',
  'mnemonic.new', 'to-seed'];
const results = {};

/** The engine interfaces of `file`, or of the guard over it ({ guard: true }). */
async function engineInstance(file, { guard = false } = {}) {
  if (!guard) return instantiateWith(await loadComponent(file), { env: {} });
  const g = { component: args.guard, policy: readFileSync(args['guard-policy'], 'utf8'), tenantName: 'bench',
    audit: new AuditLog(os.devNull), rate: new RateCounter() };
  return (await link({ engine: file, guard: g })).instances.guard;
}

const columns = engines.map((file) => ({ file, name: path.basename(file, '.wasm') }));
if (args.guard) columns.push({ file: engines[0], name: `guard over ${path.basename(engines[0], '.wasm')}`, guard: true });
for (const { file, name, guard } of columns) {
  const inst = await engineInstance(file, { guard });
  const I = (n) => inst[`mrnerdhair:isolated-crypto/${n}@0.14.0`];
  const { Mnemonic } = I('bip39');
  const seed = Mnemonic.new(MNEMONIC).toSeed('');
  const master = seed.toMasterKey(undefined);
  const key = master.derive(44 + H).intoSecp256k1EcdsaKey();
  const r = {};
  r[ops[0]] = median(() => Mnemonic.new(MNEMONIC).toSeed(''), Math.max(20, samples / 10));
  r[ops[1]] = median(() => seed.toMasterKey(undefined));
  r[ops[2]] = median((i) => master.derive((i % 1000) + H));
  r[ops[3]] = median((i) => master.derive(i % 1000).getPublicKey());
  r[ops[4]] = median((i) => { digest[0] = i & 255; return key.signRaw(digest, undefined); });
  r[ops[5]] = median(() => key.sign('keccak256', message, 7));
  r[ops[6]] = median(() => Mnemonic.new(MNEMONIC)[Symbol.dispose]?.());  // 24 words: the longest lookup
  const m = Mnemonic.new(MNEMONIC);
  r[ops[7]] = median(() => m.toSeed(''), Math.max(20, samples / 10));
  // get-public-key alone: derive cost measured separately, subtract it.
  r[ops[3]] = Math.max(0, r[ops[3]] - median((i) => master.derive(i % 1000)));
  results[name] = r;
}

{
  const { HDKey } = await imp('@scure/bip32');
  const bip39 = await imp('@scure/bip39');
  const { secp256k1 } = await imp('@noble/curves/secp256k1.js');
  const { keccak_256 } = await imp('@noble/hashes/sha3.js');
  const seed = bip39.mnemonicToSeedSync(MNEMONIC, '');
  const master = HDKey.fromMasterSeed(seed);
  const child = master.deriveChild(44 + H);
  const sk = child.privateKey;
  const r = {};
  r[ops[0]] = median(() => bip39.mnemonicToSeedSync(MNEMONIC, ''), Math.max(20, samples / 10));
  r[ops[1]] = median(() => HDKey.fromMasterSeed(seed));
  r[ops[2]] = median((i) => master.deriveChild((i % 1000) + H));
  r[ops[3]] = median(() => secp256k1.getPublicKey(sk, true));
  r[ops[4]] = median((i) => { digest[0] = i & 255; return secp256k1.sign(digest, sk, { prehash: false, format: 'recovered' }); });
  r[ops[5]] = median(() => secp256k1.sign(keccak_256(message), sk, { prehash: false, format: 'recovered', extraEntropy: new Uint8Array([0, 0, 0, 7]) }));
  const { wordlist } = await imp('@scure/bip39/wordlists/english.js');
  r[ops[6]] = median(() => bip39.validateMnemonic(MNEMONIC, wordlist));
  r[ops[7]] = median(() => bip39.mnemonicToSeedSync(MNEMONIC, ''), Math.max(20, samples / 10));
  results['scure/noble'] = r;
}

{
  const { ethers } = await imp('ethers');
  const r = {};
  r[ops[0]] = median(() => ethers.Mnemonic.fromPhrase(MNEMONIC).computeSeed(), Math.max(20, samples / 10));
  const seed = ethers.Mnemonic.fromPhrase(MNEMONIC).computeSeed();
  r[ops[1]] = median(() => ethers.HDNodeWallet.fromSeed(seed));
  const master = ethers.HDNodeWallet.fromSeed(seed);
  r[ops[2]] = median((i) => master.deriveChild((i % 1000) + H));
  const sk = master.deriveChild(44 + H).privateKey;
  r[ops[3]] = median(() => ethers.SigningKey.computePublicKey(sk, true));
  const signer = new ethers.SigningKey(sk);
  r[ops[4]] = median((i) => { digest[0] = i & 255; return signer.sign(digest); });
  r[ops[5]] = median(() => signer.sign(ethers.keccak256(message)));
  r[ops[6]] = median(() => ethers.Mnemonic.fromPhrase(MNEMONIC));
  const phrase = ethers.Mnemonic.fromPhrase(MNEMONIC);
  r[ops[7]] = median(() => phrase.computeSeed(), Math.max(20, samples / 10));
  results.ethers = r;
}

/**
 * The guard's overhead per operation, measured interleaved (engine call, guard call, engine
 * call, ...) so both see the same machine load: { op: { engine, guard, overhead } } (µs, ratio − 1).
 */
async function guardOverhead() {
  const sides = {};
  for (const [side, guard] of [['engine', false], ['guard', true]]) {
    const inst = await engineInstance(engines[0], { guard });
    const I = (n) => inst[`mrnerdhair:isolated-crypto/${n}@0.14.0`];
    const master = I('bip39').Mnemonic.new(MNEMONIC).toSeed('').toMasterKey(undefined);
    const key = master.derive(44 + H).intoSecp256k1EcdsaKey();
    const d = new Uint8Array(32).fill(0x5a);
    sides[side] = {
      sign: () => key.sign('keccak256', message, 7),
      'sign-raw': (i) => { d[0] = i & 255; return key.signRaw(d, undefined); },
      derive: (i) => master.derive((i % 1000) + H)[Symbol.dispose](),
    };
  }
  const out = {};
  for (const op of Object.keys(sides.engine)) {
    const t = { engine: [], guard: [] };
    for (let i = 0; i < samples + samples / 10; i++) {
      for (const side of ['engine', 'guard']) {
        const s = process.hrtime.bigint();
        sides[side][op](i);
        if (i >= samples / 10) t[side].push(Number(process.hrtime.bigint() - s) / 1000);
      }
    }
    const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const engine = med(t.engine);
    const guard = med(t.guard);
    out[op] = { engine, guard, overhead: guard / engine - 1 };
  }
  return out;
}
const overhead = args.guard ? await guardOverhead() : null;

/**
 * What a call costs in jco's glue alone: median µs of the exports of nop-component.wat (they do
 * nothing; py/bench_ops.py measures the same component on wasmtime).
 */
async function glueCost() {
  const engineCall = await cheapestEngineCall();
  const { parse } = await imp('@bytecodealliance/jco');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ic-bench-'));
  const file = path.join(dir, 'nop-component.wasm');
  await writeFile(file, await parse(readFileSync(path.join(here, 'nop-component.wat'), 'utf8')));
  const c = await instantiateWith(await loadComponent(file), { env: {} });
  await rm(dir, { recursive: true });
  const data = new Uint8Array(32);
  const n = Math.max(samples, 2000);  // cheap calls: enough of them for the JIT's upper tiers
  for (let i = 0; i < n; i++) c.nop(), c.id(i), c.echo(data);  // warm-up of all three first
  return {
    'nop()': median(() => c.nop(), n),
    'id(u32) -> u32': median((i) => c.id(i), n),
    'echo(list<u8>, 32 bytes) -> list<u8>': median(() => c.echo(data), n),
    [CHEAPEST]: median(engineCall, n),
  };
}

/** The first engine's cheapest export: node.get-chain-code (32 bytes out, no crypto; the export
 * thunk still zeroes 16 KiB of dead stack, export.hpp). */
const CHEAPEST = 'engine: node.get-chain-code';
async function cheapestEngineCall() {
  const inst = await engineInstance(engines[0]);
  const master = inst['mrnerdhair:isolated-crypto/bip39@0.14.0'].Mnemonic.new(MNEMONIC).toSeed('').toMasterKey(undefined);
  return () => master.getChainCode();
}
const glue = await glueCost();

const names = Object.keys(results);
const base = names[0];
console.log(`| operation (median µs, Node ${process.version}) | ${names.join(' | ')} |`);
console.log(`|---|${names.map(() => '---:').join('|')}|`);
for (const op of ops) {
  const cells = names.map((n) => {
    const v = results[n][op];
    const ratio = n === base ? '' : ` (${(v / results[base][op]).toFixed(2)}×)`;
    return `${v.toFixed(1)}${ratio}`;
  });
  console.log(`| ${op} | ${cells.join(' | ')} |`);
}
if (overhead) {
  console.log(`\n| guard overhead (interleaved, median µs) | engine | guard over it | overhead |`);
  console.log('|---|---:|---:|---:|');
  for (const [op, o] of Object.entries(overhead)) {
    console.log(`| ${op} | ${o.engine.toFixed(1)} | ${o.guard.toFixed(1)} | ${(100 * o.overhead).toFixed(0)} % |`);
  }
}
console.log(`\n| jco per call, do-nothing component (median µs) | |\n|---|---:|`);
for (const [call, v] of Object.entries(glue)) console.log(`| ${call} | ${v.toFixed(2)} |`);
if (args.json) await writeFile(args.json, JSON.stringify({ node: process.version, samples, results, guard_overhead: overhead, glue }, null, 2));
