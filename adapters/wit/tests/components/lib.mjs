// Shared helpers of tests/components: component loading (host/lib), noble/scure references.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const here = path.dirname(fileURLToPath(import.meta.url));
export const witRoot = path.resolve(here, '..', '..');
export const repoRoot = path.resolve(witRoot, '..', '..');
export const hostDir = path.join(witRoot, 'host');
export const componentsDir = process.env.ISOLATED_CRYPTO_COMPONENTS ?? path.join(repoRoot, 'build', 'wasm', 'components');

const hostRequire = createRequire(path.join(hostDir, 'package.json'));
const imp = async (name) => import(pathToFileURL(hostRequire.resolve(name)).href);
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

/**
 * host/lib loadComponent, with `imports` limited to the d.ts ImportObject block:
 * components.mjs (jco 1.35.0 d.ts) also lists the exports (interface Root) as imports,
 * so a component exporting an interface could never be instantiated alone.
 */
export async function load(name) {
  const file = path.join(componentsDir, `${name}.wasm`);
  const c = await host.loadComponent(file, name);
  const bytes = await readFile(file);
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
  const dts = await readFile(path.join(os.tmpdir(), 'isolated-crypto-host', `${name}-${digest}`, 'component.d.ts'), 'utf8');
  const block = /export interface ImportObject \{([\s\S]*?)\n\}/.exec(dts);
  const real = new Set(block ? [...block[1].matchAll(/^\s*'([^']+)': typeof/gm)].map((m) => m[1]) : []);
  // jco gives no instance export for an interface without functions (types), so a
  // type-only import cannot be linked by name: it is not needed at run time either.
  const dir = path.join(os.tmpdir(), 'isolated-crypto-host', `${name}-${digest}`);
  for (const m of dts.matchAll(/^import type \* as \w+ from '\.\/(interfaces\/[^']+)\.js'; \/\/ (\S+)$/gm)) {
    const iface = await readFile(path.join(dir, `${m[1]}.d.ts`), 'utf8');
    if (!/export (function|class)/.test(iface)) real.delete(m[2]);
  }
  c.imports = c.imports.filter((n) => real.has(n));
  return c;
}

/** Engine exports: { bip39, bip32, secp256k1 } of a fresh engine instance. */
export async function engineApi(component) {
  const inst = await host.instantiateWith(component, { env: {} });
  return { inst, bip39: inst[IFACE('bip39')], bip32: inst[IFACE('bip32')], secp: inst[IFACE('secp256k1')] };
}

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
