// node --test adapters/wit/tests/guard/
//
// The guard component (adapters/wit/components/guard) between a tenant and the engine, on the
// selected runtime (ISOLATED_CRYPTO_RUNTIME=jco|wasmtime, ../runtimes):
// - the allow/deny matrix: the scripted tenant (tenant/) tries each operation a policy rule
//   decides, hostile ones included (sign-raw of a transaction hash, EIP-712 with an unlisted
//   domain, non-canonical RLP and trailing bytes, 7702 to an unlisted delegate, bursts past
//   the rate limits across tasks, derivation outside the allowed paths). Every denial must be
//   the task's error (`denied by policy: <rule>: <what>`) and the last audit line of the
//   task; after each denial the next task runs normally and gives the engine's bytes;
// - allowed operations give the same bytes as the engine without the guard;
// - the demo tenant through the guard: allowed with the personal-sign policy (its signature
//   verified by ethers), denied with `{}`;
// - an invalid policy stops the task before the tenant runs.
// Prints `guard matrix (<runtime>): N cases (A allowed, D denied and audited), 0 failures`.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { verifyMessage } from '../../host/node_modules/ethers/lib.esm/index.js';
import * as L from '../components/lib.mjs';
import * as E from './eth.mjs';

const { rt } = L;
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const ADDRESS = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';  // m/44'/60'/0'/0/0
const ROOT_NODE_PATH = "m/44'/60'/0'";
const KEY = "key mnemonic m/44'/60'/0'/0/0";
const cli = process.env.ISOLATED_CRYPTO_CLI ?? path.join(L.repoRoot, 'build', 'native', 'examples', 'cli', 'isolated-crypto');
const noCli = existsSync(cli) ? false : `native CLI not built (${cli}): cmake --build --preset native --target isolated-crypto`;
const policyFile = (name) => JSON.parse(readFileSync(path.join(L.here, '..', 'guard', 'policies', name), 'utf8'));
const ALLOW_ALL = policyFile('allow-all.json');

let C;        // loaded components
let tmp;      // audit and rate-state files
let baselineDirect;  // the baseline script's output straight on the engine
const tally = { attempted: 0, cases: 0, allowed: 0, denied: 0 };  // cases: those that passed

// The script every "next task" runs: one of each operation.
const BASELINE = [KEY, 'public-key', 'chain-code', `sign keccak256 ${E.hex(E.personal('next task'))}`,
  `sign sha256 ${E.hex(E.utf8('x'))}`, `sign-raw ${'11'.repeat(32)}`].join('\n');

before(async () => {
  C = {
    engine: await L.load('isolated-crypto-engine'),
    mnemonic: await L.load('mnemonic-provider-env'),
    root: await L.load('root-node-provider'),
    guard: await L.load('isolated-crypto-guard'),
    scripted: await L.load('guard-test-tenant'),
    demo: await L.load('isolated-crypto-demo'),
  };
  tmp = mkdtempSync(path.join(os.tmpdir(), 'guard-test-'));
  const r = await task({ script: BASELINE, guard: null });
  assert.ok(r.ok, `baseline on the engine: ${r.error}`);
  baselineDirect = r.value;
});

/**
 * One task of the scripted tenant (or `tenant`), through the guard with `policy` unless guard
 * is null. Returns { ok, value } | { ok: false, error } | { denied: message }.
 */
async function task({ script, policy, guard, auditFile = null, rateState = null, tenant, tenantEnv = {}, tenantName = 'scripted' }) {
  const options = {
    tenant: tenant ?? C.scripted,
    engine: C.engine,
    providers: [C.mnemonic, C.root],
    providerEnv: { MNEMONIC, ROOT_NODE_PATH },
    tenantEnv,
    request: E.utf8(script),
  };
  if (guard !== null) {
    options.guard = { component: C.guard, policy: typeof policy === 'string' ? policy : JSON.stringify(policy), tenantName, auditFile, rateState };
  }
  try {
    const r = await rt.runTask(options);
    if (r.ok && r.value && typeof r.value === 'object' && 'tag' in r.value) {  // jco: a named result type
      return r.value.tag === 'ok' ? { ok: true, value: E.text(r.value.val) } : { ok: false, error: String(r.value.val) };
    }
    return r.ok ? { ok: true, value: E.text(r.value) } : r;
  } catch (e) {
    if (e instanceof rt.HostError && /^denied by policy: /.test(e.message)) return { denied: e.message };
    throw e;
  }
}

