// The example Ethereum tenant (examples/ethereum_tenant, unchanged) through the guard on the
// selected runtime: transactions, EIP-712 typed data and EIP-7702 authorizations end to end,
// with a bot policy (one contract, one chain, one selector, no value; one typed-data domain;
// one delegate). Allowed requests answer exactly what the tenant answers without the guard;
// denied ones fail the task with the rule, and the task's last audit line is that denial with
// the classification's facts.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';

import * as L from '../components/lib.mjs';
import { ethers, runEthereumTask } from '../ethereum/tenant.mjs';

const { rt } = L;
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const ADDRESS = '0x9858EfFD232B4033E47d90003D41EC34EcaEda94';
const USDC = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48';
const DELEGATE = '0x63c0c19a282a1B52b07dD5a65b58948A07DAE32B';
const OTHER = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045';
const transfer = (to, amount) => new ethers.Interface(['function transfer(address,uint256)']).encodeFunctionData('transfer', [to, amount]);
const TX = {
  type: 2, chainId: 1, nonce: 7, to: USDC, value: '0', gas: 60000, maxFeePerGas: '0x4a817c800',
  maxPriorityFeePerGas: '1500000000', data: transfer(OTHER, 1000000n), accessList: [],
};
const PERMIT = {
  types: {
    EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
    Permit: [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' },
      { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }],
  },
  primaryType: 'Permit',
  domain: { name: 'USD Coin', version: '2', chainId: 1, verifyingContract: USDC },
  message: { owner: ADDRESS, spender: DELEGATE, value: '1000000', nonce: 0, deadline: '1767225600' },
};
const BOT = {
  operations: { derive: true, sign: true },
  digests: ['keccak256'],
  derivation: { paths: ["44'/60'/0'/0/0"] },
  sign: {
    transactions: { types: [2], 'chain-ids': [1], to: [USDC], 'max-value': '0', selectors: ['0xa9059cbb'] },
    'typed-data': { domains: [ethers.TypedDataEncoder.hashDomain(PERMIT.domain)] },
    authorizations: { delegates: [DELEGATE], 'chain-ids': [1] },
  },
};

let tmp;
const passed = { allowed: 0, denied: 0 };
let n = 0;
before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'guard-eth-'));
});

/** One task; through the guard when policy is given. { ok, text } | { ok: false, error } | { denied }. */
async function run(request, policy) {
  const auditFile = path.join(tmp, `audit-${++n}`);
  const guard = policy ? { policy: JSON.stringify(policy), tenantName: 'eth', auditFile } : undefined;
  let r;
  try {
    r = await runEthereumTask(request, { mnemonic: MNEMONIC, guard });
  } catch (e) {
    if (e instanceof rt.HostError && /^denied by policy: /.test(e.message)) return { denied: e.message, audit: lines(auditFile) };
    throw e;
  }
  return r.ok ? { ...r, audit: lines(auditFile) } : r;
}
const lines = (f) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

const ALLOWED = [
  ['ERC-20 transfer on chain 1 to the listed contract', { op: 'sign-tx', tx: TX }, 'transaction'],
  ['EIP-712 Permit of the listed domain', { op: 'sign-typed-data', typedData: PERMIT }, 'typed-data'],
  ['EIP-7702 authorization to the listed delegate', { op: 'sign-authorization', chainId: 1, address: DELEGATE, nonce: 3 }, 'authorization'],
];
for (const [label, request, kind] of ALLOWED) {
  test(`${rt.name}: Ethereum tenant through the guard, allowed: ${label}, same answer as without the guard`, async () => {
    const direct = await run(request);
    assert.ok(direct.ok, direct.error);
    const guarded = await run(request, BOT);
    assert.ok(guarded.ok, JSON.stringify(guarded));
    assert.equal(guarded.text, direct.text);
    const sign = guarded.audit.filter((l) => l.operation === 'sign');
    assert.equal(sign.length, 1);
    assert.equal(sign[0].kind, kind);
    assert.equal(sign[0].decision, 'allow');
    assert.equal(sign[0].address, ADDRESS);
    passed.allowed += 1;
  });
}

