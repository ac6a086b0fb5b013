#!/usr/bin/env node
// Turns a wasm32-wasi reactor core module into a component (WASI 0.2).
//   node componentize.mjs --core IN.wasm --wit WITDIR --world WORLD -o OUT.wasm [--host DIR] [--adapter A.wasm]
// 1. embeds the WIT world as component-type metadata (jco's componentEmbed JS API: the CLI
//    `jco embed` panics because its WASI sandbox has no preopened directory, TOOLCHAIN.md);
// 2. componentNew with a WASI preview1 -> 0.2 reactor adapter: --adapter, by default
//    build/tools/wasi-0.2.0/adapter.wasm (wasmtime 24's, importing WASI 0.2.0 as the
//    prototype's components do; jco's own adapter imports 0.2.12). Installed by
//    scripts/setup-wasm-tools.sh.
// Tooling comes from the pinned packages in adapters/wit/host (--host), installed by `npm ci`.
import { parseArgs } from 'node:util';
import { readFile, writeFile, mkdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const usage = 'usage: componentize.mjs --core IN.wasm --wit WITDIR --world WORLD -o OUT.wasm [--host DIR] [--adapter A.wasm]';
const defaultAdapter = path.join(here, '..', '..', '..', 'build', 'tools', 'wasi-0.2.0', 'adapter.wasm');

function fail(msg, err) {
  const detail = err === undefined ? '' : `: ${err?.message ?? err?.payload ?? String(err)}`;
  console.error(`componentize: ${msg}${detail}`);
  process.exit(1);
}

let opts;
try {
  opts = parseArgs({
    options: {
      core: { type: 'string' },
      wit: { type: 'string' },
      world: { type: 'string' },
      out: { type: 'string', short: 'o' },
      host: { type: 'string', default: path.join(here, '..', 'host') },
      adapter: { type: 'string', default: defaultAdapter },
    },
  }).values;
} catch (err) {
  fail(usage, err);
}
for (const k of ['core', 'wit', 'world', 'out']) if (!opts[k]) fail(`missing --${k}; ${usage}`);

// Import a package as installed in the host folder (this script lives outside it).
const hostRequire = createRequire(path.join(path.resolve(opts.host), 'package.json'));
async function hostImport(spec) {
  let file;
  try {
    file = hostRequire.resolve(spec);
  } catch (err) {
    fail(`cannot find ${spec} in ${opts.host}/node_modules (run 'npm ci' there)`, err);
  }
  return import(pathToFileURL(file).href);
}

const { _setPreopens } = await hostImport('@bytecodealliance/preview2-shim/filesystem');
const jco = await hostImport('@bytecodealliance/jco');

const witPath = path.resolve(opts.wit);
await stat(witPath).catch((err) => fail(`WIT path ${witPath} not found`, err));
const core = await readFile(opts.core).catch((err) => fail(`cannot read core module ${opts.core}`, err));
const adapterFile = path.resolve(opts.adapter);
const adapter = await readFile(adapterFile)
  .catch((err) => fail(`cannot read WASI adapter ${adapterFile} (run scripts/setup.sh --wasm)`, err));

// componentEmbed reads the WIT through jco's own WASI sandbox: give it the host root.
_setPreopens({ '/': '/' });

let embedded;
try {
  embedded = await jco.componentEmbed({ binary: core, witPath, world: opts.world, stringEncoding: 'utf8' });
} catch (err) {
  fail(`embedding world '${opts.world}' from ${witPath} into ${opts.core} failed`, err);
}

let component;
try {
  component = await jco.componentNew(embedded, [['wasi_snapshot_preview1', adapter]]);
} catch (err) {
  fail(`creating the component from ${opts.core} failed (core exports/imports must match ` +
    `world '${opts.world}': export_name, cabi_realloc, cabi_post_*)`, err);
}

await mkdir(path.dirname(path.resolve(opts.out)), { recursive: true });
await writeFile(opts.out, component);
console.log(`componentize: ${opts.out} (${component.length} bytes, world ${opts.world})`);
