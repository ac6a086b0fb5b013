// Linking: engine + mnemonic-provider-env + a test tenant (tests/components/tenant), and
// engine + root-node-provider, each component with its own WASI environment.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as L from './lib.mjs';

const ZOO = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote';
const ZOO_KEY = '02bd51e5b1a6e8271e1f87d2464b856790800c6c5fd38acdf1cee73857735fc8a4';
let engine, mnemonicProvider, rootProvider, tenant;

before(async () => {
  [engine, mnemonicProvider, rootProvider, tenant] = await Promise.all(
    ['isolated-crypto-engine', 'mnemonic-provider-env', 'root-node-provider', 'components-test-tenant'].map((n) => L.load(n)));
});

test('tenant gets the key of m/44\'/60\'/0\'/0/0 through the mnemonic provider, never MNEMONIC', async () => {
  const { tenant: t } = await L.rt.link({ tenant, engine, providers: [mnemonicProvider], providerEnv: { MNEMONIC: ZOO } });
  const out = t.probe();
  console.log(`tenant probe: ${out}`);
  assert.equal(out, `${ZOO_KEY};mnemonic-env=empty`);
});

test('tenant with an explicit MNEMONIC in its own environment sees it (the probe works)', async () => {
  const { tenant: t } = await L.rt.link({
    tenant, engine, providers: [mnemonicProvider], providerEnv: { MNEMONIC: ZOO }, tenantEnv: { MNEMONIC: 'x' },
  });
  assert.equal(t.probe(), `${ZOO_KEY};mnemonic-env=set`);
});

test('mnemonic provider: MNEMONIC unset or invalid → err(message) without words', async () => {
  for (const [env, want] of [
    [{}, "MNEMONIC is not set in the provider's environment"],
    [{ MNEMONIC: '' }, "MNEMONIC is not set in the provider's environment"],
    [{ MNEMONIC: 'zoo '.repeat(24).trim() }, 'invalid mnemonic checksum'],
  ]) {
    const { tenant: t } = await L.rt.link({ tenant, engine, providers: [mnemonicProvider], providerEnv: env });
    assert.equal(t.probe(), `error: ${want}`);
  }
});

async function rootNode(env) {
  const { instances } = await L.rt.link({ engine, providers: [rootProvider], providerEnv: env });
  return instances.providers[0][L.IFACE('root-node-provider')].getRootNode();
}

function reference(mnemonic, passphrase, p) {
  return L.HDKey.fromMasterSeed(L.bip39.mnemonicToSeedSync(mnemonic, passphrase)).derive(p);
}

test("root-node provider: ROOT_NODE_PATH=m/44'/60'/7' equals the noble/scure derivation", async () => {
  const p = "m/44'/60'/7'";
  const node = await rootNode({ MNEMONIC: ZOO, ROOT_NODE_PATH: p });
  const want = reference(ZOO, '', p);
  console.log(`root node ${p}: ${L.point(node.getPublicKey())}`);
  assert.equal(L.point(node.getPublicKey()), L.hex(want.publicKey));
  assert.equal(L.hex(node.getChainCode()), L.hex(want.chainCode));
  // The returned node is an engine handle: derive and sign below it.
  const child = node.derive(0).derive(5);
  assert.equal(L.point(child.getPublicKey()), L.hex(want.deriveChild(0).deriveChild(5).publicKey));
  const digest = L.sha256(new TextEncoder().encode('root'));
  assert.deepEqual(L.compSig(child.intoSecp256k1EcdsaKey().signRaw(digest, 7)),
    L.nobleSign(digest, want.deriveChild(0).deriveChild(5).privateKey, 7));
});

