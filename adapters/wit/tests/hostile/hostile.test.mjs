// Hostile tenant (tests/hostile/tenant): every attack runs in a fresh link (host/lib/runtime.mjs
// link(): engine + mnemonic-provider-env with MNEMONIC + tenant with its own environment).
// Outcome (classify(), the one place that knows how this runtime reports failures):
//   ok | err (a result error) | engine-trap (wasm trap that poisoned the engine instance) |
//   tenant-trap (wasm trap, engine still usable) | resource-error (the runtime refused a
//   handle; names the resource on jco) | host-limit (wasmtime host: a host call's data cap) |
//   host-error (anything else: a bug of the test or host). Runs on jco or wasmtime (L.rt).
// The tenant reports each attack step just before it runs it (import test:hostile/trace),
// so every test also asserts that the failure came after the attack step.
// After each attempt the NEXT run — of the hostile tenant (its `baseline` export) and of
// the ordinary probe tenant — must still work.
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

const TRACE = 'test:hostile/trace@0.1.0';

/** Links a tenant; `steps` collects the attack steps the tenant reports. */
function linkTenant(tenant, steps = [], providerEnv = { MNEMONIC: ZOO }) {
  const trace = { reached: (step) => void steps.push(step) };
  return L.rt.link({
    tenant, engine, providers: [provider], providerEnv, tenantEnv: TENANT_ENV,
    tenantHostInterfaces: new Map([[TRACE, trace]]),
  });
}

/** Is the engine instance of a link still usable? (A trap inside it poisons it.) */
function engineUsable(instances) {
  try {
    instances.engine[L.IFACE('bip39')].Mnemonic.new(ZOO).toSeed('').toMasterKey(undefined).getPublicKey();
    return true;
  } catch {
    return false;
  }
}

/**
 * Outcome of one call of a tenant export under the runtime under test (L.rt: jco or wasmtime):
 * { kind: ok|err|engine-trap|tenant-trap|resource-error|host-limit|host-error, value | message, resource? }.
 * Only this function knows how the runtimes report failures.
 */
export function classify(call, instances) {
  try {
    return { kind: 'ok', value: call() };
  } catch (e) {
    const message = `${e?.constructor?.name}: ${e?.message ?? e}`;
    if (e && typeof e === 'object' && 'payload' in e) return { kind: 'err', message: String(e.payload) };
    if (e instanceof WebAssembly.RuntimeError) {
      // wasmtime refuses a handle with a trap of the tenant that names the index, not the
      // resource; and it caps the data one host call may copy (docs/COMPONENTS.md).
      if (L.rt.name === 'wasmtime' && /unknown handle index|handle index \d+ used with the wrong type/.test(e.message)) {
        return { kind: 'resource-error', resource: null, message };
      }
      if (L.rt.name === 'wasmtime' && /fuel allocated for hostcalls has been exhausted/.test(e.message)) {
        return { kind: 'host-limit', message };
      }
      return { kind: engineUsable(instances) ? 'tenant-trap' : 'engine-trap', message };
    }
    const res = e instanceof TypeError && /^Resource error: Not a valid "(\w+)" resource\.$/.exec(e.message);
    if (res) return { kind: 'resource-error', resource: res[1], message };
    return { kind: 'host-error', message };
  }
}

const short = (s, n = 160) => (s.length > n ? `${s.slice(0, n)}…` : s);

/**
 * Runs export `fn` of a fresh hostile link:
 * { kind, value | message, resource?, steps (attack steps reached), ms, sameLinkEngine }.
 */
async function attempt(fn, ...args) {
  const steps = [];
  const { tenant, instances } = await linkTenant(hostile, steps);
  const t0 = performance.now();
  if (typeof tenant[fn] !== 'function') throw new Error(`the hostile tenant exports no ${fn}`);
  const out = classify(() => tenant[fn](...args), instances);
  out.ms = performance.now() - t0;
  out.steps = steps;
  out.sameLinkEngine = engineUsable(instances) ? 'ok' : 'poisoned';
  return out;
}

/** Asserts the outcome kind (and resource), and that the attack step was reached. */
function expectOutcome(o, kind, step, resource) {
  assert.equal(o.kind, kind, describe(o));
  if (resource !== undefined && o.resource !== null) assert.equal(o.resource, resource, describe(o));  // null: wasmtime
  assert.ok(o.steps.includes(step), `the tenant never reached its attack step "${step}" (steps: ${o.steps.join(', ') || 'none'}); ${describe(o)}`);
  if (kind !== 'ok') assert.equal(o.steps.at(-1), step, `failed after a later step: ${o.steps.join(', ')}`);
}

/** The next runs: hostile baseline and the probe tenant, each in a fresh link. */
async function nextRunsOk() {
  const h = await linkTenant(hostile, []);
  assert.equal(h.tenant.baseline(), ZOO_KEY, 'next run of the hostile tenant');
  const p = await linkTenant(probe, []);
  assert.equal(p.tenant.probe(), `${ZOO_KEY};mnemonic-env=empty`, 'next run of the probe tenant');
}

function describe(o) {
  if (o.kind === 'ok') return `ok (${short(o.value)})`;
  return `${o.kind}${o.resource ? ` ${o.resource}` : ''} (${short(o.message)})`;
}

async function report(label, o) {
  await nextRunsOk();
  console.log(`hostile: ${label} → ${describe(o)}, ${o.ms.toFixed(1)} ms, same-link engine ${o.sameLinkEngine}, next run ok`);
}

