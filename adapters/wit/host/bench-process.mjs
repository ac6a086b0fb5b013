#!/usr/bin/env node
// Whole-process time of one demo run: a host runner (run.py on wasmtime, run.mjs on Node)
// started as a new process that links the demo tenant, the engine and the mnemonic
// provider, signs one message and publishes it to the native CLI's local registry
// (loopback), then exits. Measured from spawn to exit, median and p90 of N runs, after one
// unmeasured run (which fills the compile caches). Runners:
//   run.py                  wasmtime, precompiled components (wasmtime_host/precompiled.py)
//   run.py, no precompiled  wasmtime, ISOLATED_CRYPTO_PRECOMPILED='' (wasmtime's disk cache only)
//   run.mjs                 Node, jco
//
//   node bench-process.mjs [--runs N] [--engine E.wasm] [--json OUT]
import { parseArgs } from 'node:util';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const built = path.join(repo, 'build', 'wasm', 'components');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    engine: { type: 'string', default: path.join(built, 'isolated-crypto-engine.wasm') },
    json: { type: 'string' },
  },
});
const runs = Number(args.runs);
const cli = path.join(repo, 'build', 'native', 'examples', 'cli', 'isolated-crypto');
const MNEMONIC = 'test test test test test test test test test test test junk';

/** Starts the local registry; resolves to { base, stop }. */
function startRegistry() {
  const child = spawn(cli, ['registry', '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    child.on('error', (e) => reject(new Error(`cannot start ${cli} (build the native preset): ${e.message}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      const m = /^registry: listening on (\S+)/.exec(line);
      if (!m) return reject(new Error(`unexpected registry output: ${line}`));
      resolve({ base: m[1].replace(/\/$/, ''), stop: () => child.kill() });
    });
  });
}

function runnerArgs(base, message) {
  return ['--tenant', path.join(built, 'isolated-crypto-demo.wasm'), '--engine', args.engine,
    '--provider', path.join(built, 'mnemonic-provider-env.wasm'), '--provider-env', 'MNEMONIC',
    '--tenant-env', `ETHERSCAN_BASE_URL=${base}`, '--input', message];
}

/** ms from spawn to exit of one run (synchronous: nothing else runs in this process meanwhile). */
function once(cmd, argv, env, i) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], [...cmd.slice(1), ...argv(`bench-process run ${i}`)], { env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 || !r.stdout.trim()) throw new Error(`${cmd.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

const registry = await startRegistry();
const python = path.join(repo, 'build', 'tools', 'bin', 'python');
const env = { ...process.env, MNEMONIC };
const runners = [
  { name: 'run.py (wasmtime, precompiled components)', cmd: [python, path.join(here, 'run.py')], env },
  { name: 'run.py (wasmtime, no precompiled components)', cmd: [python, path.join(here, 'run.py')],
    env: { ...env, ISOLATED_CRYPTO_PRECOMPILED: '' } },
  { name: 'run.mjs (Node, jco)', cmd: [process.execPath, path.join(here, 'run.mjs')], env },
];
const results = {};
try {
  for (const r of runners) {
    const argv = (message) => runnerArgs(registry.base, message);
    once(r.cmd, argv, r.env, 'warm-up');
    const t = [];
    for (let i = 0; i < runs; i++) t.push(once(r.cmd, argv, r.env, i));
    t.sort((a, b) => a - b);
    results[r.name] = { median_ms: t[Math.floor(t.length / 2)], p90_ms: t[Math.min(t.length - 1, Math.floor(t.length * 0.9))], runs };
  }
} finally {
  registry.stop();
}
console.log(`| one demo run, whole process (${runs} runs) | median ms | p90 ms |`);
console.log('|---|---:|---:|');
for (const [name, r] of Object.entries(results)) console.log(`| ${name} | ${r.median_ms.toFixed(0)} | ${r.p90_ms.toFixed(0)} |`);
if (args.json) await writeFile(args.json, JSON.stringify({ runs, results }, null, 2));