test('root-node provider: PASSPHRASE and "m" (the master)', async () => {
  const node = await rootNode({ MNEMONIC: ZOO, ROOT_NODE_PATH: "m/1h/2H/3", PASSPHRASE: 'Ümlaut ☃' });
  assert.equal(L.point(node.getPublicKey()), L.hex(reference(ZOO, 'Ümlaut ☃', "m/1'/2'/3").publicKey));
  const master = await rootNode({ MNEMONIC: ZOO, ROOT_NODE_PATH: 'm' });
  assert.equal(L.point(master.getPublicKey()), '03115e0cb655e65c687cd435a03c73503da216a50176023d2537f54334534bad27');
});

test('root-node provider: bad configuration → err(message)', async () => {
  for (const [env, re] of [
    [{ MNEMONIC: ZOO }, /^ROOT_NODE_PATH is not set/],
    [{ MNEMONIC: ZOO, ROOT_NODE_PATH: "m/44'/x" }, /^ROOT_NODE_PATH "m\/44'\/x": invalid derivation path \(at character \d+\)$/],
    [{ MNEMONIC: ZOO, ROOT_NODE_PATH: 'm//1' }, /empty derivation path component/],
    [{ MNEMONIC: ZOO, ROOT_NODE_PATH: 'm/2147483648' }, /out of range/],
    [{ ROOT_NODE_PATH: 'm/0' }, /^MNEMONIC is not set/],
    [{ MNEMONIC: 'zoo '.repeat(24).trim(), ROOT_NODE_PATH: 'm/0' }, /^invalid mnemonic checksum$/],
  ]) {
    let message;
    await assert.rejects(rootNode(env), (e) => {
      message = e.payload;
      return typeof message === 'string' && re.test(message);
    }, `env ${JSON.stringify(env)}`);
    assert.ok(!message.includes('zoo'));
    console.log(`root-node provider ${JSON.stringify(env.ROOT_NODE_PATH ?? null)}: err("${message}")`);
  }
});

// A stand-in component with the given imports: instantiating it returns its import object.
const fakeComponent = (imports) => ({ name: 'version-probe', imports, typeOnly: new Set(), instantiate: async (io) => io });

test('host links by semver compatibility: 0.14.x binds to the 0.14.0 export, 0.15.0 and 1.0.0 are refused', async () => {
  const api = await L.engineApi(engine);
  const provided = L.host.exportedInterfaces(api.inst);
  const bip39 = 'mrnerdhair:isolated-crypto/bip39';
  // Same minor (0.x): linked to the engine's 0.14.0 export.
  for (const v of ['0.14.0', '0.14.7']) {
    const io = await L.host.instantiateWith(fakeComponent([`${bip39}@${v}`]), { provided });
    assert.equal(io[`${bip39}@${v}`], api.bip39, `import @${v}`);
  }
  // Another minor or major: a link error naming what is exported.
  for (const v of ['0.15.0', '0.13.9', '1.0.0']) {
    await assert.rejects(L.host.instantiateWith(fakeComponent([`${bip39}@${v}`]), { provided }),
      (e) => e instanceof L.host.HostError && e.message.includes(`imports ${bip39}@${v}`) && e.message.includes(`${bip39}@0.14.0`)
        && e.message.includes('not semver-compatible'), `import @${v}`);
  }
  // WASI: the host's 0.2 shim serves 0.2.x only.
  const wasiOk = await L.host.instantiateWith(fakeComponent(['wasi:cli/environment@0.2.3']), { provided });
  assert.equal(typeof wasiOk['wasi:cli/environment@0.2.3'].getEnvironment, 'function');
  await assert.rejects(L.host.instantiateWith(fakeComponent(['wasi:cli/environment@0.3.0']), { provided }), L.host.HostError);
  assert.deepEqual(['0.14.0', '0.14.9', '0.15.0', '1.0.0', '1.4.2', '0.0.1'].map((v) => L.host.semverCompatible(v, '0.14.0')),
    [true, true, false, false, false, false]);
  assert.equal(L.host.semverCompatible('1.4.2', '1.0.0'), true);
  assert.equal(L.host.semverCompatible('0.0.1', '0.0.2'), false);
});
