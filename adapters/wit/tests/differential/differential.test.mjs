// Cross-runtime differential: the same seeded cases on jco (preview2-shim, in-process) and on
// wasmtime (the Python host through tests/runtimes/wasmtime.mjs), one transcript line per
// call: its value, its err(payload), its trap (kind) or the host's refusal. Every line must
// be identical. Prints "cross-runtime differential: N cases, 0 differences".
// One documented difference is taken out before comparing: the handle NUMBERS a tenant sees
// (the hostile tenant prints them). jco keeps one handle table per resource type, wasmtime one
// per component instance (as the canonical ABI specifies), so the same handle gets another
// number; which handle it names, and every result, is the same.
// Env: DIFFERENTIAL_CASES (random cases, default 150), COMPONENT_SEED.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as L from '../components/lib.mjs';

const ZOO = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote';
const runtimes = await L.bothRuntimes();
const names = ['isolated-crypto-engine', 'mnemonic-provider-env', 'root-node-provider', 'components-test-tenant', 'hostile-tenant'];
const loaded = {};  // runtime name -> { component name -> loaded }

before(async () => {
  for (const [rn, r] of Object.entries(runtimes)) {
    loaded[rn] = Object.fromEntries(await Promise.all(names.map(async (n) => [n, await L.load(n, r)])));
  }
});

/** A value as transcript text: bytes as hex, handles as <handle>, stable key order. */
function show(v) {
  return JSON.stringify(v, (_, x) => {
    if (x instanceof Uint8Array) return `0x${L.hex(x)}`;
    if (typeof x === 'bigint') return `${x}n`;
    if (x === undefined) return null;
    if (x && typeof x === 'object' && !Array.isArray(x)) {
      if (typeof x[Symbol.dispose] === 'function') return '<handle>';
      return Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]]));
    }
    return x;
  }) ?? 'null';
}

