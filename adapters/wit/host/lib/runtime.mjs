// One task run: fresh instances of engine, providers and tenant (a trap poisons only
// these), linked by interface name, each with its own WASI environment.
import { loadComponent, instantiateWith, exportedInterfaces, describeTrap, HostError } from './components.mjs';

const RUN_TASK = 'runTask';

/**
 * Links and instantiates engine → providers → tenant. Returns { tenant, instances }.
 * providerEnv goes to every provider and nothing else; tenantEnv to the tenant only;
 * the engine gets an empty environment. tenantHostInterfaces (Map: interface name → object)
 * are host-implemented interfaces offered to the tenant only (tests use one to trace).
 */
export async function link({ tenant, engine, providers = [], providerEnv = {}, tenantEnv = {}, tenantHostInterfaces = new Map() }) {
  const load = (p) => (typeof p === 'string' ? loadComponent(p) : p);
  const engineC = await load(engine);
  const provided = new Map();
  const engineI = await instantiateWith(engineC, { env: {} });
  for (const [k, v] of exportedInterfaces(engineI)) provided.set(k, v);
  const instances = { engine: engineI, providers: [] };
  for (const p of providers) {
    const pc = await load(p);
    const pi = await instantiateWith(pc, { env: providerEnv, provided });
    for (const [k, v] of exportedInterfaces(pi)) provided.set(k, v);
    instances.providers.push(pi);
  }
  const tenantC = await load(tenant);
  const tenantProvided = new Map([...provided, ...tenantHostInterfaces]);
  const tenantI = await instantiateWith(tenantC, { env: tenantEnv, provided: tenantProvided });
  instances.tenant = tenantI;
  return { tenant: tenantI, instances, provided };
}

/** Finds the tenant's run-task export (top-level function or inside an interface). */
export function findRunTask(instance) {
  if (typeof instance[RUN_TASK] === 'function') return instance[RUN_TASK];
  for (const v of Object.values(instance)) {
    if (v && typeof v[RUN_TASK] === 'function') return v[RUN_TASK].bind(v);
  }
  throw new HostError('the tenant exports no run-task function');
}

/**
 * Runs the tenant's run-task once. Returns { ok: true, value: Uint8Array } or
 * { ok: false, error: string }. Traps and link errors throw HostError.
 */
export async function runTask(options) {
  const { tenant } = await link(options);
  const run = findRunTask(tenant);
  const request = { timestamp: BigInt(options.timestamp ?? Date.now()), request: options.request ?? new Uint8Array() };
  try {
    const value = run(request);
    // A result behind a named type (world demo's `output = result<...>`) comes back from
    // jco as { tag, val } instead of a value or a thrown ComponentError.
    if (value && typeof value === 'object' && (value.tag === 'ok' || value.tag === 'err') && 'val' in value) {
      return value.tag === 'ok' ? { ok: true, value: value.val } : { ok: false, error: String(value.val) };
    }
    return { ok: true, value };
  } catch (e) {
    // jco throws ComponentError for err(...) results of exports returning result<>.
    if (e && typeof e === 'object' && 'payload' in e) return { ok: false, error: String(e.payload) };
    throw new HostError(`tenant trapped: ${describeTrap(e)}`);
  }
}
