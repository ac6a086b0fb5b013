// Reads the imports and exports of a core wasm module with their core function
// types, e.g. { module: 'm', name: 'f', kind: 'func', type: '(i32 i64) -> (i32)' }.
// (WebAssembly.Module.imports/exports give names only.)
const VALTYPES = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };
const KINDS = ['func', 'table', 'memory', 'global', 'tag'];

export function coreSignatures(bytes) {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let p = 8;
  const u32 = () => {
    let r = 0, s = 0, x;
    do { x = b[p++]; r |= (x & 0x7f) << s; s += 7; } while (x & 0x80);
    return r >>> 0;
  };
  const str = () => { const n = u32(); const s = new TextDecoder().decode(b.subarray(p, p + n)); p += n; return s; };
  const vt = () => { const t = b[p++]; if (!(t in VALTYPES)) throw new Error(`unsupported value type 0x${t.toString(16)}`); return VALTYPES[t]; };
  const limits = () => { const f = u32(); u32(); if (f & 1) u32(); };
  const types = [], funcTypes = [], imports = [], exports = [];
  while (p < b.length) {
    const id = b[p++], size = u32(), end = p + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        if (b[p++] !== 0x60) throw new Error('unsupported type form');
        const params = Array.from({ length: u32() }, vt);
        const results = Array.from({ length: u32() }, vt);
        types.push(`(${params.join(' ')}) -> (${results.join(' ')})`);
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        const module = str(), name = str(), kind = KINDS[b[p++]];
        let type = null;
        if (kind === 'func') { type = types[u32()]; funcTypes.push(type); }
        else if (kind === 'table') { p++; limits(); }
        else if (kind === 'memory') limits();
        else if (kind === 'global') { vt(); p++; }
        else if (kind === 'tag') { p++; u32(); }
        imports.push({ module, name, kind, type });
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcTypes.push(types[u32()]);
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const name = str(), kind = KINDS[b[p++]], index = u32();
        exports.push({ name, kind, type: kind === 'func' ? funcTypes[index] : null });
      }
    }
    p = end;
  }
  return { imports, exports };
}
