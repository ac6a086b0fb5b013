// Hostile tenant (tests/hostile/tenant): every attack runs in a fresh link (host/lib/runtime.mjs
// link(): engine + mnemonic-provider-env with MNEMONIC + tenant with its own environment).
// Outcome: ok / err / trap (with message). After each attempt the NEXT run — of the hostile
// tenant (its `baseline` export) and of the ordinary probe tenant — must still work.
// One line per attempt: "hostile: <attempt> → <outcome> (<message>), <ms> ms, next run ok".
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as L from '../components/lib.mjs';

const ZOO = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote';
const ZOO_KEY = '02bd51e5b1a6e8271e1f87d2464b856790800c6c5fd38acdf1cee73857735fc8a4';
const TENANT_ENV = { TENANT_VISIBLE: 'yes' };
let engine, provider, hostile, probe;

before(async () => {
  [engine, provider, hostile, probe] = await Promise.all(
    ['isolated-crypto-engine', 'mnemonic-provider-env', 'hostile-tenant', 'components-test-tenant'].map((n) => L.load(n)));
});

function linkTenant(tenant) {
  return L.runtime.link({ tenant, engine, providers: [provider], providerEnv: { MNEMONIC: ZOO }, tenantEnv: TENANT_ENV });
}

const short = (s, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Runs export `fn` of a fresh hostile link. { kind: ok|err|trap, value|message, ms, sameLinkEngine }. */
async function attempt(fn, ...args) {
  const { tenant, instances } = await linkTenant(hostile);
  const t0 = performance.now();
  let out;
  try {
    out = { kind: 'ok', value: tenant[fn](...args) };
  } catch (e) {
    if (e && typeof e === 'object' && 'payload' in e) out = { kind: 'err', message: String(e.payload) };
    else out = { kind: 'trap', message: `${e?.constructor?.name}: ${e?.message ?? e}` };
  }
  out.ms = performance.now() - t0;
  // Informational: is the engine instance of this same link still usable after the attempt?
  try {
    const api = { bip39: instances.engine[L.IFACE('bip39')] };
    api.bip39.Mnemonic.new(ZOO).toSeed('').toMasterKey(undefined).getPublicKey();
    out.sameLinkEngine = 'ok';
  } catch (e) {
    out.sameLinkEngine = `poisoned (${e?.constructor?.name})`;
  }
  return out;
}

/** The next runs: hostile baseline and the probe tenant, each in a fresh link. */
async function nextRunsOk() {
  const h = await linkTenant(hostile);
  assert.equal(h.tenant.baseline(), ZOO_KEY, 'next run of the hostile tenant');
  const p = await linkTenant(probe);
  assert.equal(p.tenant.probe(), `${ZOO_KEY};mnemonic-env=empty`, 'next run of the probe tenant');
}

function describe(o) {
  if (o.kind === 'ok') return `ok (${short(o.value)})`;
  return `${o.kind} (${short(o.message)})`;
}

async function report(label, o) {
  await nextRunsOk();
  console.log(`hostile: ${label} → ${describe(o)}, ${o.ms.toFixed(1)} ms, same-link engine ${o.sameLinkEngine}, next run ok`);
}

test('env: getenv("MNEMONIC"), environ and raw WASI environ_get see only the tenant env', async () => {
  const o = await attempt('envRead');
  await report('read MNEMONIC / environ / environ_get', o);
  assert.equal(o.kind, 'ok');
  assert.match(o.value, /^getenv\(MNEMONIC\)=null; /);
  assert.ok(!o.value.includes('zoo') && !o.value.includes('MNEMONIC='), o.value);
  assert.ok(o.value.includes('"TENANT_VISIBLE=yes"'), 'the tenant sees its own environment');
});

for (const len of [31, 33, 0, 32]) {
  test(`sign-raw with a ${len}-byte digest (dynamic-span import)`, async () => {
    const o = await attempt('signRawLen', len);
    await report(`sign-raw ${len}-byte digest`, o);
    if (len === 32) assert.equal(o.kind, 'ok');  // control: the second import declaration works
    else assert.equal(o.kind, 'trap', describe(o));
  });
}

const RES = ['ecdsa-key', 'node', 'mnemonic', 'seed'];
for (const [which, name] of RES.entries()) {
  test(`use after drop: ${name}`, async () => {
    const o = await attempt('useAfterDrop', which);
    await report(`${name} used after [resource-drop]`, o);
    assert.equal(o.kind, 'trap', describe(o));
  });
}

test('use after move: into-secp256k1-ecdsa-key, then drop the node and use it', async () => {
  const o = await attempt('useAfterMove', 0);
  await report('node used after into-secp256k1-ecdsa-key + drop', o);
  assert.equal(o.kind, 'trap', describe(o));
});

test('use after move: node = derive(node), then use the parent handle', async () => {
  const o = await attempt('useAfterMove', 1);
  await report('parent used after node = derive(node)', o);
  assert.equal(o.kind, 'trap', describe(o));
});

test('use after move with slot reuse: the stale number can only name the tenant\'s own new handle', async () => {
  const o = await attempt('useAfterMove', 2);
  await report('parent used after derive + 4 new handles (slot reuse)', o);
  if (o.kind === 'ok') {
    // A reused table slot: the number now names a handle the tenant itself owns.
    const m = /new handles \[([\d,]*)\]; (?:USED )?parent (\d+) /.exec(o.value);
    assert.ok(m, o.value);
    if (o.value.includes('USED')) assert.ok(m[1].split(',').includes(m[2]), `stale number aliases a foreign handle: ${o.value}`);
  } else {
    assert.equal(o.kind, 'trap');
  }
});

for (const hold of [false, true]) {
  for (const h of [0, 1, 7, 0xffffffff]) {
    for (const [which, name] of RES.entries()) {
      test(`forged handle ${h} as ${name}${hold ? ' (holding a mnemonic)' : ''}`, async () => {
        const o = await attempt('forgeHandle', which, h, hold);
        await report(`forged handle ${h} as ${name}${hold ? ', holding a mnemonic' : ', empty table'}`, o);
        if (o.kind === 'ok') {
          // Only legitimate if the "forged" number is the mnemonic handle it holds.
          const m = /^holding mnemonic (\d+);/.exec(o.value);
          assert.ok(hold && name === 'mnemonic' && m && Number(m[1]) === h, `forged handle accepted: ${o.value}`);
        } else {
          assert.equal(o.kind, 'trap');
        }
      });
    }
  }
}

test('sign(keccak256, 16 MiB message)', async () => {
  const len = 16 * 1024 * 1024;
  const o = await attempt('bigSign', len);
  await report('sign(keccak256, 16 MiB)', o);
  if (o.kind === 'ok') {
    const msg = new Uint8Array(len);
    for (let i = 0; i < len; i++) msg[i] = i % 251;
    const sk = L.HDKey.fromMasterSeed(L.bip39.mnemonicToSeedSync(ZOO, '')).derive("m/44'/60'/0'/0/0").privateKey;
    const ref = L.nobleSign(L.keccak_256(msg), sk);
    assert.equal(o.value, ref.r + ref.s + (ref.recid & 1 ? '01' : '00'), 'signature matches noble');
    console.log('hostile: 16 MiB signature matches noble (keccak256 + RFC 6979)');
  } else {
    assert.equal(o.kind, 'trap');  // a clean failure is acceptable; recorded above
  }
});

test('derive 10,000 levels deep', async () => {
  const depth = 10000;
  const o = await attempt('deepDerive', depth);
  await report(`derive ${depth} levels`, o);
  assert.equal(o.kind, 'ok', describe(o));
  const t0 = performance.now();
  let n = L.HDKey.fromMasterSeed(L.bip39.mnemonicToSeedSync(ZOO, ''));
  for (let i = 0; i < depth; i++) {
    // @scure/bip32 refuses depth > 255 (xpub serialisation): re-root at every level.
    const c = n.deriveChild(i % 2 === 0 ? (i | L.H) >>> 0 : i);
    n = new L.HDKey({ privateKey: c.privateKey, chainCode: c.chainCode });
  }
  assert.equal(o.value.split(';')[0], L.hex(n.publicKey), 'public key matches @scure/bip32');
  console.log(`hostile: ${depth}-level key matches @scure/bip32 (reference took ${(performance.now() - t0).toFixed(0)} ms)`);
});
