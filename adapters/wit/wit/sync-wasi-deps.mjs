#!/usr/bin/env node
// Copies the WASI WIT packages that jco ships (lib/wit/builtin/<version>/wasi-*)
// into demo/deps/, so the demo world resolves. The WASI version is read from
// demo/demo.wit (`wasi:http/outgoing-handler@X`); the copies are build output
// (ignored by git), never edited by hand.
//
//   node adapters/wit/wit/sync-wasi-deps.mjs [--jco <dir of @bytecodealliance/jco>]
//
// Without --jco it looks for node_modules/@bytecodealliance/jco in
// adapters/wit/host, adapters/wit/tools, the repository root and the current
// directory (and their parents). Exit status 1 if jco or the version is missing.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const witDir = dirname(fileURLToPath(import.meta.url));
const demoDir = join(witDir, 'demo');

function findJco(args) {
  const i = args.indexOf('--jco');
  if (i >= 0) return resolve(args[i + 1] ?? '');
  const starts = [join(witDir, '..', 'host'), join(witDir, '..', 'tools'), process.cwd()];
  for (const start of starts) {
    for (let d = resolve(start); ; d = dirname(d)) {
      const c = join(d, 'node_modules', '@bytecodealliance', 'jco');
      if (existsSync(join(c, 'lib', 'wit', 'builtin'))) return c;
      if (dirname(d) === d) break;
    }
  }
  return null;
}

const demoWit = readFileSync(join(demoDir, 'demo.wit'), 'utf8');
const m = demoWit.match(/wasi:http\/outgoing-handler@(\d+\.\d+\.\d+)/);
if (!m) {
  console.error('sync-wasi-deps: demo.wit imports no versioned wasi:http/outgoing-handler');
  process.exit(1);
}
const version = m[1];

const jco = findJco(process.argv.slice(2));
const src = jco && join(jco, 'lib', 'wit', 'builtin', version);
if (!src || !existsSync(src)) {
  console.error(`sync-wasi-deps: no jco with WASI ${version} WIT found (npm install in adapters/wit/host, or pass --jco DIR)`);
  process.exit(1);
}

const copied = [];
for (const pkg of readdirSync(src)) {
  if (!pkg.startsWith('wasi-')) continue;
  const dst = join(demoDir, 'deps', pkg);
  rmSync(dst, { recursive: true, force: true });
  cpSync(join(src, pkg), dst, { recursive: true });
  copied.push(pkg);
}
console.log(`sync-wasi-deps: WASI ${version} from ${src}: ${copied.join(' ')}`);
