// node --test adapters/wit/tests/guard/rate_state.test.mjs
//
// The hosts' rate counter (host/lib/guard.mjs, host/py/wasmtime_host/guard.py) shared through
// one --rate-state file by concurrent host processes, Node and Python mixed: every signature
// a process was allowed is recorded exactly once, and no more than the window's max are
// allowed (check and record are one step under the state file's lock).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import * as L from '../components/lib.mjs';

const hostDir = path.join(L.witRoot, 'host');
const python = path.join(L.repoRoot, 'build', 'tools', 'bin', 'python');
const noPython = existsSync(python) ? false : `no Python host interpreter (${python}): scripts/setup-wasm-tools.sh`;

/** A host process recording `tries` signatures of tenant "t"; resolves to how many it was allowed. */
function worker(kind, stateFile, tries, windowMax) {
  const args = kind === 'node'
    ? [process.execPath, ['--input-type=module', '-e', `
        const { RateCounter } = await import(${JSON.stringify(pathToFileURL(path.join(hostDir, 'lib', 'guard.mjs')).href)});
        const rate = new RateCounter(${JSON.stringify(stateFile)});
        let allowed = 0;
        for (let i = 0; i < ${tries}; i++) if (rate.record('t', 3600, ${windowMax}) <= ${windowMax}) allowed++;
        console.log(allowed);`]]
    : [python, ['-c', `
import sys
sys.path.insert(0, ${JSON.stringify(path.join(hostDir, 'py'))})
from wasmtime_host.guard import RateCounter
rate = RateCounter(${JSON.stringify(stateFile)})
print(sum(1 for _ in range(${tries}) if rate.record("t", 3600, ${windowMax}) <= ${windowMax}))`]];
  return new Promise((resolve, reject) => {
    const p = spawn(args[0], args[1], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`${kind} worker: exit ${code}: ${err}`))));
  });
}

test('rate state shared by concurrent Node and Python hosts: each allowed signature counted once, never above max', { skip: noPython }, async () => {
  const stateFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'rate-state-')), 'rate.json');
  const tries = 60;
  const windowMax = 150;  // below the 4 × 60 tries: the last places are contended
  const allowed = await Promise.all(['node', 'python', 'node', 'python'].map((k) => worker(k, stateFile, tries, windowMax)));
  const recorded = JSON.parse(readFileSync(stateFile, 'utf8')).t.length;
  const total = allowed.reduce((a, b) => a + b, 0);
  console.log(`rate state: 4 processes, ${4 * tries} tries, ${total} allowed, ${recorded} recorded (max ${windowMax})`);
  assert.equal(recorded, total, 'every allowed signature recorded once');
  assert.equal(total, windowMax, 'exactly the window\'s max allowed');
  assert.ok(!existsSync(`${stateFile}.lock`), 'lock released');
});
