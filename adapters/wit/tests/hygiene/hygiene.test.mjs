// Memory hygiene of the engine component: after a full session (mnemonic through the
// mnemonic provider, to-seed(""), to-master-key, m/44'/60'/0'/0/0, sign) and after every
// handle is dropped, the engine's linear memory must hold none of the secrets.
//
// How the memory is reached: jco's instantiate(getCoreModule, imports, instantiateCore =
// WebAssembly.instantiate) keeps the core instances internal, but its default
// instantiateCore is read at call time, so this test wraps WebAssembly.instantiate for the
// duration of each component's instantiation and records every WebAssembly.Memory its
// core instances export (the main module's "memory"; the WASI adapter imports it).
//
// The secrets are computed independently with @scure/bip39 + @scure/bip32 and searched in
// several encodings: as is, fully byte-reversed (libsecp256k1 scalars, Crypto++ Integer
// limbs are little-endian), and byte-swapped per 32-bit and per 64-bit word (SHA-256/512
// message schedules); the mnemonic also XORed with the HMAC ipad/opad (PBKDF2 key). Each
// secret is also searched by its two halves (a partly overwritten copy).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as L from '../components/lib.mjs';

const ZOO = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote';
const PATH = "m/44'/60'/0'/0/0";
let engine, provider;

before(async () => {
  [engine, provider] = await Promise.all(['isolated-crypto-engine', 'mnemonic-provider-env'].map((n) => L.load(n)));
});

/** Instantiates with WebAssembly.instantiate wrapped; returns { instance, memories }. */
async function instantiateCapturing(component, opts) {
  const memories = [];
  const orig = WebAssembly.instantiate;
  WebAssembly.instantiate = async function (...args) {
    const r = await orig.apply(this, args);
    const inst = r instanceof WebAssembly.Instance ? r : r.instance;
    for (const [name, v] of Object.entries(inst.exports)) {
      if (v instanceof WebAssembly.Memory && !memories.some((m) => m.memory === v)) memories.push({ name, memory: v });
    }
    return r;
  };
  try {
    return { instance: await L.host.instantiateWith(component, opts), memories };
  } finally {
    WebAssembly.instantiate = orig;
  }
}

function swapWords(b, w) {
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i += w) for (let j = 0; j < w; j++) out[i + j] = b[i + w - 1 - j];
  return out;
}

/** [{ secret, encoding, bytes }] for every secret and encoding (whole and halves). */
function patterns(secrets) {
  const out = [];
  for (const [secret, bytes] of Object.entries(secrets)) {
    const enc = { 'as is': bytes, reversed: Uint8Array.from(bytes).reverse() };
    if (bytes.length % 8 === 0 && !secret.startsWith('mnemonic')) {
      enc['u32-swapped'] = swapWords(bytes, 4);
      enc['u64-swapped'] = swapWords(bytes, 8);
    }
    if (secret === 'mnemonic') {
      enc['xor ipad'] = bytes.map((x) => x ^ 0x36);
      enc['xor opad'] = bytes.map((x) => x ^ 0x5c);
    }
    for (const [encoding, b] of Object.entries(enc)) {
      out.push({ secret, encoding, bytes: b });
      if (b.length >= 32) {
        const h = b.length >> 1;
        out.push({ secret, encoding: `${encoding}, first half`, bytes: b.slice(0, h) });
        out.push({ secret, encoding: `${encoding}, second half`, bytes: b.slice(h) });
      }
    }
  }
  return out;
}

function scan(memories, pats) {
  const hits = [];
  let bytes = 0;
  for (const { name, memory } of memories) {
    const buf = Buffer.from(memory.buffer);
    bytes += buf.length;
    for (const p of pats) {
      for (let at = buf.indexOf(p.bytes); at !== -1; at = buf.indexOf(p.bytes, at + 1)) {
        hits.push({ ...p, memory: name, offset: at });
      }
    }
  }
  return { hits, mib: bytes / 1048576 };
}

