// node --test adapters/wit/tests/ethereum/   (ISOLATED_CRYPTO_RUNTIME=jco|wasmtime)
//
// The example Ethereum tenant (examples/ethereum_tenant) signs through the engine: an EIP-1559
// transaction, an ERC-2612 Permit (EIP-712) and an EIP-7702 authorization, each checked by
// ethers 6; a batch answers what the single requests answer, and what the native CLI's
// `request` command answers (byte for byte); bad requests come back as err naming the
// field, never as a trap, never with key material.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

import { cliPath, ethers, rt, runEthereumTask } from './tenant.mjs';

const MNEMONIC = Array(23).fill('zoo').join(' ') + ' vote';
const ADDRESS = '0x1959f5f4979c5Cd87D5CB75c678c770515cb5E0E';  // m/44'/60'/0'/0/0
const wallet = ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, "m/44'/60'/0'/0/0");
const run = (request, opts = {}) => runEthereumTask(request, { mnemonic: MNEMONIC, ...opts });

/** run() that must succeed; returns the answer parsed and as text. */
async function answer(request) {
  const r = await run(request);
  assert.ok(r.ok, `run-task failed: ${r.error}`);
  return { json: JSON.parse(r.text), text: r.text };
}

const DELEGATE = '0x63c0c19a282a1B52b07dD5a65b58948A07DAE32B';
const TX_1559 = {
  type: 2, chainId: 1, nonce: 7, to: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', value: '1000000000000000000',
  gas: 21000, maxFeePerGas: '0x4a817c800', maxPriorityFeePerGas: '1500000000', data: '0x',
  accessList: [{ address: DELEGATE, storageKeys: ['0x' + '00'.repeat(31) + '01'] }],
};
const PERMIT = {
  types: {
    EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' },
      { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }],
    Permit: [{ name: 'owner', type: 'address' }, { name: 'spender', type: 'address' }, { name: 'value', type: 'uint256' },
      { name: 'nonce', type: 'uint256' }, { name: 'deadline', type: 'uint256' }],
  },
  primaryType: 'Permit',
  domain: { name: 'USD Coin', version: '2', chainId: 1, verifyingContract: '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48' },
  message: { owner: ADDRESS, spender: DELEGATE, value: '1000000', nonce: 0, deadline: '1767225600' },
};
const AUTH = { chainId: 1, address: DELEGATE, nonce: 3 };

test(`${rt.name}: EIP-1559 transaction: ethers parses the signed form, sender and hash match`, async () => {
  const { json: out } = await answer({ op: 'sign-tx', tx: TX_1559 });
  const tx = ethers.Transaction.from(out.signed);
  assert.equal(tx.from, ADDRESS);
  assert.equal(out.from, ADDRESS);
  assert.equal(tx.hash, out.hash);
  assert.equal(ethers.keccak256(out.signed), out.hash);
  // It signed what was asked: every field as given.
  assert.equal(tx.type, 2);
  assert.equal(tx.chainId, 1n);
  assert.equal(tx.nonce, 7);
  assert.equal(tx.to, TX_1559.to);
  assert.equal(tx.value, 10n ** 18n);
  assert.equal(tx.gasLimit, 21000n);
  assert.equal(tx.maxFeePerGas, 20000000000n);
  assert.equal(tx.maxPriorityFeePerGas, 1500000000n);
  assert.deepEqual(tx.accessList, TX_1559.accessList);
  assert.equal(tx.signature.r, out.r);
  assert.equal(tx.signature.s, out.s);
  assert.equal(tx.signature.yParity, out.yParity);
  assert.equal(out.v, String(out.yParity));
  // RFC 6979 on both sides: the same signature as ethers' own.
  const { gas, ...fields } = TX_1559;
  const unsigned = ethers.Transaction.from({ ...fields, gasLimit: gas });
  unsigned.signature = wallet.signingKey.sign(unsigned.unsignedHash);
  assert.equal(out.signed, unsigned.serialized);
});