test('env: getenv("MNEMONIC"), environ and raw WASI environ_get see only the tenant env', async () => {
  const o = await attempt('envRead');
  await report('read MNEMONIC / environ / environ_get', o);
  expectOutcome(o, 'ok', 'env-read');
  assert.match(o.value, /^getenv\(MNEMONIC\)=null; /);
  assert.ok(!o.value.includes('zoo') && !o.value.includes('MNEMONIC='), o.value);
  assert.ok(o.value.includes('"TENANT_VISIBLE=yes"'), 'the tenant sees its own environment');
});

for (const len of [31, 33, 0, 32]) {
  test(`sign-raw with a ${len}-byte digest (dynamic-span import)`, async () => {
    const o = await attempt('signRawLen', len);
    await report(`sign-raw ${len}-byte digest`, o);
    if (len === 32) expectOutcome(o, 'ok', 'sign-raw');  // control: the second import declaration works
    else expectOutcome(o, 'engine-trap', 'sign-raw');  // the engine's u256be length check
  });
}

const RES = ['ecdsa-key', 'node', 'mnemonic', 'seed'];
const JS_RES = ['EcdsaKey', 'Node', 'Mnemonic', 'Seed'];  // jco's class names in its resource errors
for (const [which, name] of RES.entries()) {
  test(`use after drop: ${name}`, async () => {
    const o = await attempt('useAfterDrop', which);
    await report(`${name} used after [resource-drop]`, o);
    expectOutcome(o, 'resource-error', 'use-handle', JS_RES[which]);
  });
}

test('use after move: into-secp256k1-ecdsa-key, then drop the node and use it', async () => {
  const o = await attempt('useAfterMove', 0);
  await report('node used after into-secp256k1-ecdsa-key + drop', o);
  expectOutcome(o, 'resource-error', 'use-handle', 'Node');
});

test('use after move: node = derive(node), then use the parent handle', async () => {
  const o = await attempt('useAfterMove', 1);
  await report('parent used after node = derive(node)', o);
  expectOutcome(o, 'resource-error', 'use-handle', 'Node');
});

test('use after move with slot reuse: the stale number can only name the tenant\'s own new handle', async () => {
  const o = await attempt('useAfterMove', 2);
  await report('parent used after derive + 4 new handles (slot reuse)', o);
  if (o.kind === 'ok' && o.value.includes('not reused')) {
    assert.match(o.value, /^new handles \[[\d,]*\]; parent \d+ not reused/);  // no stale use was attempted
  } else if (o.kind === 'ok') {
    // A reused table slot: the number now names a handle the tenant itself owns.
    expectOutcome(o, 'ok', 'use-handle');
    const m = /new handles \[([\d,]*)\]; USED parent (\d+) /.exec(o.value);
    assert.ok(m, o.value);
    assert.ok(m[1].split(',').includes(m[2]), `stale number aliases a foreign handle: ${o.value}`);
  } else {
    expectOutcome(o, 'resource-error', 'use-handle', 'Node');
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
          expectOutcome(o, 'ok', 'use-handle');
          const m = /^holding mnemonic (\d+);/.exec(o.value);
          assert.ok(hold && name === 'mnemonic' && m && Number(m[1]) === h, `forged handle accepted: ${o.value}`);
        } else {
          expectOutcome(o, 'resource-error', 'use-handle', JS_RES[which]);
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
    expectOutcome(o, 'ok', 'sign-big');
    assert.equal(o.value, ref.r + ref.s + (ref.recid & 1 ? '01' : '00'), 'signature matches noble');
    console.log('hostile: 16 MiB signature matches noble (keccak256 + RFC 6979)');
  } else {
    // A clean failure is acceptable, recorded above: out of memory (jco), or the wasmtime
    // host's per-call data limit.
    expectOutcome(o, L.rt.name === 'wasmtime' ? 'host-limit' : 'engine-trap', 'sign-big');
  }
});

test('derive 10,000 levels deep', async () => {
  const depth = 10000;
  const o = await attempt('deepDerive', depth);
  await report(`derive ${depth} levels`, o);
  expectOutcome(o, 'ok', 'derive-deep');
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

test('stack overflow: frames 256 bytes below the shadow stack trap, no data is overwritten', async () => {
  // Every component links its stack below its data (cmake/WitComponent.cmake, --stack-first):
  // frames past the bottom run below address 0 and the store traps. With the stack above the
  // data the frames would overwrite it silently and the export would return "OVERFLOWED ...".
  const o = await attempt('stackOverflow', 256);
  await report('recursion 256 bytes past the stack', o);
  expectOutcome(o, 'tenant-trap', 'stack-overflow');
  assert.ok(!o.steps.includes('stack-overflow-survived'), `the overflow did not trap: ${o.steps.join(', ')}`);
});

test('classification: a tenant that fails before its attack step, or a missing export, is not a refused attack', async () => {
  // No MNEMONIC for the provider: the tenant traps in its own setup, before any attack step.
  const steps = [];
  const { tenant, instances } = await linkTenant(hostile, steps, {});
  const o = { ...classify(() => tenant.useAfterDrop(1), instances), steps };
  console.log(`hostile: use-after-drop without MNEMONIC → ${describe(o)}, steps [${steps.join(', ')}]`);
  assert.equal(o.kind, 'tenant-trap', describe(o));
  assert.deepEqual(steps, []);
  assert.throws(() => expectOutcome(o, 'resource-error', 'use-handle', 'Node'), /never reached its attack step|resource-error/);
  // A misspelled export is a host error, never a trap.
  const typo = classify(() => tenant.useAfterDorp(1), instances);
  assert.equal(typo.kind, 'host-error', describe(typo));
});