function passed(allowed) {
  tally.cases += 1;
  tally[allowed ? 'allowed' : 'denied'] += 1;
}

let fileNo = 0;
const freshFile = (what) => path.join(tmp, `${what}-${++fileNo}`);
const auditLines = (file) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

/**
 * Runs `script` under `policy` and checks the outcome: expect 'allow', or the rule of the
 * denial. Every operation is audited: a denial is the task's error and its last audit line;
 * a signing line names the key's address and the digest of what was to be signed
 * (`digest`, if given). After a denial the next task (the baseline) runs normally.
 */
async function expectCase(name, { policy, script, expect, digest, auditFile = freshFile('audit'), rateState = null, op }) {
  const r = await task({ script, policy, auditFile, rateState });
  const lines = auditLines(auditFile);
  const last = lines.at(-1);
  tally.attempted += 1;
  if (expect === 'allow') {
    assert.ok(r.ok, `${name}: want allowed, got ${JSON.stringify(r)}`);
    assert.ok(lines.length > 0 && lines.every((l) => l.decision === 'allow'), `${name}: audit ${JSON.stringify(lines)}`);
  } else {
    assert.ok(r.denied, `${name}: want denied by ${expect}, got ${JSON.stringify(r)}`);
    assert.match(r.denied, new RegExp(`^denied by policy: ${expect.replace(/[.]/g, '\\.')}: \\S`), name);
    assert.equal(last?.decision, 'deny', `${name}: last audit line ${JSON.stringify(last)}`);
    assert.equal(last.rule, expect, name);
    assert.equal(`denied by policy: ${last.rule}: ${last.what}`, r.denied, `${name}: audit and error agree`);
    assert.ok(lines.slice(0, -1).every((l) => l.decision === 'allow'), `${name}: one denial, at the end`);
  }
  if (op) assert.equal(last.operation, op, name);
  if (op === 'sign' || op === 'sign-raw') {
    // The mnemonic's m/44'/60'/0'/0/0, or another key (root-node cases): a checksummed address.
    if (script.startsWith(KEY)) assert.equal(last.address, ADDRESS, name);
    else assert.match(last.address, /^0x[0-9a-fA-F]{40}$/, name);
    assert.match(last.public_key, /^0x0[23][0-9a-f]{64}$/, name);
  }
  if (digest) assert.equal(last.digest, `0x${E.hex(digest)}`, name);
  for (const l of lines) {
    assert.equal(l.tenant, 'scripted');
    assert.ok(Number.isInteger(l.time_ms) && l.time_ms > 1.6e12, `${name}: time_ms ${l.time_ms}`);
  }
  if (expect !== 'allow') {
    const next = await task({ script: BASELINE, policy: ALLOW_ALL });
    assert.deepEqual(next, { ok: true, value: baselineDirect }, `${name}: the next task`);
  }
  passed(expect === 'allow');
  return r;
}

// ---- policies and preimages ----------------------------------------------------------------

const TO = '0x1111111111111111111111111111111111111111';
const OTHER = '0x2222222222222222222222222222222222222222';
const DELEGATE = '0x3333333333333333333333333333333333333333';
const TRANSFER = 'a9059cbb';
const DOMAIN = '44'.repeat(32);
const PATHS = { derivation: { paths: ["44'/60'/0'/0/0"] } };
const PERSONAL = { operations: { derive: true, sign: true }, digests: ['keccak256'], ...PATHS, sign: { 'personal-message': {} } };
const BOT = {
  operations: { derive: true, sign: true },
  digests: ['keccak256'],
  ...PATHS,
  sign: {
    'typed-data': { domains: [`0x${DOMAIN}`] },
    transactions: { types: [2], 'chain-ids': [1], to: [TO], 'max-value': '1000000000000000000', selectors: [`0x${TRANSFER}`] },
    authorizations: { delegates: [DELEGATE], 'chain-ids': [1] },
  },
};
const call = E.unhex(`${TRANSFER}${'00'.repeat(64)}`);
const tx = (fields = {}) => E.eip1559({ chainId: 1, nonce: 7, to: TO, value: 10n ** 17n, data: call, ...fields });
const sign = (preimage) => `${KEY}\nsign keccak256 ${E.hex(preimage)}`;