const fmt = (h) => `${h.secret} (${h.encoding}) at ${h.memory}+0x${h.offset.toString(16)}`;

test('engine memory holds no secret after every handle is dropped', async () => {
  // Independent reference values.
  const seed = L.bip39.mnemonicToSeedSync(ZOO, '');
  const master = L.HDKey.fromMasterSeed(seed);
  const secrets = {
    mnemonic: new TextEncoder().encode(ZOO.normalize('NFKD')),
    seed,
    'master private key': master.privateKey,
  };
  const prefixes = ["m/44'", "m/44'/60'", "m/44'/60'/0'", "m/44'/60'/0'/0", PATH];
  for (const p of prefixes) secrets[`${p} private key`] = master.derive(p).privateKey;
  const pats = patterns(secrets);

  const e = await instantiateCapturing(engine, { env: {} });
  const p = await instantiateCapturing(provider, { env: { MNEMONIC: ZOO }, provided: L.host.exportedInterfaces(e.instance) });
  assert.ok(e.memories.length > 0, 'captured the engine memory');

  const before = scan(e.memories, pats);
  console.log(`hygiene: baseline (fresh engine) ${before.hits.length} hits`);
  assert.equal(before.hits.length, 0, before.hits.map(fmt).join('; '));

  // The session. jco resource objects: [Symbol.dispose]() drops the handle (engine [dtor]).
  const handles = [];
  const keep = (h) => (handles.push(h), h);
  const m = keep(p.instance[L.IFACE('mnemonic-provider')].getMnemonic());
  const s = keep(m.toSeed(''));
  let node = keep(s.toMasterKey(undefined));
  for (const i of L.pathIndices(PATH)) node = keep(node.derive(i));
  const key = keep(node.intoSecp256k1EcdsaKey());
  assert.equal(L.point(key.getPublicKey()), L.hex(master.derive(PATH).publicKey));
  const [sig] = key.sign('keccak256', new TextEncoder().encode('hygiene'), undefined);
  const ref = L.nobleSign(L.keccak_256(new TextEncoder().encode('hygiene')), master.derive(PATH).privateKey);
  assert.equal(L.hex(sig.r), ref.r);
  key.signRaw(new Uint8Array(32).fill(7), 1);

  // Positive control: while the handles live, the scanner finds their secrets.
  const live = scan(e.memories, pats);
  const liveNames = [...new Set(live.hits.map((h) => `${h.secret} (${h.encoding.replace(/, (first|second) half$/, '')})`))];
  console.log(`hygiene: live handles: ${live.hits.length} hits (scanner control): ${liveNames.join(', ')}`);
  assert.ok(live.hits.some((h) => h.secret === 'seed'), 'the scanner finds the live seed');

  for (const h of handles.reverse()) h[Symbol.dispose]();

  const after = scan(e.memories, pats);
  for (const h of after.hits) console.log(`hygiene: FOUND ${fmt(h)}`);
  console.log(`hygiene: scanned ${after.mib.toFixed(2)} MiB of engine memory, ${after.hits.length} secrets found`);

  // The provider holds its environment block (MNEMONIC) by design: reported, not failed.
  const prov = scan(p.memories, pats);
  const provNames = prov.hits.filter((h) => !h.encoding.includes('half')).map((h) => `${h.secret} (${h.encoding}) at +0x${h.offset.toString(16)}`);
  console.log(`hygiene: provider memory ${prov.mib.toFixed(2)} MiB (by design holds its env block): ${prov.hits.length} hits incl. halves${provNames.length ? ` (${provNames.join(', ')})` : ''}`);
  assert.ok(prov.hits.every((h) => h.secret === 'mnemonic'), 'the provider holds only its mnemonic');

  assert.equal(after.hits.length, 0, `secrets left in engine memory: ${after.hits.map(fmt).join('; ')}`);
});
