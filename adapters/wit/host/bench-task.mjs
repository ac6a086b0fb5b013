#!/usr/bin/env node
// The figure operators pay for: one signing task with fresh instances, as an AVS runtime
// runs it. Per task: instantiate the engine and the mnemonic provider (each with its own
// WASI environment), get-mnemonic, to-seed, m/44'/60'/0'/0/0, sign(keccak256). Components
// are compiled once (as a runtime caches compiled code); instances never outlive a task.
//
//   node bench-task.mjs [--engine E.wasm --provider P.wasm]... [--tasks N] [--json OUT]
//
// --engine/--provider pairs are repeatable (the i-th provider goes with the i-th engine;
// one provider may serve every engine). Prints tasks/s, p50/p99 latency, the instantiation
// alone, and the memory per live instance set (engine + provider; memoryPerSet below).
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadComponent, instantiateWith, exportedInterfaces } from './lib/components.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const built = path.resolve(here, '..', '..', '..', 'build', 'wasm', 'components');
const { values: args } = parseArgs({
  options: {
    engine: { type: 'string', multiple: true, default: [] },
    provider: { type: 'string', multiple: true, default: [] },
    tasks: { type: 'string', default: '200' },
    json: { type: 'string' },
  },
});
const engines = args.engine.length ? args.engine : [path.join(built, 'isolated-crypto-engine.wasm')];
const providers = args.provider.length ? args.provider : [path.join(built, 'mnemonic-provider-env.wasm')];
const tasks = Number(args.tasks);
const MNEMONIC = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote';
const H = 0x80000000;
const PATH = [44 + H, 60 + H, H, 0, 0];
const message = new TextEncoder().encode('task input');

const iface = (inst, name) => {
  for (const [k, v] of Object.entries(inst)) if (k.startsWith(`mrnerdhair:isolated-crypto/${name}@`)) return v;
  throw new Error(`no export ${name}`);
};

/** Fresh engine + provider instances, linked by interface name. */
async function instantiatePair(engineC, providerC) {
  const engine = await instantiateWith(engineC, { env: {} });
  const provided = exportedInterfaces(engine);
  const provider = await instantiateWith(providerC, { env: { MNEMONIC }, provided });
  return { engine, provider };
}

async function task(engineC, providerC) {
  const { engine, provider } = await instantiatePair(engineC, providerC);
  const m = iface(provider, 'mnemonic-provider').getMnemonic();
  let node = m.toSeed('').toMasterKey(undefined);
  for (const i of PATH) node = node.derive(i);
  return { sig: node.intoSecp256k1EcdsaKey().sign('keccak256', message, undefined), engine, provider };
}

/** A full garbage collection (node --expose-gc, or the flag set at run time). */
const gc = globalThis.gc ?? (() => { v8.setFlagsFromString('--expose-gc'); return vm.runInNewContext('gc'); })();

/**
 * Memory per live instance set (engine + provider, each after one task): K = 40 sets kept
 * alive, full GCs before and after so garbage of earlier tasks neither inflates nor (freed
 * during the measurement) cancels the growth. Returns { rss, heapExternal } in bytes per set:
 * resident memory (linear memories are committed as touched) and V8's own accounting (JS
 * heap + external memory, which holds the wasm memories' backing stores).
 */
async function memoryPerSet(engineC, providerC, K = 40) {
  const usage = () => { gc(); gc(); return process.memoryUsage(); };
  const before = usage();
  const alive = [];
  for (let i = 0; i < K; i++) alive.push(await task(engineC, providerC));
  const after = usage();
  if (alive.length !== K) throw new Error('unreachable');  // keeps `alive` live up to here
  return {
    rss: (after.rss - before.rss) / K,
    heapExternal: (after.heapUsed + after.external - before.heapUsed - before.external) / K,
  };
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const results = {};
for (let k = 0; k < engines.length; k++) {
  const engineC = await loadComponent(engines[k]);
  const providerC = await loadComponent(providers[Math.min(k, providers.length - 1)]);
  for (let i = 0; i < 5; i++) await task(engineC, providerC);  // warm-up: compile tiers
  const lat = [];
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < tasks; i++) {
    const s = process.hrtime.bigint();
    await task(engineC, providerC);
    lat.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const inst = [];
  for (let i = 0; i < Math.max(20, tasks / 4); i++) {
    const s = process.hrtime.bigint();
    await instantiatePair(engineC, providerC);
    inst.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const memory = await memoryPerSet(engineC, providerC);
  lat.sort((a, b) => a - b);
  inst.sort((a, b) => a - b);
  const label = `${path.basename(engines[k], '.wasm')} (${path.relative(process.cwd(), engines[k])})`;
  results[label] = {
    tasks_per_s: tasks / wall,
    p50_ms: quantile(lat, 0.5),
    p99_ms: quantile(lat, 0.99),
    instantiate_p50_ms: quantile(inst, 0.5),
    memory_per_instance_set_bytes: memory.rss,
    heap_external_per_instance_set_bytes: memory.heapExternal,
  };
}

console.log(`| signing task, fresh instances (Node ${process.version}, ${tasks} tasks) | tasks/s | p50 ms | p99 ms | instantiate p50 ms | RSS per live instance set (KiB) | heap + external per set (KiB) |`);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const [name, r] of Object.entries(results)) {
  console.log(`| ${name} | ${r.tasks_per_s.toFixed(1)} | ${r.p50_ms.toFixed(2)} | ${r.p99_ms.toFixed(2)} | ${r.instantiate_p50_ms.toFixed(2)} | ${(r.memory_per_instance_set_bytes / 1024).toFixed(0)} | ${(r.heap_external_per_instance_set_bytes / 1024).toFixed(0)} |`);
}
if (args.json) await writeFile(args.json, JSON.stringify({ runtime: `Node ${process.version}, jco`, tasks, results }, null, 2));
