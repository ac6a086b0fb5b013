// node --test adapters/wit/tests/abi/signatures.test.mjs
//
// Builds engine_exports.cpp (world engine) and demo_imports.cpp (world demo)
// with clang (or takes prebuilt modules from $ABI_WASM_DIR), then checks that
// their core imports/exports equal those of jco's dummy module for the same
// world, and that `jco new` turns them into components.
// Env: WASM_CXX (default clang++-19), JCO_NODE_MODULES (see jco.mjs).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

import { classicNames, compare, interfaceNames } from './compare.mjs';
import { loadJco, witRoot } from './jco.mjs';
import { coreSignatures } from './wasm_sigs.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const include = resolve(here, '..', '..', 'include');
const jco = await loadJco();
execFileSync(process.execPath, [join(witRoot, 'sync-wasi-deps.mjs')], { stdio: 'inherit' });

function build(name) {
  if (process.env.ABI_WASM_DIR) return readFileSync(join(process.env.ABI_WASM_DIR, `${name}.wasm`));
  const out = join(mkdtempSync(join(tmpdir(), 'wit-abi-')), `${name}.wasm`);
  execFileSync(process.env.WASM_CXX ?? 'clang++-19', [
    '--target=wasm32-wasi', '-std=c++20', '-O2', '-fno-exceptions', '-fno-rtti', '-fvisibility=hidden',
    '-mexec-model=reactor', '-Wl,--gc-sections', '-Wall', '-Wextra', '-Werror', `-I${include}`,
    join(here, `${name}.cpp`), '-o', out,
  ], { stdio: 'inherit' });
  return readFileSync(out);
}

async function dummyFor(witDir, world) {
  const core = await jco.componentEmbed({ witPath: witDir, world, dummy: true });
  const wit = await jco.componentWit(await jco.componentNew(core));
  return classicNames(coreSignatures(core), interfaceNames(wit));
}

async function check(t, binary, witDir, world, opts) {
  const ours = coreSignatures(binary);
  const { compared, mismatches } = compare(ours, await dummyFor(witDir, world), opts);
  t.diagnostic(`${world}: ${compared} functions compared, ${mismatches.length} mismatches`);
  for (const m of mismatches) t.diagnostic(m);
  return { compared, mismatches };
}

const engineDir = join(witRoot, 'isolated-crypto');
const demoDir = join(witRoot, 'demo');
const engine = build('engine_exports');
const demo = build('demo_imports');

const http = 'wasi:http/types@0.2.0';
const demoRequired = [
  'wasi:http/outgoing-handler@0.2.0 :: handle',
  ...['[constructor]fields', '[method]fields.append', '[constructor]outgoing-request', '[method]outgoing-request.set-method',
    '[method]outgoing-request.set-scheme', '[method]outgoing-request.set-authority', '[method]outgoing-request.set-path-with-query',
    '[method]outgoing-request.body', '[method]outgoing-body.write', '[static]outgoing-body.finish',
    '[method]future-incoming-response.subscribe', '[method]future-incoming-response.get', '[method]incoming-response.status',
    '[method]incoming-response.consume', '[method]incoming-response.headers', '[method]incoming-body.stream',
    ...['fields', 'outgoing-request', 'outgoing-body', 'future-incoming-response', 'incoming-response', 'incoming-body',
      'request-options'].map((r) => `[resource-drop]${r}`)].map((n) => `${http} :: ${n}`),
  'wasi:io/poll@0.2.0 :: [method]pollable.block',
  'wasi:io/poll@0.2.0 :: [resource-drop]pollable',
  'wasi:io/streams@0.2.0 :: [method]output-stream.blocking-write-and-flush',
  'wasi:io/streams@0.2.0 :: [method]input-stream.blocking-read',
  'wasi:io/streams@0.2.0 :: [resource-drop]input-stream',
  'wasi:io/streams@0.2.0 :: [resource-drop]output-stream',
  'wasi:io/error@0.2.0 :: [resource-drop]error',
  'mrnerdhair:isolated-crypto/mnemonic-provider@0.14.0 :: get-mnemonic',
  ...['[method]ecdsa-key.get-public-key', '[method]ecdsa-key.sign', '[method]ecdsa-key.sign-raw', '[resource-drop]ecdsa-key']
    .map((n) => `mrnerdhair:isolated-crypto/secp256k1@0.14.0 :: ${n}`),
  ...['[method]seed.to-master-key', '[method]node.get-public-key', '[method]node.get-chain-code', '[method]node.derive',
    '[method]node.clone', '[method]node.into-secp256k1-ecdsa-key', '[resource-drop]seed', '[resource-drop]node']
    .map((n) => `mrnerdhair:isolated-crypto/bip32@0.14.0 :: ${n}`),
  ...['[static]mnemonic.new', '[method]mnemonic.to-seed', '[resource-drop]mnemonic']
    .map((n) => `mrnerdhair:isolated-crypto/bip39@0.14.0 :: ${n}`),
];

test(`engine: core signatures equal jco ${jco.version} dummy module`, async (t) => {
  const r = await check(t, engine, engineDir, 'engine');
  assert.deepEqual(r.mismatches, []);
  assert.ok(r.compared >= 25, `only ${r.compared} functions compared`);
});

test(`demo: core signatures equal jco ${jco.version} dummy module`, async (t) => {
  const r = await check(t, demo, demoDir, 'demo', { requiredImports: demoRequired });
  assert.deepEqual(r.mismatches, []);
  assert.ok(r.compared >= demoRequired.length + 3, `only ${r.compared} functions compared`);
});

for (const [name, binary, dir, world] of [['engine', engine, engineDir, 'engine'], ['demo', demo, demoDir, 'demo']]) {
  test(`${name}: jco new accepts the module for world ${world}`, async () => {
    const embedded = await jco.componentEmbed({ binary, witPath: dir, world });
    const component = await jco.componentNew(embedded, [['wasi_snapshot_preview1', jco.reactorAdapter]]);
    assert.ok(component.length > 0);
  });
}

test('the comparison reports every mismatch', async (t) => {
  // The engine module against another world: nothing of it may pass.
  const wrong = await check(t, engine, engineDir, 'mnemonic-provider-world');
  assert.ok(wrong.mismatches.length >= 15, `expected many mismatches, got ${wrong.mismatches.length}`);
  // One altered type and one missing export are both reported.
  const ours = coreSignatures(engine);
  const dummy = await dummyFor(engineDir, 'engine');
  const derive = 'mrnerdhair:isolated-crypto/bip32@0.14.0#[method]node.derive';
  const altered = { imports: ours.imports, exports: ours.exports.filter((e) => !e.name.startsWith('cabi_post_')).map((e) => (e.name === derive ? { ...e, type: '(i32 i64) -> (i32)' } : e)) };
  const r = compare(altered, dummy);
  assert.ok(r.mismatches.some((m) => m.startsWith(`export ${derive}:`)));
  assert.ok(r.mismatches.some((m) => m.startsWith(`export missing: cabi_post_${derive}`)));
});
