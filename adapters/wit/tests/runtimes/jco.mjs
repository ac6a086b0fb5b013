// The jco runtime for the component suites: the Node host library (adapters/wit/host/lib),
// in-process. Same functions as wasmtime.mjs: load, link, runTask, describeTrap, HostError.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const hostLib = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'host', 'lib');
const host = await import(pathToFileURL(path.join(hostLib, 'components.mjs')).href);
const runtime = await import(pathToFileURL(path.join(hostLib, 'runtime.mjs')).href);
const guardLib = await import(pathToFileURL(path.join(hostLib, 'guard.mjs')).href);

export const name = 'jco';
export const { HostError, describeTrap } = host;
export const { PolicyDenied } = runtime;

/** One task run: host/lib/runtime.mjs runTask (guard options as in link). */
export async function runTask(options) {
  return runtime.runTask({ ...options, guard: guardOptions(options.guard) });
}

// Audit logs stay open per file (one process, many links); rate counters live in their files.
const audits = new Map();
/** The suites' guard options { component, policy, tenantName, auditFile, rateState } → the host's. */
function guardOptions(g) {
  if (!g) return undefined;
  if (g.auditFile && !audits.has(g.auditFile)) audits.set(g.auditFile, new guardLib.AuditLog(g.auditFile));
  return {
    component: g.component,
    policy: g.policy,
    tenantName: g.tenantName ?? 'tenant',
    audit: g.auditFile ? audits.get(g.auditFile) : null,
    rate: new guardLib.RateCounter(g.rateState ?? null),
  };
}

/** Loads (transpiles, cached) a component. */
export function load(file, cname = path.basename(file, '.wasm')) {
  return host.loadComponent(file, cname);
}

/**
 * Links engine -> providers -> [guard ->] tenant (tenant optional), each with its own WASI
 * environment. guard: { component, policy: JSON text, tenantName, auditFile, rateState }.
 * Returns { tenant, instances: { engine, providers: [..], guard, tenant }, guardState: { denial } }.
 */
export async function link({ tenant, engine, providers = [], providerEnv = {}, tenantEnv = {}, tenantHostInterfaces, guard }) {
  if (tenant || guard) {
    const l = await runtime.link({ tenant, engine, providers, providerEnv, tenantEnv, tenantHostInterfaces, guard: guardOptions(guard) });
    return { ...l, close() {} };
  }
  const ld = async (c) => (typeof c === 'string' ? load(c) : c);
  const engineI = await host.instantiateWith(await ld(engine), { env: {} });
  const provided = new Map(host.exportedInterfaces(engineI));
  const instances = { engine: engineI, providers: [] };
  for (const p of providers) {
    const pi = await host.instantiateWith(await ld(p), { env: providerEnv, provided });
    for (const [k, v] of host.exportedInterfaces(pi)) provided.set(k, v);
    instances.providers.push(pi);
  }
  return { tenant: undefined, instances, close() {} };
}