const DENIED = [
  ['a transaction to another address', { op: 'sign-tx', tx: { ...TX, to: OTHER } }, 'sign.tx.to', 'transaction', (d) => assert.equal(d.to.toLowerCase(), OTHER.toLowerCase())],
  ['a transaction on another chain', { op: 'sign-tx', tx: { ...TX, chainId: 5 } }, 'sign.tx.chain-ids', 'transaction', (d) => assert.equal(d.chainId, '5')],
  ['a transaction carrying value', { op: 'sign-tx', tx: { ...TX, value: '1' } }, 'sign.tx.value', 'transaction'],
  ['approve instead of transfer', { op: 'sign-tx', tx: { ...TX, data: `0x095ea7b3${TX.data.slice(10)}` } }, 'sign.tx.selectors', 'transaction', (d) => assert.equal(d.selector, '0x095ea7b3')],
  ['a type-1 transaction', { op: 'sign-tx', tx: { ...TX, type: 1, gasPrice: '1000000000', maxFeePerGas: undefined, maxPriorityFeePerGas: undefined } }, 'sign.tx.types', 'transaction'],
  ['EIP-712 of another domain', { op: 'sign-typed-data', typedData: { ...PERMIT, domain: { ...PERMIT.domain, name: 'Fake USD' } } }, 'sign.typed-data.domains', 'typed-data'],
  ['EIP-7702 to another delegate', { op: 'sign-authorization', chainId: 1, address: OTHER, nonce: 3 }, 'sign.authorization.delegates', 'authorization'],
  ['EIP-7702 valid on every chain', { op: 'sign-authorization', chainId: 0, address: DELEGATE, nonce: 3 }, 'sign.authorization.chain-id-0', 'authorization'],
];
for (const [label, request, rule, kind, checkDetail] of DENIED) {
  test(`${rt.name}: Ethereum tenant through the guard, denied: ${label} (${rule}), audited`, async () => {
    const direct = await run(request);
    assert.ok(direct.ok, `without the guard the tenant signs it: ${direct.error}`);
    const r = await run(request, BOT);
    assert.ok(r.denied, JSON.stringify(r));
    assert.match(r.denied, new RegExp(`^denied by policy: ${rule.replace(/[.]/g, '\\.')}: `));
    const last = r.audit.at(-1);
    assert.equal(last.decision, 'deny');
    assert.equal(last.rule, rule);
    assert.equal(last.kind, kind);
    assert.equal(last.address, ADDRESS);
    checkDetail?.(last.detail);
    // The next task runs normally.
    const next = await run(ALLOWED[0][1], BOT);
    assert.ok(next.ok, JSON.stringify(next));
    passed.denied += 1;
  });
}

test(`${rt.name}: Ethereum tenant with a personal-sign-only policy: a transaction is denied`, async () => {
  const personal = { operations: { derive: true, sign: true }, digests: ['keccak256'], derivation: { paths: ["44'/60'/0'/0/0"] }, sign: { 'personal-message': {} } };
  const r = await run({ op: 'sign-tx', tx: TX }, personal);
  assert.match(r.denied ?? '', /^denied by policy: sign\.tx: transactions not allowed$/);
  passed.denied += 1;
});

// ---- examples/policies/bot-one-contract.json (the operator's example) -----------------------
const examplePolicy = (name) => JSON.parse(readFileSync(path.join(L.repoRoot, 'examples', 'policies', name), 'utf8'));
const WETH = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2';
const DEPOSIT = { ...TX, to: WETH, value: '50000000000000000', data: '0xd0e30db0' };

test(`${rt.name}: examples/policies/bot-one-contract.json: a WETH deposit under the cap is signed, as without the guard`, async () => {
  const request = { op: 'sign-tx', tx: DEPOSIT };
  const direct = await run(request);
  const guarded = await run(request, examplePolicy('bot-one-contract.json'));
  assert.ok(guarded.ok, JSON.stringify(guarded));
  assert.equal(guarded.text, direct.text);
  passed.allowed += 1;
});

for (const [label, request, rule] of [
  ['above the value cap', { op: 'sign-tx', tx: { ...DEPOSIT, value: '200000000000000000' } }, 'sign.tx.value'],
  ['another contract', { op: 'sign-tx', tx: { ...DEPOSIT, to: USDC } }, 'sign.tx.to'],
  ['two signatures in one task (per-task 1)', [{ op: 'sign-tx', tx: DEPOSIT }, { op: 'sign-tx', tx: { ...DEPOSIT, nonce: 8 } }], 'rate.per-task'],
  ['typed data', { op: 'sign-typed-data', typedData: PERMIT }, 'sign.typed-data'],
]) {
  test(`${rt.name}: examples/policies/bot-one-contract.json: ${label} → ${rule}`, async () => {
    const r = await run(request, examplePolicy('bot-one-contract.json'));
    assert.match(r.denied ?? JSON.stringify(r), new RegExp(`^denied by policy: ${rule.replace(/[.]/g, '\\.')}: `));
    assert.equal(r.audit.at(-1).rule, rule);
    passed.denied += 1;
  });
}

test('summary', () => {
  const total = ALLOWED.length + DENIED.length + 1 + 5;  // + the example policy's cases
  const failures = total - passed.allowed - passed.denied;
  console.log(`guard with the Ethereum tenant (${rt.name}): ${total} cases (${passed.allowed} allowed and identical, ${passed.denied} denied and audited), ${failures} failures`);
  assert.equal(failures, 0);
});