const MATRIX = [
  // [name, policy, preimage or script, expected rule or 'allow', operation]
  ['personal message, personal-sign policy', PERSONAL, E.personal('hello'), 'allow'],
  ['personal message without the required prefix', { ...PERSONAL, sign: { 'personal-message': { prefix: 'Login: ' } } }, E.personal('hello'), 'sign.personal-message.prefix'],
  ['personal message with the prefix', { ...PERSONAL, sign: { 'personal-message': { prefix: 'Login: ' } } }, E.personal('Login: x'), 'allow'],
  ['personal message at max-length', { ...PERSONAL, sign: { 'personal-message': { prefix: 'Login: ', 'max-length': 8 } } }, E.personal('Login: x'), 'allow'],
  ['personal message above max-length', { ...PERSONAL, sign: { 'personal-message': { prefix: 'Login: ', 'max-length': 8 } } }, E.personal('Login: xy'), 'sign.personal-message.max-length'],
  ['personal message under a bot policy', BOT, E.personal('hello'), 'sign.personal-message'],
  ['personal message whose length lies (malformed)', PERSONAL, E.concat(E.utf8('\x19Ethereum Signed Message:\n9'), E.utf8('hello')), 'sign.malformed'],
  ['unclassified bytes (default deny)', PERSONAL, E.utf8('hello'), 'sign.unclassified'],
  ['sign-raw of a transaction hash', BOT, `${KEY}\nsign-raw ${E.hex(L.keccak_256(tx()))}`, 'operations.sign-raw', 'sign-raw'],
  ['sign-raw when enabled', { ...BOT, operations: { ...BOT.operations, 'sign-raw': true } }, `${KEY}\nsign-raw ${E.hex(L.keccak_256(tx()))}`, 'allow', 'sign-raw'],
  ['sha256 digest, keccak256 only', PERSONAL, `${KEY}\nsign sha256 ${E.hex(E.utf8('hello'))}`, 'digests'],
  ['sign not enabled', { ...PERSONAL, operations: { derive: true } }, E.personal('hello'), 'operations.sign'],
  ['EIP-712, listed domain', BOT, E.typedData(DOMAIN, '55'.repeat(32)), 'allow'],
  ['EIP-712, unlisted domain', BOT, E.typedData('66'.repeat(32), '55'.repeat(32)), 'sign.typed-data.domains'],
  ['EIP-712 with a trailing byte', BOT, E.concat(E.typedData(DOMAIN, '55'.repeat(32)), [0]), 'sign.malformed'],
  ['EIP-1559 transfer call to the listed contract', BOT, tx(), 'allow'],
  ['EIP-1559 to an unlisted address', BOT, tx({ to: OTHER }), 'sign.tx.to'],
  ['EIP-1559 on another chain', BOT, tx({ chainId: 5 }), 'sign.tx.chain-ids'],
  ['EIP-1559 above the value cap', BOT, tx({ value: 2n * 10n ** 18n }), 'sign.tx.value'],
  ['EIP-1559 with an unlisted selector', BOT, tx({ data: E.unhex('095ea7b3') }), 'sign.tx.selectors'],
  ['EIP-1559 contract creation', BOT, tx({ to: null }), 'sign.tx.create'],
  ['EIP-1559 with trailing bytes', BOT, E.concat(tx(), [0x80]), 'sign.malformed'],
  ['EIP-1559 with a non-canonical integer (leading zero)', BOT, E.eip1559({ chainId: 1, nonce: 7, to: TO, value: 1n, data: call, nonCanonicalNonce: true }), 'sign.malformed'],
  ['legacy (type 0) transaction, type 2 only', BOT, E.legacy({ chainId: 1, nonce: 1, to: TO, value: 1n, data: call }), 'sign.tx.types'],
  ['7702 authorization to the listed delegate', BOT, E.authorization({ chainId: 1, delegate: DELEGATE, nonce: 0 }), 'allow'],
  ['7702 authorization to an unlisted delegate', BOT, E.authorization({ chainId: 1, delegate: OTHER, nonce: 0 }), 'sign.authorization.delegates'],
  ['7702 authorization with chain id 0', BOT, E.authorization({ chainId: 0, delegate: DELEGATE, nonce: 0 }), 'sign.authorization.chain-id-0'],
  ['derivation outside the allowed paths', PERSONAL, "key mnemonic m/44'/60'/1'/0/0", 'derivation.paths', 'derive'],
  ['derivation below the allowed path', PERSONAL, "key mnemonic m/44'/60'/0'/0/0/0", 'derivation.paths', 'derive'],
  ['derive not enabled ({})', {}, KEY, 'operations.derive', 'derive'],
  ['get-chain-code not enabled', PERSONAL, `${KEY}\nchain-code`, 'operations.get-chain-code', 'get-chain-code'],
  ['get-chain-code enabled', { ...PERSONAL, operations: { ...PERSONAL.operations, 'get-chain-code': true } }, `${KEY}\nchain-code`, 'allow', 'get-chain-code'],
  // Relative confinement: the root the tenant received is the provider's m/44'/60'/0'.
  ['root node: allowed pattern 0/*', { ...PERSONAL, derivation: { paths: ['0/*'] } }, `key root m/0/7\n${sign(E.personal('r')).split('\n')[1]}`, 'allow'],
  ['root node: outside 0/*', { ...PERSONAL, derivation: { paths: ['0/*'] } }, 'key root m/1', 'derivation.paths', 'derive'],
  ['root node: max-depth 1', { ...PERSONAL, derivation: { paths: ['0/*'], 'max-depth': 1 } }, 'key root m/0/7', 'derivation.max-depth', 'derive'],
  ['root node: hardened-only', { ...PERSONAL, derivation: { paths: ['*'], 'hardened-only': true } }, 'key root m/0', 'derivation.hardened-only', 'derive'],
  ['root node: hardened child under hardened-only', { ...PERSONAL, derivation: { paths: ['*'], 'hardened-only': true } }, "key root m/5'", 'allow', 'derive'],
];

