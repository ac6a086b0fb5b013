// Ethereum preimages for tests/guard, built byte by byte here (independently of the SDK's
// encoders) so a test can also make them wrong: RLP, EIP-191 personal messages, EIP-712
// digests' preimages, EIP-1559 and legacy transactions, EIP-7702 authorizations.
export const utf8 = (s) => new TextEncoder().encode(s);
export const text = (b) => new TextDecoder().decode(b);
export const hex = (b) => Buffer.from(b).toString('hex');
export const unhex = (s) => new Uint8Array(Buffer.from(s.replace(/^0x/, ''), 'hex'));
export const concat = (...parts) => new Uint8Array(parts.flatMap((p) => [...p]));

/** Minimal big-endian bytes of a non-negative integer (0 → empty). */
export function intBytes(n) {
  let v = BigInt(n);
  const out = [];
  while (v > 0n) {
    out.unshift(Number(v & 255n));
    v >>= 8n;
  }
  return new Uint8Array(out);
}

function lengthPrefix(len, short, long) {
  if (len < 56) return [short + len];
  const l = intBytes(len);
  return [long + l.length, ...l];
}

/** RLP of a byte string (Uint8Array) or a list (Array) of items. */
export function rlp(item) {
  if (Array.isArray(item)) {
    const body = concat(...item.map(rlp));
    return concat(lengthPrefix(body.length, 0xc0, 0xf7), body);
  }
  if (item.length === 1 && item[0] < 0x80) return item;
  return concat(lengthPrefix(item.length, 0x80, 0xb7), item);
}

/** "\x19Ethereum Signed Message:\n" + decimal length + message (EIP-191 version 0x45). */
export const personal = (msg) => {
  const m = utf8(msg);
  return concat(utf8(`\x19Ethereum Signed Message:\n${m.length}`), m);
};

/** 0x19 0x01 ‖ domainSeparator ‖ structHash (hex strings of 32 bytes). */
export const typedData = (domainHex, structHex) => concat([0x19, 0x01], unhex(domainHex), unhex(structHex));

const addr = (a) => (a === null ? new Uint8Array() : unhex(a));

/** Unsigned EIP-1559 transaction: 0x02 ‖ rlp([chainId, nonce, tip, maxFee, gas, to, value, data, []]).
 *  nonCanonicalNonce: the nonce with a leading zero byte (not canonical RLP). */
export function eip1559({ chainId, nonce, to, value, data, nonCanonicalNonce = false }) {
  const n = nonCanonicalNonce ? concat([0], intBytes(nonce)) : intBytes(nonce);
  return concat([0x02], rlp([intBytes(chainId), n, intBytes(1e9), intBytes(3e10), intBytes(100000), addr(to), intBytes(value), data, []]));
}

/** Unsigned legacy EIP-155 transaction: rlp([nonce, gasPrice, gas, to, value, data, chainId, 0, 0]). */
export function legacy({ chainId, nonce, to, value, data }) {
  return rlp([intBytes(nonce), intBytes(2e10), intBytes(100000), addr(to), intBytes(value), data, intBytes(chainId), new Uint8Array(), new Uint8Array()]);
}

/** EIP-7702 authorization preimage: 0x05 ‖ rlp([chainId, delegate, nonce]). */
export const authorization = ({ chainId, delegate, nonce }) => concat([0x05], rlp([intBytes(chainId), unhex(delegate), intBytes(nonce)]));
