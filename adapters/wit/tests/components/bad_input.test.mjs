// Bad input to the engine component: invalid mnemonics are err(string) without any word
// of the input; a u256be of the wrong length traps (the host sees a WebAssembly.RuntimeError,
// the instance is poisoned, a fresh instance works); a dropped handle cannot be used.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as L from './lib.mjs';

const ZOO = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote';
const ZOO_KEY = '02bd51e5b1a6e8271e1f87d2464b856790800c6c5fd38acdf1cee73857735fc8a4';
let engine;

before(async () => {
  engine = await L.load('isolated-crypto-engine');
});

function key(api) {
  let n = api.bip39.Mnemonic.new(ZOO).toSeed('').toMasterKey(undefined);
  for (const i of L.pathIndices("m/44'/60'/0'/0/0")) n = n.derive(i);
  return n.intoSecp256k1EcdsaKey();
}

const invalid = [
  ['empty', ''],
  ['only spaces', '   '],
  ['11 words', 'abandon '.repeat(10) + 'about'],
  ['13 words', 'abandon '.repeat(12) + 'about'],
  ['unknown word at 5', 'abandon abandon abandon abandon qwertyuiop abandon abandon abandon abandon abandon abandon about'],
  ['unknown word (case)', 'Abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'],
  ['bad checksum', 'abandon '.repeat(11) + 'abandon'],
  ['bad checksum 24', 'zoo '.repeat(23) + 'zoo'],
  ['mixed languages', 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon あいこくしん'],
  ['word prefix', 'aband aband aband aband aband aband aband aband aband aband aband about'],
];

for (const [name, phrase] of invalid) {
  test(`invalid mnemonic (${name}) → err(message) naming no word`, async () => {
    const api = await L.engineApi(engine);
    let message;
    assert.throws(() => api.bip39.Mnemonic.new(phrase), (e) => {
      message = e.payload;
      return typeof message === 'string' && message.length > 0;
    });
    const words = phrase.normalize('NFKD').split(/\s+/).filter((w) => w.length > 0);
    for (const w of words) assert.ok(!message.toLowerCase().includes(w.toLowerCase()), `"${message}" contains "${w}"`);
    console.log(`mnemonic.new(${name}) → err("${message}")`);
    // The instance is not poisoned by an err result.
    assert.equal(L.point(key(api).getPublicKey()), ZOO_KEY);
  });
}

test('mnemonic.new with 8 MB of text → err("mnemonic text too long ..."), the instance still works', async () => {
  const api = await L.engineApi(engine);
  for (const phrase of ['a'.repeat(8 << 20), ' '.repeat(4097), `${ZOO} `.padEnd(4097, '\t')]) {
    let message;
    assert.throws(() => api.bip39.Mnemonic.new(phrase), (e) => {
      message = e.payload;
      return true;
    });
    assert.equal(message, 'mnemonic text too long (more than 4096 bytes)');
  }
  // The limit itself is accepted: ZOO padded with whitespace to exactly 4096 bytes.
  assert.equal(L.point(api.bip39.Mnemonic.new(`\t${ZOO}`.padEnd(4096, ' ')).toSeed('').toMasterKey(undefined)
    .getPublicKey()), '03115e0cb655e65c687cd435a03c73503da216a50176023d2537f54334534bad27');
  assert.equal(L.point(key(api).getPublicKey()), ZOO_KEY);
});

for (const len of [31, 33, 0]) {
  test(`sign-raw with a ${len}-byte digest traps; a fresh instance works`, async () => {
    const api = await L.engineApi(engine);
    const k = key(api);
    let trap;
    assert.throws(() => k.signRaw(new Uint8Array(len), undefined), (e) => {
      trap = e;
      return L.isTrap(e);
    });
    console.log(`sign-raw(${len} bytes): ${L.rt.describeTrap(trap)}`);
    // A trap poisons the instance.
    assert.throws(() => k.getPublicKey(), L.isTrap);
    const fresh = await L.engineApi(engine);
    const [sig] = key(fresh).signRaw(L.unhex('1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8'), undefined);
    assert.equal(L.hex(sig.r), '6af4e701e9b3364a77f0f884ea458798cb6ffaf3e796cc2b565ae12cb6a9a1d4');
  });
}

test('a dropped handle cannot be used', async () => {
  const api = await L.engineApi(engine);
  const m = api.bip39.Mnemonic.new(ZOO);
  const node = m.toSeed('').toMasterKey(undefined);
  const k = node.intoSecp256k1EcdsaKey();
  const reports = [];
  for (const [name, handle, use] of [
    ['mnemonic', m, () => m.toSeed('')],
    ['node', node, () => node.getPublicKey()],
    ['ecdsa-key', k, () => k.signRaw(new Uint8Array(32), undefined)],
  ]) {
    handle[Symbol.dispose]();
    assert.throws(use, (e) => {
      reports.push(`${name}: ${e.constructor.name}: ${e.message}`);
      return e instanceof Error;
    });
  }
  console.log(`use after drop: ${reports.join('; ')}`);
  // Other handles and new ones still work (the host rejects the call before it enters the instance).
  assert.equal(L.point(key(api).getPublicKey()), ZOO_KEY);
});
