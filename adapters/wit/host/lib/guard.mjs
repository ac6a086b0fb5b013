// The host side of the guard component (isolated-crypto:guard@0.1.0, docs/COMPONENTS.md):
// what the host offers the guard (interface `host`: policy, tenant name, audit, rate counter,
// the reason of a denial) and the helpers a run needs around it. The tenant is never offered
// any of it: it links to the guard's exports only.
import {
  closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync, constants as fsc,
} from 'node:fs';

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
 * Signatures per tenant, kept across tasks: in memory, and in `stateFile` (JSON
 * {tenant: [ms, ...]}, the same format as the Python host's) when given, so separate host
 * processes share the window. Only signatures the guard let through are recorded (a refused
 * one consumes no budget). With a file, each check-and-record holds `stateFile.lock`
 * (created with O_EXCL, the Python host's protocol too), so concurrent processes neither
 * lose a signature nor both take the last place in the window.
 */
export class RateCounter {
  constructor(stateFile = null) {
    this.stateFile = stateFile;
    this.times = new Map();
  }

  /**
   * Records a signature of `tenant` now unless that would make more than windowMax in the
   * last windowSeconds. Returns the count in the window with this signature (> windowMax:
   * not recorded). Errors: the state file's (unreadable, not JSON, lock not obtained).
   */
  record(tenant, windowSeconds, windowMax, nowMs = Date.now()) {
    const step = () => {
      const since = nowMs - Number(windowSeconds) * 1000;
      const kept = (this.times.get(tenant) ?? []).filter((t) => t > since);
      if (kept.length + 1 > Number(windowMax)) return kept.length + 1;
      kept.push(nowMs);
      this.times.set(tenant, kept);
      return kept.length;
    };
    if (!this.stateFile) return step();
    return withFileLock(`${this.stateFile}.lock`, () => {
      this.load();
      const n = step();
      this.save();
      return n;
    });
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

const LOCK_STALE_MS = 10000;    // a lock this old was left by a process that died holding it
const LOCK_TIMEOUT_MS = 30000;
const sleepMs = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Runs fn() holding the lock file `lock` (O_CREAT | O_EXCL); returns fn's result. */
export function withFileLock(lock, fn) {
  const start = Date.now();
  let fd;
  for (;;) {
    try {
      fd = openSync(lock, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o600);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw new Error(`rate state lock ${lock}: ${e.message}`);
    }
    try {
      if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) unlinkSync(lock);
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
    if (Date.now() - start > LOCK_TIMEOUT_MS) throw new Error(`rate state lock ${lock}: held for over ${LOCK_TIMEOUT_MS} ms`);
    sleepMs(1);
  }
  try {
    return fn();
  } finally {
    closeSync(fd);
    unlinkSync(lock);
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
    recordSignature: (windowSeconds, windowMax) => BigInt(rate.record(tenantName, windowSeconds, windowMax)),
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