test(`${rt.name}: EIP-712 Permit (ERC-2612): verifyTypedData recovers the address; hashes as ethers`, async () => {
  const { json: out } = await answer({ op: 'sign-typed-data', typedData: PERMIT });
  const { EIP712Domain, ...types } = PERMIT.types;
  void EIP712Domain;
  assert.equal(ethers.verifyTypedData(PERMIT.domain, types, PERMIT.message, out.signature), ADDRESS);
  assert.equal(out.address, ADDRESS);
  assert.equal(out.digest, ethers.TypedDataEncoder.hash(PERMIT.domain, types, PERMIT.message));
  assert.equal(out.domainSeparator, ethers.TypedDataEncoder.hashDomain(PERMIT.domain));
  assert.equal(out.structHash, ethers.TypedDataEncoder.from(types).hash(PERMIT.message));
  assert.match(out.signature, /^0x[0-9a-f]{128}(1b|1c)$/);
});

/** keccak256(0x05 ‖ rlp([chainId, address, nonce])), built here from ethers' RLP. */
function authorizationHash(chainId, address, nonce) {
  const q = (v) => ethers.toBeArray(BigInt(v));
  return ethers.keccak256(ethers.concat(['0x05', ethers.encodeRlp([q(chainId), address, q(nonce)])]));
}

for (const [label, auth] of [['chain 1', AUTH], ['any chain, big nonce', { chainId: 0, address: DELEGATE, nonce: '18446744073709551615' }],
  ['chain id 2^256-1', { chainId: '0x' + 'ff'.repeat(32), address: DELEGATE.toLowerCase(), nonce: '0x0' }]]) {
  test(`${rt.name}: EIP-7702 authorization (${label}) recovers to the address`, async () => {
    const { json: out } = await answer({ op: 'sign-authorization', ...auth });
    assert.equal(out.chainId, BigInt(auth.chainId).toString());
    assert.equal(out.nonce, BigInt(auth.nonce).toString());
    assert.equal(out.address, DELEGATE);
    const sig = ethers.Signature.from({ r: out.r, s: out.s, yParity: out.yParity });
    const request = { chainId: BigInt(auth.chainId), address: DELEGATE, nonce: BigInt(auth.nonce) };
    assert.equal(ethers.verifyAuthorization(request, sig), ADDRESS);
    assert.equal(ethers.hashAuthorization(request), authorizationHash(auth.chainId, DELEGATE, auth.nonce));
    assert.equal(ethers.recoverAddress(authorizationHash(auth.chainId, DELEGATE, auth.nonce), sig), ADDRESS);
  });
}

test(`${rt.name}: other paths derive other keys; a batch answers what the single requests answer`, async () => {
  const path7 = "m/44'/60'/0'/0/7";
  const { json: a7 } = await answer({ op: 'address', path: path7 });
  assert.equal(a7.address, ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, path7).address);
  const { json: signed } = await answer({ op: 'sign-tx', tx: TX_1559 });
  const batch = [
    { op: 'sign-tx', tx: TX_1559 }, { op: 'sign-typed-data', typedData: PERMIT }, { op: 'sign-authorization', ...AUTH },
    { op: 'recover-tx', raw: signed.signed }, { op: 'address', path: path7 }, { op: 'sign-tx', path: path7, tx: TX_1559 },
    { op: 'fly' },
  ];
  const singles = [];
  for (const req of batch) {
    const r = await run(req);
    singles.push(r.ok ? r.text : JSON.stringify({ error: r.error }));
  }
  const { text } = await answer(batch);
  assert.equal(text, `[${singles.join(',')}]`);
  const items = JSON.parse(text);
  assert.equal(items[3].from, ADDRESS);
  assert.equal(ethers.Transaction.from(items[5].signed).from, a7.address);
  assert.match(items[6].error, /^op: unknown operation/);
});

test(`${rt.name}: the tenant answers what the native CLI answers (request, sign-tx, sign-typed-data, sign-authorization)`,
  { skip: existsSync(cliPath) ? false : `native CLI not built (${cliPath})` }, async () => {
    const env = { ...process.env, MNEMONIC };
    const batch = [{ op: 'sign-tx', tx: TX_1559 }, { op: 'sign-typed-data', typedData: PERMIT }, { op: 'sign-authorization', ...AUTH }];
    const { text } = await answer(batch);
    const cli = (args, input) => execFileSync(cliPath, args, { env, input, encoding: 'utf8' }).trimEnd();
    assert.equal(cli(['request', '-'], JSON.stringify(batch)), text);
    const items = JSON.parse(text);
    assert.deepEqual(JSON.parse(cli(['sign-tx', '-'], JSON.stringify(TX_1559))), items[0]);
    assert.deepEqual(JSON.parse(cli(['sign-typed-data', '-'], JSON.stringify(PERMIT))), items[1]);
    assert.deepEqual(JSON.parse(cli(['sign-authorization', '--chain-id', '1', '--address', DELEGATE, '--nonce', '3'])), items[2]);
  });

