// The jco runtime for the component suites: the Node host library (adapters/wit/host/lib),
// in-process. Same functions as wasmtime.mjs: load, link, runTask, describeTrap, HostError.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const hostLib = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'host', 'lib');
const host = await import(pathToFileURL(path.join(hostLib, 'components.mjs')).href);
const runtime = await import(pathToFileURL(path.join(hostLib, 'runtime.mjs')).href);

export const name = 'jco';
export const { HostError, describeTrap } = host;
/** One task run: host/lib/runtime.mjs runTask. */
export const { runTask } = runtime;

/** Loads (transpiles, cached) a component. */
export function load(file, cname = path.basename(file, '.wasm')) {
  return host.loadComponent(file, cname);
}

/**
 * Links engine -> providers -> tenant (tenant optional), each with its own WASI environment.
 * Returns { tenant, instances: { engine, providers: [..], tenant } }.
 */
export async function link({ tenant, engine, providers = [], providerEnv = {}, tenantEnv = {}, tenantHostInterfaces }) {
  if (tenant) return runtime.link({ tenant, engine, providers, providerEnv, tenantEnv, tenantHostInterfaces });
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
