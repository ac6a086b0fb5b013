// Loading and linking components in Node, the way an AVS runtime does it:
// each component is transpiled once (jco, "instantiation" mode), then instantiated per run
// with explicit imports: WASI from its own preview2-shim (its own environment), everything
// else from the exports of the components given to it. A trap only poisons the instances
// of its own run.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile, access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const hostDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(hostDir, 'package.json'));
const { transpile } = await import(pathToFileURL(require.resolve('@bytecodealliance/jco')).href);
const { WASIShim } = await import(pathToFileURL(require.resolve('@bytecodealliance/preview2-shim/instantiation')).href);

/** Thrown for linking and loading problems; names the component and the import. */
export class HostError extends Error {}

const cacheRoot = path.join(os.tmpdir(), 'isolated-crypto-host');

/**
 * Transpiles a component (cached by content hash) and returns
 * { name, path, instantiate(imports), imports: [names], exports: [names] }.
 */
export async function loadComponent(file, name = path.basename(file, '.wasm')) {
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new HostError(`cannot read component ${file}: ${e.code ?? e.message}`);
  }
  // The key covers the glue transform too, so a changed transform never reuses old output.
  const digest = createHash('sha256').update(bytes).update(glueTransforms.map(String).join('\n')).digest('hex').slice(0, 24);
  const dir = path.join(cacheRoot, `${safe(name)}-${digest}`);
  const jsFile = path.join(dir, 'component.js');
  let files;
  try {
    await access(jsFile);
  } catch {
    try {
      ({ files } = await transpile(bytes, { name: 'component', instantiation: { tag: 'async' }, noTypescript: false }));
    } catch (e) {
      throw new HostError(`cannot transpile ${file}: ${e.message ?? e}`);
    }
    await mkdir(dir, { recursive: true });
    for (const [f, data] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      await writeFile(path.join(dir, f), f === 'component.js' ? transformGlue(Buffer.from(data).toString('utf8')) : data);
    }
    await writeFile(path.join(dir, 'package.json'), '{"type":"module"}\n');
  }
  const mod = await import(pathToFileURL(jsFile).href);
  const dts = await readFile(path.join(dir, 'component.d.ts'), 'utf8');
  // Imports are the keys of the ImportObject block only (exports are listed elsewhere).
  const block = dts.match(/export interface ImportObject \{([\s\S]*?)\n\}/);
  const imports = block ? [...block[1].matchAll(/^\s*'([^']+)': typeof/gm)].map((m) => m[1]) : [];
  // Interfaces that define only types (e.g. isolated-crypto "types") have no functions:
  // their .d.ts declares no function, and an empty object satisfies them.
  const typeOnly = new Set();
  for (const m of dts.matchAll(/^import type \* as \w+ from '(\.\/interfaces\/[^']+)\.js'; \/\/ (\S+)$/gm)) {
    const ifaceDts = await readFile(path.join(dir, `${m[1]}.d.ts`), 'utf8').catch(() => '');
    if (!/export function|export class|export \{/.test(ifaceDts)) typeOnly.add(m[2]);
  }
  const modules = new Map();
  const getCoreModule = async (p) => {
    if (!modules.has(p)) modules.set(p, WebAssembly.compile(await readFile(path.join(dir, p))));
    return modules.get(p);
  };
  return {
    name,
    path: file,
    imports,
    typeOnly,
    async instantiate(importObject) {
      return mod.instantiate(getCoreModule, importObject);
    },
  };
}

/**
 * jco 1.35's glue probes JSPI once per export at every instantiation:
 *   try { xAsync = WebAssembly.promising(f); } catch(err) { xAsync = f; }
 * Node 20 has no WebAssembly.promising, so each probe throws, and the throws cost ~95 % of
 * an engine instantiation (measured: 31.8 ms with them, 1.7 ms without). The same choice
 * without the exception: identical behaviour on every runtime, with or without JSPI.
 */
export function withoutPromisingProbes(js) {
  return js.replace(
    /try \{\s*(\w+) = WebAssembly\.promising\(([^;]*)\);\s*\} catch\s*\(err\) \{\s*\1 = \2;\s*\}/g,
    (_, name, fn) => `${name} = typeof WebAssembly.promising === 'function' ? WebAssembly.promising(${fn}) : ${fn};`);
}

/**
 * jco 1.35's glue calls _debugLog a dozen times per component call (every task, subtask,
 * lock and handle-table step), and each call reads process.env.JCO_DEBUG, a getenv through
 * Node's C++ environment proxy: ~25 % of a call forwarded through the guard (node
 * --cpu-prof). Read the variable once per instantiation; JCO_DEBUG still turns the
 * logging on (set it before the host starts).
 */