for (const [name, policy, what, expect, op] of MATRIX) {
  test(`matrix: ${name} → ${expect}`, async () => {
    const isScript = typeof what === 'string';
    const preimage = isScript ? null : what;
    await expectCase(name, {
      policy,
      script: isScript ? what : sign(preimage),
      expect,
      op: op ?? 'sign',
      digest: preimage ? L.keccak_256(preimage) : undefined,
    });
  });
}

test('allowed operations through the guard give the engine\'s bytes', async () => {
  const through = await task({ script: BASELINE, policy: ALLOW_ALL });
  assert.deepEqual(through, { ok: true, value: baselineDirect });
  assert.equal(baselineDirect.split('\n').filter(Boolean).length, 6);
  const script = [KEY, `sign keccak256 ${E.hex(tx())}`, `sign keccak256 ${E.hex(E.typedData(DOMAIN, '55'.repeat(32)))}`,
    `sign keccak256 ${E.hex(E.authorization({ chainId: 1, delegate: DELEGATE, nonce: 0 }))}`].join('\n');
  const direct = await task({ script, guard: null });
  const guarded = await task({ script, policy: BOT });
  assert.ok(direct.ok, direct.error);
  assert.deepEqual(guarded, direct);
});

test('rate: signatures per task', async () => {
  const policy = { ...PERSONAL, rate: { 'per-task': 2 } };
  const s = (n) => [KEY, ...Array.from({ length: n }, (_, i) => `sign keccak256 ${E.hex(E.personal(`m${i}`))}`)].join('\n');
  await expectCase('2 signatures, per-task 2', { policy, script: s(2), expect: 'allow', op: 'sign' });
  await expectCase('a burst of 3, per-task 2', { policy, script: s(3), expect: 'rate.per-task', op: 'sign' });
});

