// Memory hygiene of the engine component:
//  1. after a full session (mnemonic through the mnemonic provider, to-seed(""),
//     to-master-key, m/44'/60'/0'/0/0, sign) and after every handle is dropped, the engine's
//     linear memory must hold none of the secrets;
//  2. live handles: the root-node provider hands out m/44' (ROOT_NODE_PATH), the tenant
//     derives 60'/0'/0/0 one level at a time and keeps its root and the leaf. While both
//     live, the engine memory must hold no key of an ancestor (mnemonic, seed, master) nor
//     of a dropped intermediate node: a handle holds its own key only;
//  3. dead stack: after each export returns, every byte it wrote below its own frame is
//     zero again (the export thunks' scrub reaches deeper than any export's stack use).
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
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as L from '../components/lib.mjs';

const ZOO = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote';
const PATH = "m/44'/60'/0'/0/0";
let engine, provider, rootProvider;

before(async () => {
  [engine, provider, rootProvider] = await Promise.all(
    ['isolated-crypto-engine', 'mnemonic-provider-env', 'root-node-provider'].map((n) => L.load(n)));
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

test("live handles: while the tenant's root (m/44') and its leaf live, no ancestor's or dropped node's key is in engine memory", async () => {
  const seed = L.bip39.mnemonicToSeedSync(ZOO, '');
  const master = L.HDKey.fromMasterSeed(seed);
  const forbidden = {
    mnemonic: new TextEncoder().encode(ZOO.normalize('NFKD')),
    seed,
    'master private key': master.privateKey,
  };
  for (const p of ["m/44'/60'", "m/44'/60'/0'", "m/44'/60'/0'/0"]) forbidden[`${p} private key`] = master.derive(p).privateKey;
  const pats = patterns(forbidden);

  const e = await instantiateCapturing(engine, { env: {} });
  const r = await instantiateCapturing(rootProvider, {
    env: { MNEMONIC: ZOO, ROOT_NODE_PATH: "m/44'" }, provided: L.host.exportedInterfaces(e.instance),
  });
  const root = r.instance[L.IFACE('root-node-provider')].getRootNode();
  assert.equal(L.point(root.getPublicKey()), L.hex(master.derive("m/44'").publicKey));
  // The tenant's derivation, one level at a time, dropping every intermediate node.
  let node = root.derive((60 + L.H) >>> 0);
  for (const i of [L.H, 0, 0]) {
    const next = node.derive(i);
    node[Symbol.dispose]();
    node = next;
  }
  const leaf = node;
  assert.equal(L.point(leaf.getPublicKey()), L.hex(master.derive(PATH).publicKey));

  // Control: the scanner finds the live handles' own keys.
  const own = patterns({ "m/44' private key": master.derive("m/44'").privateKey, 'leaf private key': master.derive(PATH).privateKey });
  const control = scan(e.memories, own);
  assert.ok(control.hits.some((h) => h.secret === "m/44' private key" && h.encoding === 'as is'), 'the scanner finds the live root key');
  assert.ok(control.hits.some((h) => h.secret === 'leaf private key' && h.encoding === 'as is'), 'the scanner finds the live leaf key');

  const live = scan(e.memories, pats);
  for (const h of live.hits) console.log(`hygiene: live: FOUND ${fmt(h)}`);
  console.log(`hygiene: live handles (root m/44' + leaf): scanned ${live.mib.toFixed(2)} MiB of engine memory, ${live.hits.length} ancestor/dropped secrets found`);
  assert.equal(live.hits.length, 0, `secrets of ancestors or dropped nodes in engine memory while the tenant's root lives: ${live.hits.map(fmt).join('; ')}`);
  leaf[Symbol.dispose]();
  root[Symbol.dispose]();
});

/** Unsigned/signed LEB128 at buf[i]: [value, next index]. */
function leb(buf, i, signed = false) {
  let v = 0; let shift = 0; let b;
  do { b = buf[i++]; v |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
  if (signed && shift < 32 && (b & 0x40)) v |= -1 << shift;
  return [signed ? v : v >>> 0, i];
}
/** [{ id, start, end }] of the sections of the wasm binary (module or component) in buf. */
function sections(buf) {
  const out = [];
  for (let i = 8; i < buf.length;) {
    const id = buf[i];
    const [size, start] = leb(buf, i + 1);
    out.push({ id, start, end: start + size });
    i = start + size;
  }
  return out;
}
/** The initial shadow-stack pointer of the component's main (largest) core module: wasm-ld
 *  makes __stack_pointer its first defined global (i32.const init); the stack grows down. */
function stackTop(component) {
  const core = sections(component).filter((s) => s.id === 1).sort((a, b) => (b.end - b.start) - (a.end - a.start))[0];
  const mod = component.subarray(core.start, core.end);
  const g = sections(mod).find((s) => s.id === 6);
  let [, i] = leb(mod, g.start);  // count
  assert.ok(mod[i] === 0x7f && mod[i + 1] === 1 && mod[i + 2] === 0x41, 'first global: mutable i32 with i32.const init');
  return leb(mod, i + 3, true)[0];
}

test('dead stack: every byte an export wrote below its frame is zero after it returns', async () => {
  const top = stackTop(readFileSync(path.join(L.componentsDir, 'isolated-crypto-engine.wasm')));
  const e = await instantiateCapturing(engine, { env: {} });
  const mem = e.memories.find((m) => m.memory.buffer.byteLength > top)?.memory;
  assert.ok(mem, 'captured the engine memory holding the stack');
  // Watched: 32 KiB of dead stack below the resting stack pointer (filled with a marker
  // before each call), except the top 256 bytes: the thunk's own frame and the small frames
  // of cabi_realloc / cabi_post_* that the host calls outside the export.
  const watched = 32 * 1024; const skip = 256; const mark = 0xa5;
  const I = (n) => e.instance[L.IFACE(n)];
  let deepest = 0;
  const check = (what, fn) => {
    new Uint8Array(mem.buffer).fill(mark, top - watched, top);
    const r = fn();
    const b = new Uint8Array(mem.buffer);
    let dirty = 0; let low = top;
    for (let a = top - watched; a < top - skip; a++) {
      if (b[a] !== mark) low = Math.min(low, a);
      if (b[a] !== 0 && b[a] !== mark) dirty++;
    }
    deepest = Math.max(deepest, top - low);
    assert.equal(dirty, 0, `${what}: ${dirty} bytes of dead stack left non-zero`);
    return r;
  };
  const m = check('mnemonic.new', () => I('bip39').Mnemonic.new(ZOO));
  check('mnemonic.new (invalid word)', () => assert.throws(() => I('bip39').Mnemonic.new('zoo '.repeat(11) + 'zooo')));
  const s = check('to-seed', () => m.toSeed('TREZOR'));
  const master = check('to-master-key', () => s.toMasterKey(undefined));
  const child = check('derive (hardened)', () => master.derive((44 + L.H) >>> 0));
  check('derive (normal)', () => child.derive(3));
  check('get-public-key', () => child.getPublicKey());
  const key = check('into-secp256k1-ecdsa-key', () => child.clone().intoSecp256k1EcdsaKey());
  check('sign-raw', () => key.signRaw(new Uint8Array(32).fill(7), 1));
  check('sign (keccak256)', () => key.sign('keccak256', new Uint8Array(300).fill(1), undefined));
  check('drop', () => { key[Symbol.dispose](); child[Symbol.dispose](); master[Symbol.dispose](); s[Symbol.dispose](); m[Symbol.dispose](); });
  console.log(`hygiene: dead stack: watched ${watched / 1024} KiB below the stack top; deepest write or scrub ${deepest} bytes, nothing left non-zero`);
});
