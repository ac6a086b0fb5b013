// node --test adapters/wit/tests/demo/
//
// End to end: the demo tenant (examples/demo) linked with the engine and the env mnemonic
// provider on the selected runtime (ISOLATED_CRYPTO_RUNTIME=jco|wasmtime, ../runtimes),
// submitting to the native CLI's local
// Etherscan-compatible registry; every published signature is checked independently with
// ethers and against the native CLI's `sign-message`.
//
// Env: ISOLATED_CRYPTO_COMPONENTS (default build/wasm/components), ISOLATED_CRYPTO_CLI
// (default build/native/examples/cli/isolated-crypto; the end-to-end tests are skipped,
// with a message, only when it is missing), CXX for the native unit test of demo_text.hpp.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { verifyMessage } from '../../host/node_modules/ethers/lib.esm/index.js';
import { rt } from '../runtimes/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..', '..', '..');
const components = process.env.ISOLATED_CRYPTO_COMPONENTS ?? path.join(root, 'build', 'wasm', 'components');
const cli = process.env.ISOLATED_CRYPTO_CLI ?? path.join(root, 'build', 'native', 'examples', 'cli', 'isolated-crypto');
const haveCli = existsSync(cli);
const skip = haveCli ? false : `native CLI not built (${cli}): cmake --preset native && cmake --build --preset native --target isolated-crypto`;

const MNEMONIC = Array(23).fill('zoo').join(' ') + ' vote';
const ADDRESS = '0x1959f5f4979c5Cd87D5CB75c678c770515cb5E0E';
const DEFAULT_MESSAGE = 'Example `personal_sign` message';
const MESSAGES = {
  default: DEFAULT_MESSAGE,
  empty: '',
  escapes: 'a "quoted" \\back\\slash\n',
  'non-ASCII': 'Grüße ☃ 日本',
  '100 KB': 'x'.repeat(100 * 1024 - 10) + '0123456789',
};

// ---- native unit test of the text helpers ---------------------------------------------------

test('demo_text.hpp: JSON escaping/reading, UTF-8, base URLs (native unit test)', (t) => {
  const cxx = process.env.CXX ?? 'c++';
  const exe = path.join(mkdtempSync(path.join(os.tmpdir(), 'demo-text-')), 'text_unit');
  try {
    execFileSync(cxx, ['-std=c++20', '-Wall', '-Wextra', '-Werror', `-I${path.join(root, 'examples', 'demo')}`,
      path.join(here, 'text_unit.cpp'), '-o', exe], { stdio: 'pipe' });
  } catch (e) {
    if (e.code === 'ENOENT') return t.skip(`no host C++ compiler (${cxx})`);
    throw new Error(`compiling text_unit.cpp failed:\n${e.stderr}`);
  }
  const out = execFileSync(exe, { encoding: 'utf8' });
  assert.match(out, /all checks passed/);
});

// ---- components -----------------------------------------------------------------------------

const load = (file) => rt.load(file);

let linked;  // { tenant, engine, provider }
let registry;  // { proc, base }

function startRegistry() {
  return new Promise((resolve, reject) => {
    // A separate process: the tenant's wasi:http call blocks Node's main thread.
    const proc = spawn(cli, ['registry', '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`registry did not start: ${out}${err}`)), 10000);
    proc.on('error', reject);
    proc.stderr.on('data', (d) => { err += d; });
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /registry: listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, base: m[1].replace(/\/$/, '') });
      }
    });
    proc.on('exit', (code) => reject(new Error(`registry exited (${code}): ${out}${err}`)));
  });
}

before(async () => {
  if (!haveCli) return;
  linked = {
    tenant: await load(path.join(components, 'isolated-crypto-demo.wasm')),
    engine: await load(path.join(components, 'isolated-crypto-engine.wasm')),
    provider: await load(path.join(components, 'mnemonic-provider-env.wasm')),
  };
  registry = await startRegistry();
});

after(() => {
  registry?.proc.kill('SIGTERM');
});

/**
 * runTask, with its result normalised to { ok, value | error }. jco returns the export's
 * `output` (a named result type) as { tag, val } instead of throwing for err, which
 * runTask passes through as ok: accept both forms.
 */
async function runDemo(request, base) {
  const r = await rt.runTask({
    tenant: linked.tenant,
    engine: linked.engine,
    providers: [linked.provider],
    providerEnv: { MNEMONIC },
    tenantEnv: { ETHERSCAN_BASE_URL: base },
    request: typeof request === 'string' ? new TextEncoder().encode(request) : request,
  });
  if (r.ok && r.value && typeof r.value === 'object' && 'tag' in r.value) {
    return r.value.tag === 'ok' ? { ok: true, value: r.value.val } : { ok: false, error: String(r.value.val) };
  }
  return r;
}

const entries = new Map();  // label → registry entry

for (const [label, message] of Object.entries(MESSAGES)) {
  test(`demo publishes a personal_sign signature that ethers verifies: ${label} message`, { skip }, async () => {
    const r = await runDemo(message, registry.base);
    assert.ok(r.ok, `run-task failed: ${r.error}`);
    const url = new TextDecoder().decode(r.value);
    assert.match(url, new RegExp(`^${registry.base.replace(/[.]/g, '\\.')}/verifySig/\\d+$`));
    const res = await fetch(`${url}?format=json`);
    assert.equal(res.status, 200);
    const entry = await res.json();
    assert.equal(entry.message, message);
    assert.equal(entry.address, ADDRESS);
    assert.match(entry.signature, /^0x[0-9a-f]{130}$/);
    assert.equal(verifyMessage(message, entry.signature), ADDRESS);
    entries.set(label, entry);
  });
}

test('the component signs as the native CLI does (sign-message, same mnemonic)', { skip }, () => {
  for (const label of ['default', 'escapes', 'non-ASCII']) {
    const entry = entries.get(label);
    assert.ok(entry, `no registry entry for the ${label} message (its test failed)`);
    const native = execFileSync(cli, ['sign-message', MESSAGES[label]], {
      env: { ...process.env, MNEMONIC },
      encoding: 'utf8',
    }).trim();
    assert.equal(native, entry.signature, label);
  }
});

test('invalid UTF-8 request: err', { skip }, async () => {
  const r = await runDemo(new Uint8Array([0x61, 0xff, 0xfe]), registry.base);
  assert.equal(r.ok, false);
  assert.match(r.error, /UTF-8/);
});

test('registry down: err naming the host and suggesting --local', { skip }, async () => {
  const r = await runDemo(DEFAULT_MESSAGE, 'http://127.0.0.1:1');
  assert.equal(r.ok, false);
  assert.match(r.error, /^cannot reach 127\.0\.0\.1: \S+/);
  assert.match(r.error, /--local/);
});

test('registry answering an error status: err with the status and an excerpt', { skip }, async () => {
  // /nowhere/verifiedSignatures.aspx/... is not an endpoint of the local registry.
  const r = await runDemo(DEFAULT_MESSAGE, `${registry.base}/nowhere`);
  assert.equal(r.ok, false);
  assert.match(r.error, /^registry answered HTTP [45]\d\d: /);
});