test('rate: signatures per window, counted by the host across tasks', async () => {
  const policy = { ...PERSONAL, rate: { window: { seconds: 3600, max: 2 } } };
  const rateState = freshFile('rate');
  const auditFile = freshFile('audit');
  const one = sign(E.personal('window'));
  await expectCase('task 1 of the window', { policy, script: one, expect: 'allow', rateState, auditFile: freshFile('audit') });
  await expectCase('task 2 of the window', { policy, script: one, expect: 'allow', rateState, auditFile: freshFile('audit') });
  await expectCase('task 3: past the window limit', { policy, script: one, expect: 'rate.window', rateState, auditFile, op: 'sign' });
  // Another tenant's window is its own; a fresh window (no state) allows again.
  const other = await task({ script: one, policy, rateState, tenantName: 'other' });
  assert.ok(other.ok, JSON.stringify(other));
  await expectCase('a new state file', { policy, script: one, expect: 'allow', rateState: freshFile('rate') });
});

test('rate: a refused signature does not consume the budget; a made one counts once', async () => {
  // Window 2, per task 1. Task 1 signs twice: the second is refused (rate.per-task); an
  // unclassified preimage is refused (sign.unclassified). Neither was made, so task 2's
  // signature is the window's second and is allowed; then the window is full, and the
  // refusals past it are not counted either: the state holds exactly the 2 made.
  const policy = { ...PERSONAL, rate: { 'per-task': 1, window: { seconds: 3600, max: 2 } } };
  const rateState = freshFile('rate');
  const s = (n) => [KEY, ...Array.from({ length: n }, (_, i) => `sign keccak256 ${E.hex(E.personal(`r${i}`))}`)].join('\n');
  await expectCase('task 1: 2 signatures, per-task 1', { policy, script: s(2), expect: 'rate.per-task', rateState, op: 'sign' });
  await expectCase('task 2: unclassified', { policy, script: sign(E.utf8('hello')), expect: 'sign.unclassified', rateState, op: 'sign' });
  await expectCase('task 3: the window\'s second signature', { policy, script: s(1), expect: 'allow', rateState });
  await expectCase('task 4: past the window', { policy, script: s(1), expect: 'rate.window', rateState, op: 'sign' });
  await expectCase('task 5: past the window again', { policy, script: s(1), expect: 'rate.window', rateState, op: 'sign' });
  assert.equal(JSON.parse(readFileSync(rateState, 'utf8')).scripted.length, 2, 'signatures counted in the rate state');
});

test('an invalid policy stops the task before the tenant runs, naming the field', async () => {
  const auditFile = freshFile('audit');
  for (const [policy, field] of [['{"operations": {"sign": "yes"}}', 'operations.sign'], ['{"sign": {"transactions": {"to": ["0x12"]}}}', 'sign.transactions.to[0]'],
    ['{"operatons": {}}', 'operatons'], ['not json', '']]) {
    await assert.rejects(task({ script: KEY, policy, auditFile }), (e) => {
      assert.ok(e instanceof rt.HostError, String(e));
      assert.match(e.message, new RegExp(`^invalid policy: ${field.replace(/[.[\]]/g, '\\$&')}`));
      return true;
    });
  }
  assert.deepEqual(auditLines(auditFile), []);
});

test('the audit file is appended to, never truncated', async () => {
  const auditFile = freshFile('audit');
  await task({ script: sign(E.personal('a')), policy: PERSONAL, auditFile });
  const first = auditLines(auditFile).length;
  await task({ script: sign(E.personal('b')), policy: PERSONAL, auditFile });
  const lines = auditLines(auditFile);
  assert.equal(lines.length, 2 * first);
  assert.equal(lines.filter((l) => l.operation === 'sign').length, 2);
  // Nothing secret: no mnemonic word, no private key of the path in any line.
  const text = readFileSync(auditFile, 'utf8');
  assert.doesNotMatch(text, /abandon|about/);
  const sk = L.HDKey.fromMasterSeed(L.bip39.mnemonicToSeedSync(MNEMONIC, '')).derive("m/44'/60'/0'/0/0").privateKey;
  assert.ok(!text.includes(E.hex(sk)));
});

