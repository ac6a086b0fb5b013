// Shared helpers of tests/components: component loading and linking on the selected runtime
// (ISOLATED_CRYPTO_RUNTIME=jco|wasmtime, ../runtimes), noble/scure references.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const witRoot = path.resolve(here, '..', '..');
export const repoRoot = path.resolve(witRoot, '..', '..');
export const hostDir = path.join(witRoot, 'host');
export const componentsDir = process.env.ISOLATED_CRYPTO_COMPONENTS ?? path.join(repoRoot, 'build', 'wasm', 'components');

const hostRequire = createRequire(path.join(hostDir, 'package.json'));
const imp = async (name) => import(pathToFileURL(hostRequire.resolve(name)).href);
const runtimes = await import(pathToFileURL(path.join(here, '..', 'runtimes', 'index.mjs')).href);
/** The runtime under test: { name, load, link, describeTrap, HostError }. */
export const rt = runtimes.rt;
export const { bothRuntimes } = runtimes;
// The Node host library itself (jco only; suites that run on both runtimes use rt).
export const host = await import(pathToFileURL(path.join(hostDir, 'lib', 'components.mjs')).href);
export const runtime = await import(pathToFileURL(path.join(hostDir, 'lib', 'runtime.mjs')).href);
export const { secp256k1 } = await imp('@noble/curves/secp256k1.js');
export const { sha256 } = await imp('@noble/hashes/sha2.js');
export const { keccak_256 } = await imp('@noble/hashes/sha3.js');
export const { HDKey } = await imp('@scure/bip32');
export const bip39 = await imp('@scure/bip39');
export const { wordlist: english } = await imp('@scure/bip39/wordlists/english.js');
export const { wordlist: japanese } = await imp('@scure/bip39/wordlists/japanese.js');

export const IFACE = (n) => `mrnerdhair:isolated-crypto/${n}@0.14.0`;
export const hex = (b) => Buffer.from(b).toString('hex');
export const unhex = (s) => new Uint8Array(Buffer.from(s, 'hex'));
export const H = 0x80000000;

/** A component of build/wasm/components, loaded by runtime r (default: the one under test). */
export async function load(name, r = rt) {
  return r.load(path.join(componentsDir, `${name}.wasm`), name);
}

/**
 * ISOLATED_CRYPTO_GUARD_POLICY=FILE: the engine suites call the engine through the guard
 * component with that policy (tests/guard: conformance through the guard). null otherwise.
 */
export const guardPolicyFile = process.env.ISOLATED_CRYPTO_GUARD_POLICY ?? null;
let guardComponent;

/**
 * Engine exports: { bip39, bip32, secp256k1 } of a fresh engine instance (the guard's
 * exports over a fresh engine when guardPolicyFile is set).
 */
export async function engineApi(component, r = rt) {
  let guard;
  if (guardPolicyFile && r === rt) {
    guardComponent ??= await load('isolated-crypto-guard', r);
    guard = { component: guardComponent, policy: readFileSync(guardPolicyFile, 'utf8'), tenantName: 'conformance' };
  }
  const { instances } = await r.link({ engine: component, guard });
  const inst = guard ? instances.guard : instances.engine;
  return { inst, bip39: inst[IFACE('bip39')], bip32: inst[IFACE('bip32')], secp: inst[IFACE('secp256k1')] };
}

/**
 * True if the policy core classifies a keccak256 preimage by its first bytes as one of the
 * kinds it parses strictly (include/isolated_crypto/policy/preimage.hpp, classify_preimage):
 * a random one is then malformed, which every policy denies ("sign.malformed").
 */
export function claimsAKind(message) {
  const [b0, b1] = message;
  if (b0 === 0x19 && (b1 === 0x45 || b1 === 0x01)) return true;
  return (b0 >= 0x01 && b0 <= 0x05) || b0 >= 0xc0;
}

/** True for a trap as the runtimes report it (a WebAssembly.RuntimeError). */
export const isTrap = (e) => e instanceof WebAssembly.RuntimeError;

/** Hardened-aware path string → indices. */
export function pathIndices(p) {
  const parts = p.split('/');
  if (parts[0] !== 'm') throw new Error(`bad path ${p}`);
  return parts.slice(1).map((c) => (/['hH]$/.test(c) ? (parseInt(c, 10) + H) >>> 0 : parseInt(c, 10)));
}

export function pathString(indices) {
  return ['m', ...indices.map((i) => (i >= H ? `${i - H}'` : `${i}`))].join('/');
}

export const point = (p) => (p.isYOdd ? '03' : '02') + hex(p.x);
export const u32be = (c) => new Uint8Array([c >>> 24, (c >>> 16) & 255, (c >>> 8) & 255, c & 255]);

/** Reference signature with noble: { r, s, recid } (hex, hex, number). */
export function nobleSign(digest, sk, counter) {
  const opts = { prehash: false, format: 'recovered' };
  if (counter !== undefined && counter !== null) opts.extraEntropy = u32be(counter);
  const sig = secp256k1.sign(digest, sk, opts);  // 65 bytes: recid || r || s
  return { recid: sig[0], r: hex(sig.slice(1, 33)), s: hex(sig.slice(33, 65)) };
}

/** Component signature → same shape. */
export function compSig([sig, recid]) {
  return { recid: (recid.isYOdd ? 1 : 0) | (recid.isXReduced ? 2 : 0), r: hex(sig.r), s: hex(sig.s) };
}
