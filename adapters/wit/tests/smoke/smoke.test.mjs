// Smoke test of the wasm toolchain: transpile build/wasm/components/smoke.wasm with jco and
// call it from Node. Run from the repository root after the wasm build:
//   node --test adapters/wit/tests/smoke/
// ISOLATED_CRYPTO_COMPONENTS overrides the components folder.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, mkdir, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const witRoot = path.resolve(here, '..', '..');
const hostDir = path.join(witRoot, 'host');
const componentsDir = process.env.ISOLATED_CRYPTO_COMPONENTS
  ?? path.resolve(witRoot, '..', '..', 'build', 'wasm', 'components');

const hex = (bytes) => Buffer.from(bytes).toString('hex');

let smoke;
let tmp;

before(async () => {
  // jco and preview2-shim as pinned in adapters/wit/host (installed by the wasm build).
  const hostRequire = createRequire(path.join(hostDir, 'package.json'));
  const { transpile } = await import(pathToFileURL(hostRequire.resolve('@bytecodealliance/jco')).href);
  const component = await readFile(path.join(componentsDir, 'smoke.wasm'));
  const { files } = await transpile(component, { name: 'smoke' });
  tmp = await mkdtemp(path.join(os.tmpdir(), 'isolated-crypto-smoke-'));
  for (const [name, bytes] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(tmp, name)), { recursive: true });
    await writeFile(path.join(tmp, name), bytes);
  }
  // Transpiled output is ESM and imports @bytecodealliance/preview2-shim.
  await writeFile(path.join(tmp, 'package.json'), '{"type":"module"}\n');
  await symlink(path.join(hostDir, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
  smoke = await import(pathToFileURL(path.join(tmp, 'smoke.js')).href);
});

after(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

test('smoke: Keccak-256 of the empty string (Crypto++)', () => {
  assert.equal(hex(smoke.hash(new Uint8Array())),
    'c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470');
});

test('smoke: Keccak-256 of "abc" (Crypto++)', () => {
  assert.equal(hex(smoke.hash(new TextEncoder().encode('abc'))),
    '4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45');
});

test('smoke: public key of secret key 1 is the generator G (libsecp256k1)', () => {
  const seckey = new Uint8Array(32);
  seckey[31] = 1;
  assert.equal(hex(smoke.pubkey(seckey)),
    '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
});

test('smoke: Crypto++ ECP agrees with libsecp256k1', () => {
  const one = new Uint8Array(32);
  one[31] = 1;
  assert.equal(hex(smoke.ecpPubkey(one)),
    '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');
  const key = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 0xff);
  assert.equal(hex(smoke.ecpPubkey(key)), hex(smoke.pubkey(key)));
});

test('smoke: invalid secret keys give an empty list', () => {
  for (const fn of [smoke.pubkey, smoke.ecpPubkey]) {
    assert.equal(fn(new Uint8Array(32)).length, 0);  // zero key
    assert.equal(fn(new Uint8Array(31)).length, 0);  // wrong length
    assert.equal(fn(new Uint8Array(32).fill(0xff)).length, 0);  // >= n
  }
});
