#!/usr/bin/env node
// Copies the WASI WIT packages that the demo world needs into demo/deps/wasi-<name>, so it
// resolves. The WASI version is read from demo/demo.wit (`wasi:http/outgoing-handler@X`);
// the WIT comes from build/tools/wasi-X/wit/<name> (installed by scripts/setup-wasm-tools.sh
// from the pinned `wasi` crate: WASI 0.2.0, what the prototype's components import). The
// copies are build output (ignored by git), never edited by hand.
//
//   node adapters/wit/wit/sync-wasi-deps.mjs [--wasi-wit <dir with cli/ http/ io/ ...>]
//
// Exit status 1 if the version or the WIT is missing.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const witDir = dirname(fileURLToPath(import.meta.url));
const demoDir = join(witDir, 'demo');
const repoRoot = resolve(witDir, '..', '..', '..');

const demoWit = readFileSync(join(demoDir, 'demo.wit'), 'utf8');
const m = demoWit.match(/wasi:http\/outgoing-handler@(\d+\.\d+\.\d+)/);
if (!m) {
  console.error('sync-wasi-deps: demo.wit imports no versioned wasi:http/outgoing-handler');
  process.exit(1);
}
const version = m[1];

const args = process.argv.slice(2);
const i = args.indexOf('--wasi-wit');
const src = i >= 0 ? resolve(args[i + 1] ?? '') : join(repoRoot, 'build', 'tools', `wasi-${version}`, 'wit');
if (!existsSync(join(src, 'http'))) {
  console.error(`sync-wasi-deps: no WASI ${version} WIT in ${src} (run scripts/setup.sh --wasm, or pass --wasi-wit DIR)`);
  process.exit(1);
}
const declared = readdirSync(join(src, 'http')).filter((f) => f.endsWith('.wit'))
  .map((f) => readFileSync(join(src, 'http', f), 'utf8').match(/^package wasi:http@([^;\s]+);/m)).find(Boolean);
if (!declared || declared[1] !== version) {
  console.error(`sync-wasi-deps: ${src}/http is wasi:http@${declared?.[1]}, demo.wit imports @${version}`);
  process.exit(1);
}

const copied = [];
for (const entry of readdirSync(demoDir + '/deps')) {
  if (entry.startsWith('wasi-')) rmSync(join(demoDir, 'deps', entry), { recursive: true, force: true });
}
for (const pkg of readdirSync(src)) {
  cpSync(join(src, pkg), join(demoDir, 'deps', `wasi-${pkg}`), { recursive: true });
  copied.push(pkg);
}
console.log(`sync-wasi-deps: WASI ${version} from ${src}: ${copied.join(' ')}`);
