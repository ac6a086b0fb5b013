// The wasmtime runtime for the component suites: the Python wasmtime host as a server
// (adapters/wit/host/py/serve.py), driven synchronously over two FIFOs, and objects shaped like
// jco's (interfaces as objects, resources as classes with camelCase methods, err results
// thrown with .payload, traps thrown as WebAssembly.RuntimeError), so one suite runs on both.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..', '..', '..');
const python = process.env.ISOLATED_CRYPTO_PYTHON ?? path.join(repoRoot, 'build', 'tools', 'bin', 'python');
const serveScript = path.join(repoRoot, 'adapters', 'wit', 'host', 'py', 'serve.py');

export const name = 'wasmtime';

/** A link or loading problem reported by the host (same role as jco's HostError). */
export class HostError extends Error {}

/** An err(payload) result, as jco's ComponentError. */
class ComponentError extends Error {
  constructor(payload) {
    super(typeof payload === 'string' ? payload : JSON.stringify(payload));
    this.payload = payload;
  }
}

// ---- the server ----------------------------------------------------------------------------
let server;

function start() {
  if (!existsSync(python)) throw new Error(`wasmtime runtime: ${python} missing (run scripts/setup.sh --wasm)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmtime-serve-'));
  const req = path.join(dir, 'req');
  const res = path.join(dir, 'res');
  execFileSync('mkfifo', [req, res]);
  const child = spawn(python, [serveScript, '--in', req, '--out', res], { stdio: ['ignore', 'inherit', 'inherit'] });
  child.unref();
  // Same order as the server: request FIFO, then answer FIFO (each open waits for the other side).
  const w = openSync(req, 'w');
  const r = openSync(res, 'r');
  rmSync(dir, { recursive: true, force: true });  // both ends are open: the names can go
  server = { child, w, r, pending: Buffer.alloc(0), next: 1 };
}

function request(op, fields = {}) {
  if (!server) start();
  const id = server.next++;
  writeSync(server.w, `${JSON.stringify({ id, op, ...fields })}\n`);
  const chunk = Buffer.alloc(1 << 16);
  for (;;) {
    const nl = server.pending.indexOf(10);
    if (nl >= 0) {
      const line = server.pending.subarray(0, nl).toString('utf8');
      server.pending = server.pending.subarray(nl + 1);
      const answer = JSON.parse(line);
      if (answer.id !== id) throw new Error(`wasmtime server: answer ${answer.id} to request ${id}`);
      return answer;
    }
    const n = readSync(server.r, chunk, 0, chunk.length, null);
    if (n === 0) throw new Error('wasmtime server: closed its answers (see its stderr)');
    server.pending = Buffer.concat([server.pending, chunk.subarray(0, n)]);
  }
}

/** A denial by the guard (same role as the Node host's PolicyDenied). */
export class PolicyDenied extends HostError {}

function answerOf(a) {
  if ('host' in a) throw new HostError(a.host);
  if ('trap' in a) throw new WebAssembly.RuntimeError(a.trap);
  return a;
}

// ---- values ---------------------------------------------------------------------------------
const camel = (s) => s.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const pascal = (s) => camel(s).replace(/^./, (c) => c.toUpperCase());
const kebab = (s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function toWire(v) {
  if (v === undefined || v === null) return null;
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('hex') };
  if (typeof v === 'bigint') return { $big: v.toString() };
  if (v && v[HANDLE]) return { $handle: v[HANDLE].id() };
  if (Array.isArray(v)) return v.map(toWire);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [kebab(k), toWire(x)]));
  return v;
}

const HANDLE = Symbol('wasmtime handle');

function fromWire(member, v, top) {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.map((x) => fromWire(member, x));
  if (typeof v !== 'object') return v;
  if ('$bytes' in v) return new Uint8Array(Buffer.from(v.$bytes, 'hex'));
  if ('$big' in v) return BigInt(v.$big);
  if ('$handle' in v) return (members.get(v.member) ?? member).handle(v.$handle, v.resource);
  if ('$record' in v) return Object.fromEntries(Object.entries(v.$record).map(([k, x]) => [camel(k), fromWire(member, x)]));
  if ('$tuple' in v) return v.$tuple.map((x) => fromWire(member, x));
  if ('$flags' in v) return Object.fromEntries(Object.entries(v.$flags).map(([k, x]) => [camel(k), x]));
  if ('$tag' in v) return { tag: v.$tag, val: fromWire(member, v.val) };
  for (const tag of ['ok', 'err']) {
    if (`$${tag}` in v) {
      const val = fromWire(member, v[`$${tag}`]);
      // jco: a function's own result<T, E> returns T or throws E; a nested one is { tag, val }.
      if (!top) return { tag, val };
      if (tag === 'err') throw new ComponentError(val);
      return val;
    }
  }
  throw new Error(`wasmtime runtime: unknown value ${JSON.stringify(v)}`);
}

// ---- instances --------------------------------------------------------------------------------
const members = new Map();  // member id -> Member (a handle's methods go to the member owning it)

class Member {
  constructor(id, exports) {
    this.id = id;
    this.exports = exports;  // { iface: [function names], '': [top-level] }
    members.set(id, this);
  }

  call(iface, func, args) {
    const a = request('call', { member: this.id, iface: iface || null, func, args: args.map(toWire) });
    if ('denied' in a && this.guardState) this.guardState.denial = a.denied;
    // Calls the tenant made to host-implemented interfaces (they return nothing), in order.
    for (const [hi, hf, hargs] of a.hostCalls ?? []) this.hostInterfaces?.get(hi)?.[camel(hf)]?.(...hargs);
    return fromWire(this, answerOf(a).value, true);
  }

  /** [method]R.f of any exported interface: { iface, func } or undefined. */
  method(resource, fname) {
    for (const [iface, funcs] of Object.entries(this.exports)) {
      const f = `[method]${resource}.${fname}`;
      if (funcs.includes(f)) return { iface, func: f };
    }
    return undefined;
  }

  handle(id, resource) {
    const member = this;
    // A dropped handle is still sent: the server must refuse it (no check here).
    const obj = {
      [HANDLE]: { id: () => id },
      [Symbol.dispose]() { answerOf(request('drop', { handle: id })); },
    };
    for (const funcs of Object.values(this.exports)) {
      for (const f of funcs) {
        const m = f.match(/^\[method\]([^.]+)\.(.+)$/);
        if (m && m[1] === resource) {
          const { iface } = member.method(resource, m[2]);
          obj[camel(m[2])] = (...args) => member.call(iface, f, [obj, ...args]);
        }
      }
    }
    return obj;
  }

  /** jco-shaped instance: { [iface]: { fn, Resource: { static } }, topLevelFn }. */
  instance() {
    const out = {};
    for (const [iface, funcs] of Object.entries(this.exports)) {
      const target = iface === '' ? out : (out[iface] = {});
      for (const f of funcs) {
        const st = f.match(/^\[static\]([^.]+)\.(.+)$/);
        if (st) {
          target[pascal(st[1])] ??= {};
          target[pascal(st[1])][camel(st[2])] = (...args) => this.call(iface, f, args);
        } else if (!f.startsWith('[')) {
          target[camel(f)] = (...args) => this.call(iface, f, args);
        }
      }
    }
    return out;
  }
}

/** Loads a component: { name, path, id, imports, exports }. */
export async function load(file, cname = path.basename(file, '.wasm')) {
  const a = answerOf(request('load', { path: path.resolve(file), name: cname }));
  return { name: cname, path: file, id: a.component, imports: a.imports, exports: a.exports };
}

/**
 * Links engine -> providers -> tenant (tenant optional), each with its own Store and
 * environment. tenantHostInterfaces (Map: interface -> object of functions returning nothing)
 * are offered to the tenant only; their calls are replayed in order after each tenant call.
 * Returns { tenant, instances: { engine, providers: [..], tenant } } (jco-shaped).
 * Errors: HostError naming the component and the import.
 */
export async function link({ tenant, engine, providers = [], providerEnv = {}, tenantEnv = {}, tenantHostInterfaces = new Map(), guard }) {
  const ld = async (c) => (typeof c === 'string' ? load(c) : c);
  const e = await ld(engine);
  const ps = await Promise.all(providers.map(ld));
  const t = tenant ? await ld(tenant) : null;
  const g = guard ? await ld(guard.component) : null;
  const guardWire = g && {
    component: g.id, policy: guard.policy, tenantName: guard.tenantName ?? 'tenant',
    auditFile: guard.auditFile ?? null, rateState: guard.rateState ?? null,
  };
  // Host interfaces: functions returning nothing (e.g. a trace), replayed after each call.
  const tenantHost = Object.fromEntries([...tenantHostInterfaces].map(([iface, obj]) => [iface, Object.keys(obj).map(kebab)]));
  const a = answerOf(request('link', {
    engine: e.id, providers: ps.map((p) => p.id), tenant: t?.id ?? null, providerEnv, tenantEnv, tenantHost, guard: guardWire,
  }));
  const guardState = { denial: null };
  const inst = (mid, c) => {
    const m = new Member(mid, c.exports);
    if (mid === a.members.tenant) m.hostInterfaces = tenantHostInterfaces;
    m.guardState = guardState;
    return m.instance();
  };
  const instances = {
    engine: inst(a.members.engine, e),
    providers: a.members.providers.map((mid, i) => inst(mid, ps[i])),
  };
  if (g) instances.guard = inst(a.members.guard, g);
  if (t) instances.tenant = inst(a.members.tenant, t);
  const close = () => {
    for (const mid of [a.members.engine, ...a.members.providers, a.members.guard, a.members.tenant]) members.delete(mid);
    request('close', { link: a.link });
  };
  return { tenant: instances.tenant, instances, close, guardState };
}

/** A readable message for a trap or an error thrown by a call. */
export function describeTrap(e) {
  if (e instanceof WebAssembly.RuntimeError) return `trap: ${e.message}`;
  if (e && typeof e === 'object' && 'payload' in e) return `error result: ${JSON.stringify(e.payload)}`;
  return e?.message ?? String(e);
}

/**
 * One task run (as host/lib/runtime.mjs runTask): links, calls the tenant's run-task once.
 * Returns { ok: true, value: Uint8Array } or { ok: false, error }. Link errors and traps
 * throw HostError.
 */
export async function runTask(options) {
  const { tenant, close, guardState } = await link(options);
  try {
    if (typeof tenant.runTask !== 'function') throw new HostError('the tenant exports no run-task function');
    const request = { timestamp: BigInt(options.timestamp ?? Date.now()), request: options.request ?? new Uint8Array() };
    try {
      return { ok: true, value: tenant.runTask(request) };
    } catch (e) {
      if (e && typeof e === 'object' && 'payload' in e) return { ok: false, error: String(e.payload) };
      if (guardState.denial != null) throw new PolicyDenied(`denied by policy: ${guardState.denial}`);
      throw new HostError(`tenant trapped: ${describeTrap(e)}`);
    }
  } finally {
    close();
  }
}
