// The host side of the guard component (isolated-crypto:guard@0.1.0, docs/COMPONENTS.md):
// what the host offers the guard (interface `host`: policy, tenant name, audit, rate counter,
// the reason of a denial) and the helpers a run needs around it. The tenant is never offered
// any of it: it links to the guard's exports only.
import { closeSync, openSync, readFileSync, renameSync, writeFileSync, writeSync, constants as fsc } from 'node:fs';

export const GUARD_HOST = 'isolated-crypto:guard/host@0.1.0';
export const GUARD_CONTROL = 'isolated-crypto:guard/control@0.1.0';
export const MNEMONIC_PROVIDER = 'mrnerdhair:isolated-crypto/mnemonic-provider@0.14.0';
export const ROOT_NODE_PROVIDER = 'mrnerdhair:isolated-crypto/root-node-provider@0.14.0';

/** The task's error when the guard refused an operation. */
export const deniedMessage = (reason) => `denied by policy: ${reason}`;

/**
 * An append-only audit file (O_APPEND). write() queues a line; flush() appends the queued
 * lines, in order, in one write. The queue is flushed as soon as the synchronous run that
 * queued it returns or throws (a microtask), and runTask flushes again when the task ends
 * (returned, denied or trapped), so a finished task's lines are all in the file before its
 * result is reported; a host killed mid-task loses that task's lines. One write per task
 * instead of one per operation: a synchronous write was ~5 % of a guarded sign on Node
 * (node --cpu-prof: writeString).
 */
export class AuditLog {
  constructor(file) {
    this.file = file;
    this.fd = openSync(file, fsc.O_WRONLY | fsc.O_APPEND | fsc.O_CREAT, 0o600);
    this.pending = [];
  }

  /** Queues `line` (a newline is added). */
  write(line) {
    if (this.pending.length === 0) queueMicrotask(() => this.flush());
    this.pending.push(line);
  }

  /** Appends the queued lines and empties the queue. Errors: the write's. */
  flush() {
    if (this.pending.length === 0) return;
    const data = Buffer.from(`${this.pending.join('\n')}\n`, 'utf8');
    for (let off = 0; off < data.length;) off += writeSync(this.fd, data, off);
    this.pending = [];
  }

  close() {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * Signature attempts per tenant, kept across tasks: in memory, and in `stateFile` (JSON
 * {tenant: [ms, ...]}) when given, so separate host processes share the window.
 */
export class RateCounter {
  constructor(stateFile = null) {
    this.stateFile = stateFile;
    this.times = new Map();
  }

  /** Counts one attempt of `tenant` now; returns the attempts in the last windowSeconds. */
  record(tenant, windowSeconds, nowMs = Date.now()) {
    if (this.stateFile) this.load();
    const since = nowMs - Number(windowSeconds) * 1000;
    const kept = (this.times.get(tenant) ?? []).filter((t) => t > since);
    kept.push(nowMs);
    this.times.set(tenant, kept);
    if (this.stateFile) this.save();
    return kept.length;
  }

  load() {
    let data = {};
    try {
      data = JSON.parse(readFileSync(this.stateFile, 'utf8'));
    } catch (e) {
      if (e.code !== 'ENOENT') throw new Error(`rate state ${this.stateFile}: ${e.message}`);
    }
    this.times = new Map(Object.entries(data));
  }

  save() {
    const tmp = `${this.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(Object.fromEntries(this.times)));
    renameSync(tmp, this.stateFile);
  }
}

/** The guard's line with the host's time: it starts with {"time_ms":0, (guard.wit). */
export function stampTime(line, nowMs = Date.now()) {
  const blank = '{"time_ms":0,';
  return line.startsWith(blank) ? `{"time_ms":${nowMs},${line.slice(blank.length)}` : line;
}

/**
 * The `host` interface for one guard instance (one task). options: { policy (JSON text),
 * tenantName, audit (AuditLog or null), rate (RateCounter) }. state.denial is set by deny().
 */
export function guardHost({ policy, tenantName, audit = null, rate }) {
  const state = { denial: null };
  const iface = {
    getPolicy: () => policy,
    tenantName: () => tenantName,
    audit: (line) => { audit?.write(stampTime(line)); },
    recordSignature: (windowSeconds) => BigInt(rate.record(tenantName, windowSeconds)),
    deny: (reason) => { state.denial = reason; },
  };
  return { iface, state };
}

/**
 * Providers the guard imports that no configured provider exports: host-implemented, each
 * returning err("no … provider configured"). Returns Map(interface → object).
 */
export function missingProviders(provided, has = (name) => provided.has(name)) {
  const out = new Map();
  const none = (what) => () => { throw Object.assign(new Error(what), { payload: what }); };
  if (!has(MNEMONIC_PROVIDER)) out.set(MNEMONIC_PROVIDER, { getMnemonic: none('no mnemonic provider configured') });
  if (!has(ROOT_NODE_PROVIDER)) out.set(ROOT_NODE_PROVIDER, { getRootNode: none('no root-node provider configured') });
  return out;
}