// ---- limits ----------------------------------------------------------------------------------

/** Typed data of `n` structs S0 ⊃ S1 ⊃ … (each {a: uint8, n: next}); `nested`: the message too. */
function chainOfStructs(n, nested) {
  const types = { EIP712Domain: [] };
  for (let i = 0; i < n; i++) types[`S${i}`] = [{ name: 'a', type: 'uint8' }, { name: 'n', type: i + 1 < n ? `S${i + 1}` : 'uint8' }];
  let message = 1;
  if (nested) for (let i = n - 1; i >= 0; i--) message = { a: i % 256, n: message };
  return { types, primaryType: 'S0', domain: {}, message: nested ? message : { a: 1 } };
}

test(`${rt.name}: typed data nested as deep as the JSON reader allows (62 structs) is signed as ethers signs it`, async () => {
  // Request depth: request 1, typedData 2, message 3 … S61 at 64 (json::max_depth).
  const doc = chainOfStructs(62, true);
  const { json: out } = await answer({ op: 'sign-typed-data', typedData: doc });
  const { EIP712Domain, ...types } = doc.types;
  void EIP712Domain;
  assert.equal(out.digest, ethers.TypedDataEncoder.hash({}, types, doc.message));
  assert.equal(ethers.verifyTypedData({}, types, doc.message, out.signature), ADDRESS);
  const deeper = await run({ op: 'sign-typed-data', typedData: chainOfStructs(63, true) });
  assert.equal(deeper.ok, false);
  assert.match(deeper.error, /^typedData\.message(\.n){62}: invalid JSON \(nested too deep at byte \d+\)$/);
});

test(`${rt.name}: 20,000 struct types in a chain: err naming the field, not a trap`, async () => {
  const r = await run({ op: 'sign-typed-data', typedData: chainOfStructs(20000, false) });
  assert.equal(r.ok, false);
  assert.equal(r.error, 'typedData.message.n: missing field (member of S0)');
});

// ---- bad requests ----------------------------------------------------------------------------

