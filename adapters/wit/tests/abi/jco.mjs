// Loads jco 1.35 and preview2-shim from a node_modules directory: $JCO_NODE_MODULES,
// else the first node_modules/@bytecodealliance/jco found above adapters/wit/host,
// adapters/wit/tools or the current directory.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const witRoot = resolve(here, '..', '..', 'wit');

export function findNodeModules() {
  if (process.env.JCO_NODE_MODULES) return resolve(process.env.JCO_NODE_MODULES);
  for (const start of [join(here, '..', '..', 'host'), join(here, '..', '..', 'tools'), process.cwd()]) {
    for (let d = resolve(start); ; d = dirname(d)) {
      if (existsSync(join(d, 'node_modules', '@bytecodealliance', 'jco', 'package.json'))) return join(d, 'node_modules');
      if (dirname(d) === d) break;
    }
  }
  throw new Error('jco not found: npm install in adapters/wit/host, or set JCO_NODE_MODULES');
}

export async function loadJco() {
  const nm = findNodeModules();
  const jcoDir = join(nm, '@bytecodealliance', 'jco');
  const version = JSON.parse(readFileSync(join(jcoDir, 'package.json'), 'utf8')).version;
  const fs = await import(pathToFileURL(join(nm, '@bytecodealliance', 'preview2-shim', 'dist', 'nodejs', 'filesystem.js')));
  fs._setPreopens({ '/': '/' });  // jco's wasm-tools runs sandboxed: let it read the WIT
  const api = await import(pathToFileURL(join(jcoDir, 'dist', 'api.js')));
  return { ...api, jcoDir, version, reactorAdapter: readFileSync(api.preview1AdapterReactorPath()) };
}
