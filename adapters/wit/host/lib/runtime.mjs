// One task run: fresh instances of engine, providers and tenant (a trap poisons only
// these), linked by interface name, each with its own WASI environment.
import { loadComponent, instantiateWith, exportedInterfaces, describeTrap, HostError } from './components.mjs';
import { GUARD_CONTROL, GUARD_HOST, deniedMessage, guardHost, missingProviders, RateCounter } from './guard.mjs';

const RUN_TASK = 'runTask';

/** A denial by the guard: the task's error is `denied by policy: <rule>: <what>`. */
export class PolicyDenied extends HostError {}

/**
 * Links and instantiates engine → providers → [guard →] tenant. Returns { tenant, instances,
 * guardState }. providerEnv goes to every provider and nothing else; tenantEnv to the tenant
 * only; the engine gets an empty environment. tenantHostInterfaces (Map: interface name →
 * object) are host-implemented interfaces offered to the tenant only (tests use one to trace).
 * guard: { component, policy: JSON text, tenantName, audit: AuditLog|null, rate: RateCounter }
 * puts the guard between the tenant and the rest: the tenant links to the guard's exports
 * only. Errors: HostError; an invalid policy is `invalid policy: <field>: <problem>`.
 */
export async function link({ tenant, engine, providers = [], providerEnv = {}, tenantEnv = {}, tenantHostInterfaces = new Map(), guard }) {
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
  let tenantProvided = provided;
  let guardState;
  if (guard) {
    ({ instance: instances.guard, state: guardState, exports: tenantProvided } = await linkGuard(guard, provided, load));
  }
  if (!tenant) return { tenant: undefined, instances, provided: tenantProvided, guardState };
  const tenantC = await load(tenant);
  const tenantI = await instantiateWith(tenantC, { env: tenantEnv, provided: new Map([...tenantProvided, ...tenantHostInterfaces]) });
  instances.tenant = tenantI;
  return { tenant: tenantI, instances, provided: tenantProvided, guardState };
}

/**
 * Instantiates the guard over `provided` (engine and providers; a provider interface nobody
 * exports answers err) with its host interface, and checks the policy before any tenant runs.
 * Returns { instance, state, exports: what a tenant may link to (never guard/control) }.
 */
async function linkGuard({ component, policy, tenantName, audit = null, rate = new RateCounter() }, provided, load) {
  const guardC = await load(component);
  const { iface, state } = guardHost({ policy, tenantName, audit, rate });
  const guardProvided = new Map([...provided, ...missingProviders(provided), [GUARD_HOST, iface]]);
  const instance = await instantiateWith(guardC, { env: {}, provided: guardProvided });
  try {
    instance[GUARD_CONTROL].checkPolicy();
  } catch (e) {
    if (e && typeof e === 'object' && 'payload' in e) throw new HostError(`invalid policy: ${e.payload}`);
    throw new HostError(`guard trapped checking the policy: ${describeTrap(e)}`);
  }
  const exports = exportedInterfaces(instance);
  exports.delete(GUARD_CONTROL);
  return { instance, state, exports };
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
 * { ok: false, error: string }. Traps and link errors throw HostError; a guard's denial
 * throws PolicyDenied (`denied by policy: <rule>: <what>`).
 */
export async function runTask(options) {
  try {
    return await runLinked(options);
  } finally {
    options.guard?.audit?.flush();  // the task's audit lines, also when it was denied or trapped
  }
}

async function runLinked(options) {
  const { tenant, guardState } = await link(options);
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
    if (guardState?.denial != null) throw new PolicyDenied(deniedMessage(guardState.denial));
    throw new HostError(`tenant trapped: ${describeTrap(e)}`);
  }
}