const privateKeyHex = wallet.privateKey.slice(2);
const tx = (extra) => ({ op: 'sign-tx', tx: { ...TX_1559, ...extra } });
const BAD = [
  ['not JSON', 'sign this', /^invalid JSON \(unexpected character at byte 1\)$/],
  ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), /^invalid JSON/],
  ['trailing text', '{"op":"address"} x', /^invalid JSON \(trailing characters/],
  ['duplicate member', '{"op":"address","op":"sign-tx"}', /^op: invalid JSON \(duplicate key/],
  ['not an object', '"sign-tx"', /^wrong field type \(want a request object\)$/],
  ['no op', {}, /^op: missing field$/],
  ['op not a string', { op: 1 }, /^op: wrong field type/],
  ['unknown op', { op: 'sign-everything' }, /^op: unknown operation \(want sign-typed-data, sign-tx/],
  ['unknown member', { op: 'sign-tx', tx: TX_1559, gasPrice: 1 }, /^gasPrice: unknown field/],
  ['missing tx', { op: 'sign-tx' }, /^tx: missing field$/],
  ['tx not an object', { op: 'sign-tx', tx: [] }, /^tx: wrong field type/],
  ['tx: field of another type', tx({ gasPrice: 1 }), /^tx\.gasPrice: unknown field/],
  ['tx: bad nonce', tx({ nonce: '0x1g' }), /^tx\.nonce: not an integer/],
  ['tx: nonce >= 2^64', tx({ nonce: '18446744073709551616' }), /^tx\.nonce: integer out of range/],
  ['tx: bad access-list key', tx({ accessList: [{ address: DELEGATE, storageKeys: ['0x01'] }] }), /^tx\.accessList\[0\]\.storageKeys\[0\]: wrong length/],
  ['tx: from another account', tx({ from: DELEGATE }), /^tx\.from: not the address of the signing key \(0x1959f5f4979c5Cd87D5CB75c678c770515cb5E0E\)$/],
  ['typed data: value >= 2^256', { op: 'sign-typed-data', typedData: { ...PERMIT, message: { ...PERMIT.message, value: (2n ** 256n).toString() } } },
    /^typedData\.message\.value: integer out of range/],
  ['typed data: missing field', { op: 'sign-typed-data', typedData: { ...PERMIT, message: { ...PERMIT.message, deadline: undefined } } },
    /^typedData\.message\.deadline: missing field/],
  ['typed data: no EIP712Domain', { op: 'sign-typed-data', typedData: { ...PERMIT, types: { Permit: PERMIT.types.Permit } } },
    /^typedData\.types\.EIP712Domain: missing field/],
  ['authorization: short address', { op: 'sign-authorization', ...AUTH, address: '0x1234' }, /^address: wrong length/],
  ['authorization: bad checksum', { op: 'sign-authorization', ...AUTH, address: DELEGATE.replace('c0c', 'C0c') }, /^address: invalid EIP-55 address checksum/],
  ['authorization: nonce >= 2^64', { op: 'sign-authorization', ...AUTH, nonce: '18446744073709551616' }, /^nonce: integer out of range/],
  ['authorization: negative chain id', { op: 'sign-authorization', ...AUTH, chainId: -1 }, /^chainId: integer out of range/],
  ['authorization: fractional chain id', { op: 'sign-authorization', ...AUTH, chainId: 1.5 }, /^chainId: not an integer/],
  ['authorization: missing nonce', { op: 'sign-authorization', chainId: 1, address: DELEGATE }, /^nonce: missing field$/],
  ['bad path', { op: 'address', path: "m/44'/x" }, /^path: invalid derivation path/],
  ['hardened index too big', { op: 'address', path: "m/2147483648'" }, /^path: derivation path index out of range/],
  ['path not a string', { op: 'address', path: 44 }, /^path: wrong field type/],
  ['recover-tx: not a transaction', { op: 'recover-tx', raw: '0x02c0' }, /^raw: wrong length/],
  ['recover-tx: bad hex', { op: 'recover-tx', raw: '0xzz' }, /^raw: invalid hex string/],
];

for (const [label, request, want] of BAD) {
  test(`${rt.name}: bad request (${label}): err naming it, no trap, no key material`, async () => {
    const r = await run(request);  // a trap would throw here
    assert.equal(r.ok, false, `answered ${r.text}`);
    assert.match(r.error, want);
    assert.ok(!r.error.includes('zoo') && !r.error.toLowerCase().includes(privateKeyHex), r.error);
  });
}

test(`${rt.name}: no mnemonic for the provider: err from the provider, nothing signed`, async () => {
  const r = await run({ op: 'sign-tx', tx: TX_1559 }, { providerEnv: {} });
  assert.equal(r.ok, false);
  assert.match(r.error, /^mnemonic provider: /);
  // recover-tx needs no key: it still works.
  const { json: signed } = await answer({ op: 'sign-tx', tx: TX_1559 });
  const rec = await run({ op: 'recover-tx', raw: signed.signed }, { providerEnv: {} });
  assert.ok(rec.ok, rec.error);
  assert.equal(JSON.parse(rec.text).from, ADDRESS);
});

test(`${rt.name}: a bad item of a batch is an {"error"} item, the others are answered`, async () => {
  const { json: items } = await answer([{ op: 'address' }, tx({ nonce: -1 }), 7, { op: 'sign-authorization', ...AUTH }]);
  assert.equal(items.length, 4);
  assert.equal(items[0].address, ADDRESS);
  assert.match(items[1].error, /^tx\.nonce: /);
  assert.match(items[2].error, /^wrong field type/);
  const sig = ethers.Signature.from({ r: items[3].r, s: items[3].s, yParity: items[3].yParity });
  assert.equal(ethers.verifyAuthorization({ chainId: 1n, address: DELEGATE, nonce: 3n }, sig), ADDRESS);
  const { text: empty } = await answer([]);
  assert.equal(empty, '[]');
});
