#!/usr/bin/env node
// Size breakdown of the built components, for docs/BENCHMARKS.md (scripts/bench_report.mjs).
//   node scripts/wasm_sizes.mjs [COMPONENTS_DIR] [--json OUT]
// Per component: its bytes split into the core modules' code, data and custom sections and
// the rest (types, imports, exports, component glue). The main core module is the largest one;
// the others are the WASI adapter and jco's shims. Where the linker map of the main module is
// there (build/wasm/core/<name>.map, written by cmake/WitComponent.cmake), its code is split by
// library and its data by table.
import { readFile, readdir } from 'node:fs/promises';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const jsonAt = argv.indexOf('--json');
const jsonOut = jsonAt >= 0 ? argv.splice(jsonAt, 2)[1] : null;
const dir = argv[0] ?? path.join(repo, 'build', 'wasm', 'components');

/** Sections of a wasm binary (module or component) as [{ id, start, size }] (payload offsets). */
function sections(buf, from, to) {
  const out = [];
  let i = from + 8;  // magic + version/layer
  while (i < to) {
    const id = buf[i++];
    let size = 0; let shift = 0; let b;
    do { b = buf[i++]; size |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    out.push({ id, start: i, size: size >>> 0 });
    i += size >>> 0;
  }
  return out;
}

const CORE_MODULE = 1;  // component section id
const MODULE = { custom: 0, code: 10, data: 11 };

function breakdown(buf) {
  const modules = [];
  for (const s of sections(buf, 0, buf.length)) {
    if (s.id !== CORE_MODULE) continue;
    const m = { bytes: s.size, code: 0, data: 0, custom: 0 };
    for (const t of sections(buf, s.start, s.start + s.size)) {
      if (t.id === MODULE.code) m.code += t.size;
      else if (t.id === MODULE.data) m.data += t.size;
      else if (t.id === MODULE.custom) m.custom += t.size;
    }
    modules.push(m);
  }
  modules.sort((a, b) => b.bytes - a.bytes);
  const [main, ...rest] = modules;
  const other = rest.reduce((n, m) => n + m.bytes, 0);
  return {
    bytes: buf.length,
    main_code: main?.code ?? 0,
    main_data: main?.data ?? 0,
    main_custom: main?.custom ?? 0,
    main_other: main ? main.bytes - main.code - main.data - main.custom : 0,
    adapter_and_shims: other,
    component_rest: buf.length - (main?.bytes ?? 0) - other,
  };
}

/** Code by library and data by table, from a wasm-ld map: [{ part, bytes }] each. */
function mapParts(text) {
  const code = new Map(); const data = new Map();
  const add = (m, k, n) => m.set(k, (m.get(k) ?? 0) + n);
  let section = '';
  for (const line of text.split('\n')) {
    const head = /^\s+\S+\s+\S+\s+([0-9a-f]+) (\S+)$/.exec(line);
    if (head) { section = head[2]; continue; }
    const entry = /^\s+\S+\s+\S+\s+([0-9a-f]+)\s{9}(\S.*):\((.*)\)$/.exec(line);
    if (!entry) continue;
    const size = parseInt(entry[1], 16); const file = entry[2]; const sym = entry[3];
    const lib = /libwasm_deps_secp256k1/.test(file) ? 'libsecp256k1'
      : /libwasm_deps_cryptopp/.test(file) ? 'Crypto++'
      : /libc\+\+/.test(file) ? 'libc++ / libc++abi'
      : /libc\.a|crt1/.test(file) ? 'wasi-libc (malloc, memcpy…)'
      : /\.cpp\.obj$/.test(file) ? 'SDK + WIT glue (header-only, one TU)' : 'other';
    if (section === 'CODE') add(code, lib, size);
    else if (section === '.rodata' || section === '.data') {
      const part = /wordlists/.test(sym) ? 'BIP39 wordlists (10 lists: text + lengths)'
        : /unicode6tables/.test(sym) ? 'NFKD tables'
        : /ecmult_gen_prec_table/.test(sym) ? 'libsecp256k1 signing table (G multiples)'
        : `other data (${lib})`;
      add(data, part, size);
    }
  }
  const list = (m) => [...m].map(([part, bytes]) => ({ part, bytes })).sort((a, b) => b.bytes - a.bytes);
  return { code: list(code), data: list(data) };
}

const result = { components: {}, parts: {} };
for (const f of (await readdir(dir)).filter((x) => x.endsWith('.wasm')).sort()) {
  const name = f.replace(/\.wasm$/, '');
  result.components[name] = breakdown(await readFile(path.join(dir, f)));
  const map = await readFile(path.join(dir, '..', 'core', `${name}.map`), 'utf8').catch(() => null);
  if (map) result.parts[name] = mapParts(map);
}
if (jsonOut) await writeFile(jsonOut, JSON.stringify(result, null, 2));
else {
  for (const [n, c] of Object.entries(result.components)) console.log(n, JSON.stringify(c));
  for (const [n, p] of Object.entries(result.parts)) console.log(n, JSON.stringify(p));
}