test('a denied task leaves every audit line of its operations, in order, in the file', async () => {
  // The hosts may batch the lines of a task: the batch must be written when the task traps too.
  const auditFile = freshFile('audit');
  const script = `${sign(E.personal('first'))}\npublic-key\nsign-raw ${'ab'.repeat(32)}`;
  const r = await task({ script, policy: PERSONAL, auditFile });
  assert.match(r.denied ?? '', /^denied by policy: operations\.sign-raw: /);
  const lines = auditLines(auditFile);
  assert.deepEqual(lines.map((l) => `${l.operation} ${l.decision}`),
    [...Array(5).fill('derive allow'), 'sign allow', 'sign-raw deny']);
  assert.deepEqual(lines.slice(0, 5).map((l) => l.what.split('/').length), [1, 2, 3, 4, 5], 'derive lines in path order');
});

// ---- the operator side is out of a tenant's reach ----------------------------------------------

/** A jco dummy component of world `world` (tenant/wit/scripted.wit): its imports are what counts. */
async function dummyTenant(world) {
  const req = createRequire(path.join(L.hostDir, 'package.json'));
  const { _setPreopens } = await import(pathToFileURL(req.resolve('@bytecodealliance/preview2-shim/filesystem')).href);
  const jco = await import(pathToFileURL(req.resolve('@bytecodealliance/jco')).href);
  _setPreopens({ '/': '/' });
  const core = await jco.componentEmbed({ dummy: true, witPath: path.join(L.here, '..', 'guard', 'tenant', 'wit'), world });
  const file = path.join(tmp, `${world}.wasm`);
  writeFileSync(file, await jco.componentNew(core));
  return rt.load(file, world);
}

for (const [world, iface] of [['snoop-host', 'isolated-crypto:guard/host@0.1.0'], ['snoop-control', 'isolated-crypto:guard/control@0.1.0']]) {
  test(`a tenant importing ${iface} is not linked (the guard's operator side)`, async () => {
    const tenant = await dummyTenant(world);
    await assert.rejects(task({ script: '', policy: ALLOW_ALL, tenant }), (e) => {
      assert.ok(e instanceof rt.HostError, String(e));
      assert.match(e.message, new RegExp(`"${world}" imports ${iface.replace(/[.]/g, '\\.')}, which no linked component exports`));
      return true;
    });
  });
}

// ---- the host CLI (run.py on wasmtime, run.mjs on jco) ----------------------------------------

test(`${rt.name === 'wasmtime' ? 'run.py' : 'run.mjs'} --guard --policy --audit: exit 0 allowed, 4 denied, 3 invalid policy, 2 usage`, () => {
  const hostDir = path.join(L.witRoot, 'host');
  const cmd = rt.name === 'wasmtime' ? [path.join(L.repoRoot, 'build', 'tools', 'bin', 'python'), path.join(hostDir, 'run.py')]
    : [process.execPath, path.join(hostDir, 'run.mjs')];
  const comp = (n) => path.join(L.componentsDir, `${n}.wasm`);
  const run = (policy, extra = []) => {
    const policyPath = freshFile('policy');
    writeFileSync(policyPath, typeof policy === 'string' ? policy : JSON.stringify(policy));
    const auditFile = freshFile('audit');
    const r = spawnSync(cmd[0], [...cmd.slice(1), '--tenant', comp('guard-test-tenant'), '--engine', comp('isolated-crypto-engine'),
      '--provider', comp('mnemonic-provider-env'), '--provider-env', 'MNEMONIC', '--guard', comp('isolated-crypto-guard'),
      '--policy', policyPath, '--audit', auditFile, '--input', sign(E.personal('cli')), ...extra],
    { env: { ...process.env, MNEMONIC }, encoding: 'utf8' });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, audit: auditLines(auditFile) };
  };
  const ok = run(PERSONAL);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^key\n[0-9a-f]{64} [0-9a-f]{64} [0-3]\n/);
  assert.deepEqual(ok.audit.map((l) => l.decision), Array(6).fill('allow'));
  const denied = run({});
  assert.equal(denied.status, 4, denied.stderr);
  assert.equal(denied.stderr.trim(), 'run: denied by policy: operations.derive: derive not enabled');
  assert.equal(denied.audit.at(-1).rule, 'operations.derive');
  const invalid = run('{"rate": {"window": {"seconds": 10}}}');
  assert.equal(invalid.status, 3);
  assert.match(invalid.stderr, /^run: invalid policy: rate\.window\.max: /);
  assert.deepEqual(invalid.audit, []);
  const usage = spawnSync(cmd[0], [...cmd.slice(1), '--tenant', 'T', '--engine', 'E', '--guard', 'G'], { encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--guard and --policy go together/);
});

