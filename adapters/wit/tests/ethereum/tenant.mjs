// Shared by the suites of tests/ethereum and tests/guard/ethereum_tenant.test.mjs: the example
// Ethereum tenant (examples/ethereum_tenant) linked with the engine and the env mnemonic
// provider, optionally through the guard, on the selected runtime
// (ISOLATED_CRYPTO_RUNTIME=jco|wasmtime, ../runtimes), one fresh link per task as a host does.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { rt } from '../runtimes/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..', '..', '..');
export const componentsDir = process.env.ISOLATED_CRYPTO_COMPONENTS ?? path.join(repoRoot, 'build', 'wasm', 'components');
export const cliPath = process.env.ISOLATED_CRYPTO_CLI ?? path.join(repoRoot, 'build', 'native', 'examples', 'cli', 'isolated-crypto');
export const { ethers } = createRequire(path.join(repoRoot, 'adapters', 'wit', 'host', 'package.json'))('ethers');
export { rt };

let loaded;
async function components() {
  loaded ??= {
    tenant: await rt.load(path.join(componentsDir, 'isolated-crypto-ethereum-tenant.wasm')),
    engine: await rt.load(path.join(componentsDir, 'isolated-crypto-engine.wasm')),
    provider: await rt.load(path.join(componentsDir, 'mnemonic-provider-env.wasm')),
  };
  return loaded;
}

let guardComponent;

/** The task's result as { ok, value } | { ok: false, error }: jco hands the export's named
 * `output` result back as { tag, val } (see host/lib/runtime.mjs), wasmtime as it is. */
export function outputOf(r) {
  if (r.ok && r.value && typeof r.value === 'object' && 'tag' in r.value) {
    return r.value.tag === 'ok' ? { ok: true, value: r.value.val } : { ok: false, error: String(r.value.val) };
  }
  return r;
}

/**
 * One task: `request` (a string, bytes, or a value sent as JSON) through run-task.
 * Returns { ok: true, text } or { ok: false, error }. A trap throws (HostError).
 * providerEnv: the mnemonic provider's environment (default { MNEMONIC: mnemonic }).
 * guard: { policy (JSON text), tenantName, auditFile } runs the task through the guard
 * component (a denial throws HostError "denied by policy: ...").
 */
export async function runEthereumTask(request, { mnemonic, providerEnv, guard } = {}) {
  const c = await components();
  const bytes = request instanceof Uint8Array ? request
    : new TextEncoder().encode(typeof request === 'string' ? request : JSON.stringify(request));
  const options = {
    tenant: c.tenant, engine: c.engine, providers: [c.provider],
    providerEnv: providerEnv ?? { MNEMONIC: mnemonic }, request: bytes,
  };
  if (guard) {
    guardComponent ??= await rt.load(path.join(componentsDir, 'isolated-crypto-guard.wasm'));
    options.guard = { component: guardComponent, ...guard };
  }
  const out = outputOf(await rt.runTask(options));
  return out.ok ? { ok: true, text: new TextDecoder().decode(out.value) } : { ok: false, error: out.error };
}