/** The outcome of one call, as both runtimes must agree on it. */
function outcome(r, fn) {
  try {
    return { line: `ok ${show(fn())}`, value: undefined };
  } catch (e) {
    if (e && typeof e === 'object' && 'payload' in e) return { line: `err ${show(e.payload)}` };
    const m = String(e?.message ?? e);
    // An invalid handle (dropped, moved, forged): jco's resource table throws a TypeError
    // before entering, wasmtime traps "unknown handle index", the test server refuses it.
    if (/^Resource error: Not a valid|unknown handle index|unknown or dropped handle/.test(m)) return { line: 'invalid-handle' };
    if (L.isTrap(e)) {
      const kind = /unreachable/.test(m) ? 'unreachable' : /poison|cannot enter|may not enter|re-?enter/i.test(m) ? 'poisoned'
        : /out of bounds memory access|memory access out of bounds|memory fault at wasm address/.test(m) ? 'out-of-bounds memory access' : m;
      return { line: `trap ${kind}` };
    }
    // Link errors name the component and the import: the same text on both runtimes.
    if (e instanceof r.HostError && /^component "/.test(e.message)) return { line: `host-error ${e.message}` };
    return { line: `rejected ${e?.constructor?.name}: ${m}` };
  }
}

/** Handle numbers in a tenant's report replaced by '#' (see the header). */
let renumbered = 0;
function withoutHandleNumbers(line) {
  const out = line.replace(/handle=\d+/g, 'handle=#').replace(/handles \[[\d,]+\]/g, 'handles [#]')
    .replace(/parent \d+/g, 'parent #');
  if (out !== line) renumbered += 1;
  return out;
}

function xorshift128(seed) {
  let [a, b, c, d] = [seed >>> 0, 0x9e3779b9, 0x243f6a88, 0xb7e15162];
  const next = () => {
    const t = a ^ (a << 11);
    a = b; b = c; c = d;
    d = (d ^ (d >>> 19) ^ (t ^ (t >>> 8))) >>> 0;
    return d;
  };
  for (let i = 0; i < 32; i++) next();
  return { u32: next, int: (n) => next() % n, bytes: (n) => Uint8Array.from({ length: n }, () => next() & 255) };
}

/** Every scenario on runtime r; returns its transcript (lines "label: outcome"). */
async function transcript(rn) {
  const r = runtimes[rn];
  const c = loaded[rn];
  const lines = [];
  const rec = (label, fn) => {
    const o = outcome(r, fn);
    lines.push(`${label}: ${withoutHandleNumbers(o.line)}`);
    return o;
  };
  const value = (fn) => { try { return fn(); } catch { return undefined; } };

  // Seeded random derivations and signatures.
  const n = Number(process.env.DIFFERENTIAL_CASES ?? 150);
  const rng = xorshift128(Number(process.env.COMPONENT_SEED ?? 0x1c0ffee) ^ 0x5eed);
  let api = await L.engineApi(c['isolated-crypto-engine'], r);
  for (let i = 0; i < n; i++) {
    const mnemonic = L.bip39.entropyToMnemonic(rng.bytes([16, 20, 24, 28, 32][rng.int(5)]), rng.int(6) ? L.english : L.japanese);
    const passphrase = ['', 'TREZOR', 'Ümlaut ☃', 'ｱﬁ①'][rng.int(4)];
    const hmacKey = rng.int(4) === 0 ? rng.bytes(rng.int(40)) : undefined;
    const indices = Array.from({ length: rng.int(5) }, () => (rng.int(2) ? (rng.u32() | L.H) >>> 0 : rng.u32() & 0x7fffffff));
    const counter = rng.int(2) ? rng.u32() : undefined;
    const digest = rng.bytes(32);
    const message = rng.bytes(rng.int(80));
    if (i % 50 === 0) api = await L.engineApi(c['isolated-crypto-engine'], r);
    const m = value(() => api.bip39.Mnemonic.new(mnemonic));
    let node = value(() => m.toSeed(passphrase).toMasterKey(hmacKey));
    for (const idx of indices) node = value(() => node.derive(idx));
    rec(`case ${i} public key`, () => node.getPublicKey());
    rec(`case ${i} chain code`, () => node.getChainCode());
    rec(`case ${i} clone`, () => node.clone().getPublicKey());
    const key = value(() => node.intoSecp256k1EcdsaKey());
    rec(`case ${i} sign-raw`, () => key.signRaw(digest, counter));
    rec(`case ${i} sign sha256`, () => key.sign('sha256', message, counter));
    rec(`case ${i} sign keccak256`, () => key.sign('keccak256', message, counter));
  }

  // err results: invalid mnemonics.
  for (const bad of ['', 'abandon', 'zoo '.repeat(23) + 'zoo', 'abandon '.repeat(11) + 'qwerty', 'abandon '.repeat(11) + 'あいこくしん']) {
    rec(`mnemonic.new(${JSON.stringify(bad.slice(0, 20))}…)`, () => api.bip39.Mnemonic.new(bad));
  }

  // Traps: a u256be of the wrong length; the instance is poisoned afterwards.
  for (const len of [0, 31, 33]) {
    const a = await L.engineApi(c['isolated-crypto-engine'], r);
    const k = a.bip39.Mnemonic.new(ZOO).toSeed('').toMasterKey(undefined).intoSecp256k1EcdsaKey();
    rec(`sign-raw ${len} bytes`, () => k.signRaw(new Uint8Array(len), undefined));
    rec(`after the ${len}-byte trap, same instance`, () => k.getPublicKey());
  }

  // A dropped handle, used again.
  {
    const a = await L.engineApi(c['isolated-crypto-engine'], r);
    const nd = a.bip39.Mnemonic.new(ZOO).toSeed('').toMasterKey(undefined);
    nd[Symbol.dispose]();
    rec('dropped node used', () => nd.getPublicKey());
  }

  // Linking: tenant + provider environments, provider errors, a missing import.
  const probe = async (providerEnv, tenantEnv = {}, providers = [c['mnemonic-provider-env']]) => {
    try {
      const { tenant } = await r.link({ tenant: c['components-test-tenant'], engine: c['isolated-crypto-engine'], providers, providerEnv, tenantEnv });
      return () => tenant.probe();
    } catch (e) {
      return () => { throw e; };
    }
  };
  rec('probe, MNEMONIC to the provider', await probe({ MNEMONIC: ZOO }));
  rec('probe, MNEMONIC also in the tenant', await probe({ MNEMONIC: ZOO }, { MNEMONIC: 'x' }));
  rec('probe, no MNEMONIC', await probe({}));
  rec('probe, bad checksum', await probe({ MNEMONIC: 'zoo '.repeat(23) + 'zoo' }));
  rec('probe, no provider', await probe({}, {}, []));
  for (const env of [{ MNEMONIC: ZOO, ROOT_NODE_PATH: "m/44'/60'/7'" }, { MNEMONIC: ZOO }, { MNEMONIC: ZOO, ROOT_NODE_PATH: 'm//1' }]) {
    const { instances } = await r.link({ engine: c['isolated-crypto-engine'], providers: [c['root-node-provider']], providerEnv: env });
    rec(`root-node provider ${JSON.stringify(env.ROOT_NODE_PATH ?? null)}`,
      () => instances.providers[0][L.IFACE('root-node-provider')].getRootNode().derive(3).getPublicKey());
  }

  // The hostile tenant's attacks, each in a fresh link: what it reports, or its trap.
  const hostile = [['envRead'], ['baseline'], ['deepDerive', 200], ['bigSign', 100000],
    ...[0, 1, 2, 3].map((w) => ['useAfterDrop', w]), ...[0, 1, 2].map((w) => ['useAfterMove', w]),
    ['forgeHandle', 0, 7, true], ['forgeHandle', 1, 0, false], ['signRawLen', 31], ['signRawLen', 32], ['stackOverflow', 256]];
  for (const [fn, ...args] of hostile) {
    const steps = [];  // the attack steps the tenant reports (import test:hostile/trace)
    const { tenant } = await r.link({
      tenant: c['hostile-tenant'], engine: c['isolated-crypto-engine'], providers: [c['mnemonic-provider-env']],
      providerEnv: { MNEMONIC: ZOO }, tenantEnv: { TENANT_VISIBLE: 'yes' },
      tenantHostInterfaces: new Map([['test:hostile/trace@0.1.0', { reached: (step) => void steps.push(step) }]]),
    });
    rec(`hostile ${fn}(${args.join(', ')})`, () => tenant[fn](...args));
    lines.push(`hostile ${fn}(${args.join(', ')}) steps: ${steps.join(', ')}`);
  }
  return lines;
}

test('jco and wasmtime give identical transcripts', { timeout: 600_000 }, async () => {
  const a = await transcript('jco');
  const b = await transcript('wasmtime');
  if (process.env.DIFFERENTIAL_SHOW) console.log(a.filter((l) => l.startsWith('hostile')).join('\n'));
  assert.equal(a.length, b.length);
  const differences = a.map((line, i) => [line, b[i]]).filter(([x, y]) => x !== y);
  for (const [x, y] of differences.slice(0, 20)) console.log(`difference:\n  jco:      ${x}\n  wasmtime: ${y}`);
  for (const kind of ['ok ', 'err ', 'trap ', 'invalid-handle', 'host-error ', 'rejected']) {
    console.log(`  ${kind.trim()}: ${a.filter((l) => l.includes(`: ${kind}`)).length} lines`);
  }
  console.log(`  lines with handle numbers replaced by #: ${renumbered}`);
  console.log(`cross-runtime differential: ${a.length} cases, ${differences.length} differences`);
  assert.equal(differences.length, 0);
});