export function withDebugFlagReadOnce(js) {
  return js.replace(
    /const _debugLog = \(\.\.\.args\) => \{\s*if \(!globalThis\?\.process\?\.env\?\.JCO_DEBUG\) \{ return; \}/,
    'const _jcoDebugEnabled = Boolean(globalThis?.process?.env?.JCO_DEBUG);\n'
      + '  const _debugLog = (...args) => {\n    if (!_jcoDebugEnabled) { return; }');
}

/** The transforms applied to jco's glue, in order (their source is part of the cache key). */
const glueTransforms = [withoutPromisingProbes, withDebugFlagReadOnce];
const transformGlue = (js) => glueTransforms.reduce((out, t) => t(out), js);

function safe(s) {
  return s.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** "pkg:ns/iface@1.2.3" → "pkg:ns/iface" */
export function unversioned(name) {
  return name.replace(/@[^/]*$/, '');
}

/** "pkg:ns/iface@1.2.3" → "1.2.3" (null without a version). */
export function versionOf(name) {
  const m = /@([^/@]+)$/.exec(name);
  return m ? m[1] : null;
}

/**
 * Semver compatibility of an import's version with an export's (the component model's
 * rule, as wasmtime links): MAJOR.MINOR.PATCH with the same major when major ≥ 1, the
 * same major and minor for 0.x, the same version for 0.0.x; a pre-release or build
 * suffix matches only the identical version.
 */
export function semverCompatible(want, have) {
  if (want === have) return true;
  const parse = (v) => (/^\d+\.\d+\.\d+$/.test(v) ? v.split('.').map(Number) : null);
  const a = parse(want);
  const b = parse(have);
  if (!a || !b || a[0] !== b[0]) return false;
  if (a[0] !== 0) return true;
  if (a[1] !== b[1]) return false;
  return a[1] !== 0 || a[2] === b[2];
}

/**
 * The export that satisfies import `name` in `provided` (Map: interface name → object):
 * the exact name, else the one semver-compatible version. An import whose interface is
 * exported only in incompatible versions is an error (HostError), never a silent bind.
 */
export function resolveImport(provided, name, importer = 'component') {
  if (provided.has(name)) return provided.get(name);
  const bare = unversioned(name);
  const want = versionOf(name);
  const offered = [...provided.keys()].filter((k) => unversioned(k) === bare && versionOf(k) !== null);
  if (want === null) return offered.length === 1 ? provided.get(offered[0]) : provided.get(bare);
  const fits = offered.filter((k) => semverCompatible(want, versionOf(k)));
  if (fits.length > 0) return provided.get(fits[0]);
  if (offered.length > 0) {
    throw new HostError(`component "${importer}" imports ${name}, but the linked components export only ${offered.join(', ')} (not semver-compatible)`);
  }
  return undefined;
}

/** The WASI 0.2 shim serves wasi:* imports of version 0.2.x (or unversioned). */
const WASI_VERSION = '0.2.0';

/**
 * Instantiates `component` with its own WASI environment `env` and the interfaces in
 * `provided` (a Map from versioned or unversioned interface name to its export object).
 * Options: { http } to replace wasi:http (e.g. deny), { network: false } to deny sockets.
 */
export async function instantiateWith(component, { env = {}, provided = new Map(), network = true } = {}) {
  const shim = new WASIShim({ sandbox: { env, args: [component.name], enableNetwork: network } });
  const wasi = shim.getImportObject();
  const importObject = {};
  for (const name of component.imports) {
    const bare = unversioned(name);
    const version = versionOf(name);
    const wasiFits = bare.startsWith('wasi:') && (version === null || semverCompatible(version, WASI_VERSION));
    if (bare.startsWith('wasi:') && !wasiFits) {
      throw new HostError(`component "${component.name}" imports ${name}; the host's WASI is ${WASI_VERSION.replace(/\.0$/, '.x')}`);
    }
    const value = resolveImport(provided, name, component.name) ?? (wasiFits ? wasi[bare] : undefined)
      ?? (component.typeOnly?.has(name) ? {} : undefined);
    if (value === undefined) {
      throw new HostError(`component "${component.name}" imports ${name}, which no linked component exports`);
    }
    importObject[name] = value;
    importObject[bare] = value;  // jco looks some imports up without their version
  }
  try {
    return await component.instantiate(importObject);
  } catch (e) {
    throw new HostError(`component "${component.name}" failed to instantiate: ${describeTrap(e)}`);
  }
}

/** Interface exports of an instance, keyed by their full names ("ns:pkg/iface@ver"). */
export function exportedInterfaces(instance) {
  const out = new Map();
  for (const [key, value] of Object.entries(instance)) {
    if (key.includes(':') && key.includes('/')) out.set(key, value);
  }
  return out;
}

/** A readable message for a wasm trap or a thrown component error. */
export function describeTrap(e) {
  if (e instanceof WebAssembly.RuntimeError) return `trap: ${e.message}`;
  if (e && typeof e === 'object' && 'payload' in e) return `error result: ${JSON.stringify(e.payload)}`;
  return e?.message ?? String(e);
}
