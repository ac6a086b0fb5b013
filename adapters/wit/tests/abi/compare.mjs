// Compares a core module's imports/exports (classic canonical-ABI names) with
// those of jco's dummy module for a world (new `cm32p2|...` names).
//
// Rules: every export of the dummy module (but _initialize) must exist in ours
// with the same core type, and ours may export nothing else; every import of
// ours must exist in the dummy module with the same type (ours may import fewer);
// imports of module wasi_snapshot_preview1 are ignored (the preview1 adapter
// provides them). Returns { compared, mismatches: [string] }.

/** Semver "compatibility key" used in the new names: 0.14.0 -> 0.14, 1.2.3 -> 1. */
function shortVersion(v) {
  const [maj, min, pat] = v.split(/[.+-]/);
  if (maj !== '0') return maj;
  if (min !== '0') return `0.${min}`;
  return `0.0.${pat}`;
}

/** Map short interface names ("wasi:io/poll@0.2") to full ones, from `jco wit` text. */
export function interfaceNames(witText) {
  const map = new Map();
  for (const m of witText.matchAll(/(?:import|export) ([a-z0-9-]+:[a-z0-9-]+\/[a-z0-9-]+)@([0-9][^;\s]*);/g)) {
    map.set(`${m[1]}@${shortVersion(m[2])}`, `${m[1]}@${m[2]}`);
  }
  return map;
}

/** Dummy-module names -> classic names. */
export function classicNames({ imports, exports }, ifaces) {
  const full = (s) => {
    if (s === '') return s;
    if (!ifaces.has(s)) throw new Error(`unknown interface ${s}`);
    return ifaces.get(s);
  };
  const resOp = (name, suffixes) => {
    for (const [suffix, op] of suffixes) if (name.endsWith(suffix)) return `[${op}]${name.slice(0, -suffix.length)}`;
    return null;
  };
  const out = { imports: [], exports: [] };
  for (const i of imports) {
    const m = i.module.match(/^cm32p2\|(_ex_)?(.*)$/);
    if (!m) { out.imports.push(i); continue; }
    const module = (m[1] ? '[export]' : '') + (m[2] === '' ? '$root' : full(m[2]));
    const name = resOp(i.name, [['_drop', 'resource-drop'], ['_new', 'resource-new'], ['_rep', 'resource-rep']]) ?? i.name;
    out.imports.push({ ...i, module, name });
  }
  for (const e of exports) {
    let name = e.name;
    if (name === 'cm32p2_memory') name = 'memory';
    else if (name === 'cm32p2_realloc') name = 'cabi_realloc';
    else if (name === 'cm32p2_initialize') name = '_initialize';
    else {
      const m = name.match(/^cm32p2\|([^|]*)\|(.*)$/);
      if (!m) throw new Error(`unexpected dummy export ${name}`);
      const prefix = m[1] === '' ? '' : `${full(m[1])}#`;
      let fn = m[2];
      const post = fn.endsWith('_post');
      if (post) fn = fn.slice(0, -'_post'.length);
      else if (fn.endsWith('_dtor')) fn = `[dtor]${fn.slice(0, -'_dtor'.length)}`;
      name = (post ? 'cabi_post_' : '') + prefix + fn;
    }
    out.exports.push({ ...e, name });
  }
  return out;
}

export function compare(ours, dummy, { requiredImports = [] } = {}) {
  const mismatches = [];
  let compared = 0;
  const key = (i) => `${i.module} :: ${i.name}`;
  const dImports = new Map(dummy.imports.map((i) => [key(i), i]));
  const dExports = new Map(dummy.exports.map((e) => [e.name, e]));
  const oImports = new Map(ours.imports.map((i) => [key(i), i]));
  const oExports = new Map(ours.exports.map((e) => [e.name, e]));

  for (const [k, i] of oImports) {
    if (i.module === 'wasi_snapshot_preview1') continue;
    const d = dImports.get(k);
    if (!d) { mismatches.push(`import not in world: ${k} ${i.type}`); continue; }
    compared++;
    if (d.kind !== i.kind || d.type !== i.type) mismatches.push(`import ${k}: ours ${i.kind} ${i.type}, world ${d.kind} ${d.type}`);
  }
  for (const r of requiredImports) if (!oImports.has(r)) mismatches.push(`required import missing: ${r}`);
  for (const [n, e] of oExports) {
    const d = dExports.get(n);
    if (!d) { mismatches.push(`export not in world: ${n} ${e.type ?? e.kind}`); continue; }
    compared++;
    if (d.kind !== e.kind || d.type !== e.type) mismatches.push(`export ${n}: ours ${e.kind} ${e.type}, world ${d.kind} ${d.type}`);
  }
  for (const n of dExports.keys()) if (n !== '_initialize' && !oExports.has(n)) mismatches.push(`export missing: ${n}`);
  return { compared, mismatches };
}