// ---- the demo tenant through the guard --------------------------------------------------------

let registry;
function startRegistry() {
  return new Promise((resolve, reject) => {
    const proc = spawn(cli, ['registry', '--host', '127.0.0.1', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`registry did not start: ${out}`)), 10000);
    proc.on('error', reject);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /registry: listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, base: m[1].replace(/\/$/, '') });
      }
    });
  });
}
after(() => registry?.proc.kill('SIGTERM'));

const DEMO_MNEMONIC = Array(23).fill('zoo').join(' ') + ' vote';
const DEMO_ADDRESS = '0x1959f5f4979c5Cd87D5CB75c678c770515cb5E0E';
async function demoTask(policy, auditFile) {
  registry ??= await startRegistry();
  const r = await rt.runTask({
    tenant: C.demo, engine: C.engine, providers: [C.mnemonic], providerEnv: { MNEMONIC: DEMO_MNEMONIC },
    tenantEnv: { ETHERSCAN_BASE_URL: registry.base }, request: E.utf8('hello from the guard test'),
    guard: { component: C.guard, policy, tenantName: 'demo', auditFile },
  });
  return r.ok && r.value && typeof r.value === 'object' && 'tag' in r.value ? { ok: r.value.tag === 'ok', value: r.value.val } : r;
}

test('demo tenant through the guard, examples/policies/personal-sign-only.json: published and verified', { skip: noCli }, async () => {
  tally.attempted += 1;
  const auditFile = freshFile('audit');
  const r = await demoTask(readFileSync(path.join(L.repoRoot, 'examples', 'policies', 'personal-sign-only.json'), 'utf8'), auditFile);
  assert.ok(r.ok, JSON.stringify(r));
  const entry = await (await fetch(`${E.text(r.value)}?format=json`)).json();
  assert.equal(entry.address, DEMO_ADDRESS);
  assert.equal(verifyMessage('hello from the guard test', entry.signature), DEMO_ADDRESS);
  const lines = auditLines(auditFile);
  assert.deepEqual(lines.map((l) => `${l.operation} ${l.decision}`), [...Array(5).fill('derive allow'), 'sign allow']);
  assert.equal(lines[5].kind, 'personal-message');
  assert.equal(lines[5].rule, 'sign.personal-message');  // the rule that allowed it
  assert.equal(lines[5].address, DEMO_ADDRESS);
  passed(true);
});

test('demo tenant through the guard, policy {}: denied and audited', { skip: noCli }, async () => {
  tally.attempted += 1;
  const auditFile = freshFile('audit');
  await assert.rejects(demoTask('{}', auditFile), (e) => e instanceof rt.HostError
    && e.message === 'denied by policy: operations.derive: derive not enabled');
  assert.deepEqual(auditLines(auditFile).map((l) => `${l.operation} ${l.decision} ${l.rule}`), ['derive deny operations.derive']);
  passed(false);
});

test('summary', () => {
  const failures = tally.attempted - tally.cases;
  console.log(`guard matrix (${rt.name}): ${tally.cases} cases (${tally.allowed} allowed, ${tally.denied} denied and audited), ${failures} failures`);
  assert.equal(failures, 0);
  assert.ok(tally.cases >= MATRIX.length);
});
