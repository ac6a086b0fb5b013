// Random (seeded) cases of the ethers differential (ethers_diff.mjs through the CLI,
// adapters/wit/tests/ethereum through the example tenant): EIP-712 typed data, transactions
// of every type (legacy with and without EIP-155, 1, 2, 3, 4; contract creation; chain ids up
// to 2^64 - 1), EIP-7702 authorizations and sender recovery. Each case has the CLI batch line
// (`line`: "OP<TAB>PAYLOAD"), the same case as a JSON request of ethereum/requests.hpp
// (`request`: what `isolated-crypto request` and the tenant take) and `expect()`: what ethers
// computes for the same key (the fields every answer must have).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../adapters/wit/host/package.json'));
export const { ethers } = require('ethers');

export const mnemonic = 'test test test test test test test test test test test junk';
export const keyPath = "m/44'/60'/0'/0/3";
export const wallet = ethers.HDNodeWallet.fromPhrase(mnemonic, undefined, keyPath);
export const defaultSeed = 20261201n;

/** `total` cases from `seedValue` (the same cases on every run and in every suite). */
export function makeCases(total, seedValue = defaultSeed) {
  let seed = BigInt(seedValue);
  // xorshift64*: deterministic across runs.
  function next() {
    seed ^= seed << 13n; seed &= (1n << 64n) - 1n;
    seed ^= seed >> 7n;
    seed ^= seed << 17n; seed &= (1n << 64n) - 1n;
    return seed;
  }
  const int = (n) => Number(next() % BigInt(n));
  const pick = (a) => a[int(a.length)];
  const bytes = (n) => { const b = new Uint8Array(n); for (let i = 0; i < n; i++) b[i] = int(256); return b; };
  const hex = (n) => ethers.hexlify(bytes(n));
  const bigBits = (bits) => { let v = 0n; for (let i = 0; i < bits; i += 64) v = (v << 64n) | next(); return v & ((1n << BigInt(bits)) - 1n); };
  const quantity = (v) => pick([() => '0x' + v.toString(16), () => v.toString(), () => (v <= 9007199254740991n ? Number(v) : v.toString())])();
  const address = () => ethers.getAddress(hex(20));
  const addrText = (a) => pick([a, a.toLowerCase()]);
  const words = ['Moo', 'é', '🚀', ' ', 'x', 'ありがとう', '"q"', '\\', '\n'];
  const text = () => { let s = ''; const n = int(6); for (let i = 0; i < n; i++) s += pick(words); return s; };

  // ---- typed data --------------------------------------------------------------------------
  function randomTypedData() {
    const types = {};
    let count = 0;
    const atomicValue = (t) => {
      if (t === 'bool') return [int(2) === 1, null];
      if (t === 'address') { const a = address(); return [addrText(a), a]; }
      if (t === 'string') return [text(), null];
      if (t === 'bytes') return [hex(int(40)), null];
      let m;
      if ((m = /^bytes(\d+)$/.exec(t))) return [hex(Number(m[1])), null];
      if ((m = /^uint(\d+)$/.exec(t))) { const v = bigBits(Number(m[1])) >> BigInt(int(Number(m[1]))); return [quantity(v), v]; }
      if ((m = /^int(\d+)$/.exec(t))) {
        const bits = Number(m[1]); let v = bigBits(bits - 1) >> BigInt(int(bits - 1));
        if (int(2)) v = -v - (int(2) ? 1n : 0n);
        return [v >= -9007199254740991n && v <= 9007199254740991n && int(2) ? Number(v) : v.toString(), v];
      }
      throw new Error(t);
    };
    const atomics = ['bool', 'address', 'string', 'bytes', 'bytes1', 'bytes7', 'bytes32', 'uint8', 'uint64', 'uint256', 'int8', 'int128', 'int256'];
    function makeStruct(depth) {
      const name = 'S' + (count++);
      types[name] = [];
      const n = 1 + int(4);
      for (let i = 0; i < n; i++) {
        let base = depth < 2 && int(4) === 0 ? makeStruct(depth + 1) : pick(atomics);
        const dims = int(5) === 0 ? (int(2) ? '[]' : `[${1 + int(3)}]`) : '';
        types[name].push({ name: 'f' + i + (int(3) === 0 ? '_$' : ''), type: base + dims });
      }
      return name;
    }
    const primary = makeStruct(0);
    function value(type) {
      const m = /^(.*)\[(\d*)\]$/.exec(type);
      if (m) { const n = m[2] === '' ? int(3) : Number(m[2]); return Array.from({ length: n }, () => value(m[1])); }
      if (types[type]) { const o = {}; for (const f of types[type]) o[f.name] = value(f.type); return o; }
      return atomicValue(type)[0];
    }
    const message = value(primary);
    const domainFields = [['name', 'string', () => text()], ['version', 'string', () => text()],
      ['chainId', 'uint256', () => quantity(bigBits(64))], ['verifyingContract', 'address', () => addrText(address())],
      ['salt', 'bytes32', () => hex(32)]];
    const domain = {}; const domainType = [];
    for (const [k, t, f] of domainFields) if (int(2)) { domain[k] = f(); domainType.push({ name: k, type: t }); }
    return { doc: { types: { EIP712Domain: domainType, ...types }, primaryType: primary, domain, message }, types, domain, message, primary };
  }

  function expectTypedData(c) {
    const ethersDomain = { ...c.domain };
    if (ethersDomain.chainId !== undefined) ethersDomain.chainId = BigInt(ethersDomain.chainId);
    const enc = ethers.TypedDataEncoder.from(c.types);
    const domainSeparator = ethers.TypedDataEncoder.hashDomain(ethersDomain);
    const structHash = enc.hash(c.message);
    const digest = ethers.TypedDataEncoder.hash(ethersDomain, c.types, c.message);
    const signature = wallet.signingKey.sign(digest).serialized;
    return { domainSeparator, structHash, digest, signature, address: wallet.address };
  }

  // ---- transactions ------------------------------------------------------------------------
  function randomAuthorization() {
    const signer = ethers.Wallet.createRandom();
    const auth = { address: address(), nonce: BigInt(int(1000)), chainId: pick([0n, 1n, bigBits(64)]) };
    return signer.authorizeSync(auth);
  }

  function randomTx() {
    const type = pick([0, 0, 1, 2, 3, 4]);
    const eip155 = type !== 0 || int(3) !== 0;
    const chainId = pick([1n, 5n, 137n, bigBits(32), bigBits(64), (1n << 64n) - 1n]);
    const creation = type <= 2 && int(4) === 0;
    const e = { type, nonce: BigInt(int(2) ? int(1000) : Number(bigBits(52))), gasLimit: bigBits(pick([16, 32, 63])) };
    const j = { type: quantity(BigInt(type)), nonce: quantity(e.nonce), [pick(['gas', 'gasLimit'])]: quantity(e.gasLimit) };
    if (eip155) { e.chainId = chainId; j.chainId = quantity(chainId); }
    if (!creation) { const to = address(); e.to = to; j.to = addrText(to); } else if (int(2)) j.to = null;
    if (int(4)) { e.value = bigBits(pick([8, 64, 256])); j.value = quantity(e.value); }
    if (int(3)) { const d = hex(int(100)); e.data = d; j[pick(['data', 'input'])] = d; }
    if (type <= 1) { e.gasPrice = bigBits(pick([8, 40, 256])); j.gasPrice = quantity(e.gasPrice); }
    else {
      e.maxPriorityFeePerGas = bigBits(pick([8, 40])); j.maxPriorityFeePerGas = quantity(e.maxPriorityFeePerGas);
      e.maxFeePerGas = e.maxPriorityFeePerGas + bigBits(pick([8, 40, 200])); j.maxFeePerGas = quantity(e.maxFeePerGas);
    }
    if (type >= 1 && int(2)) {
      e.accessList = Array.from({ length: 1 + int(3) }, () => ({ address: address(), storageKeys: Array.from({ length: int(3) }, () => hex(32)) }));
      j.accessList = e.accessList.map((a) => ({ address: addrText(a.address), storageKeys: a.storageKeys }));
    }
    if (type === 3) {
      e.maxFeePerBlobGas = bigBits(pick([8, 40])); j.maxFeePerBlobGas = quantity(e.maxFeePerBlobGas);
      e.blobVersionedHashes = Array.from({ length: 1 + int(3) }, () => '0x01' + hex(31).slice(2));
      j.blobVersionedHashes = e.blobVersionedHashes;
    }
    if (type === 4) {
      e.authorizationList = Array.from({ length: 1 + int(2) }, randomAuthorization);
      j.authorizationList = e.authorizationList.map((a) => ({ chainId: quantity(a.chainId), address: addrText(a.address),
        nonce: quantity(a.nonce), yParity: a.signature.yParity, r: a.signature.r, s: a.signature.s }));
    }
    if (int(4) === 0) j.from = addrText(wallet.address);
    return { e, j };
  }

  function expectTx(c) {
    const tx = ethers.Transaction.from(c.e);
    const sig = wallet.signingKey.sign(tx.unsignedHash);
    tx.signature = sig;
    const v = tx.type === 0 ? (tx.chainId === 0n ? BigInt(sig.v) : ethers.Signature.getChainIdV(tx.chainId, sig.v)) : BigInt(sig.yParity);
    return { hash: tx.hash, signed: tx.serialized, from: wallet.address, r: sig.r, s: sig.s, yParity: sig.yParity, v: v.toString() };
  }

  // ---- the cases ---------------------------------------------------------------------------
  const cases = [];
  for (let i = 0; i < total; i++) {
    const kind = pick(['typed-data', 'typed-data', 'tx', 'tx', 'tx', 'authorization', 'recover-tx']);
    if (kind === 'typed-data') {
      const c = randomTypedData();
      cases.push({ kind, line: `typed-data\t${JSON.stringify(c.doc)}`, request: { op: 'sign-typed-data', path: keyPath, typedData: c.doc },
        expect: () => expectTypedData(c) });
    } else if (kind === 'tx') {
      const c = randomTx();
      cases.push({ kind: 'tx type ' + c.e.type, line: `tx\t${JSON.stringify(c.j)}`, request: { op: 'sign-tx', path: keyPath, tx: c.j },
        expect: () => expectTx(c) });
    } else if (kind === 'authorization') {
      const a = { address: address(), nonce: BigInt(int(2) ? int(100) : Number(bigBits(52))), chainId: pick([0n, 1n, bigBits(64), bigBits(256)]) };
      const chainId = quantity(a.chainId);  // a JSON integer or a string
      const delegate = addrText(a.address);
      cases.push({ kind, line: `authorization\t${chainId} ${delegate} ${a.nonce}`,
        request: { op: 'sign-authorization', path: keyPath, chainId, address: delegate, nonce: Number(a.nonce) }, expect: () => {
        const s = wallet.authorizeSync(a);
        return { chainId: a.chainId.toString(), address: a.address, nonce: a.nonce.toString(), yParity: s.signature.yParity, r: s.signature.r, s: s.signature.s };
      } });
    } else {
      const c = randomTx();
      const other = ethers.Wallet.createRandom();
      const tx = ethers.Transaction.from(c.e);
      tx.signature = other.signingKey.sign(tx.unsignedHash);
      cases.push({ kind, line: `recover-tx\t${tx.serialized}`, request: { op: 'recover-tx', raw: tx.serialized },
        expect: () => ({ from: other.address }) });
    }
  }

  return cases;
}

/**
 * Compares each answer (parsed JSON) with its case's expectation. Returns { mismatches,
 * kinds: { kind: count }, report: [first few mismatch texts] }.
 */
export function compare(cases, answers) {
  let mismatches = 0;
  const kinds = {};
  const report = [];
  cases.forEach((c, i) => {
    kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
    const got = answers[i] ?? { error: 'no output' };
    const want = c.expect();
    for (const k of Object.keys(want)) {
      if (String(got[k]) !== String(want[k])) {
        if (report.length < 10) report.push(`mismatch case ${i} (${c.kind}) field ${k}: got ${got[k] ?? JSON.stringify(got)} want ${want[k]}\n  input: ${c.line.slice(0, 400)}`);
        mismatches++;
        break;
      }
    }
  });
  return { mismatches, kinds, report };
}

/** "kind: n, kind: n" */
export const kindSummary = (kinds) => Object.entries(kinds).map(([k, n]) => `${k}: ${n}`).join(', ');
