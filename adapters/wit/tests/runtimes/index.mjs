// The runtime the component suites run on: ISOLATED_CRYPTO_RUNTIME=jco (default) or wasmtime.
// Both modules have the same functions (load, link, runTask, describeTrap, HostError) and give
// jco-shaped instances, so a suite is written once (see wasmtime.mjs).
import * as jco from './jco.mjs';

export const runtimeName = process.env.ISOLATED_CRYPTO_RUNTIME ?? 'jco';
if (!['jco', 'wasmtime'].includes(runtimeName)) throw new Error(`ISOLATED_CRYPTO_RUNTIME must be jco or wasmtime, got ${runtimeName}`);
export const runtimes = { jco, wasmtime: runtimeName === 'wasmtime' ? await import('./wasmtime.mjs') : undefined };
/** The selected runtime. */
export const rt = runtimeName === 'wasmtime' ? runtimes.wasmtime : jco;
/** Both runtimes (for the cross-runtime differential). */
export async function bothRuntimes() {
  return { jco, wasmtime: runtimes.wasmtime ?? await import('./wasmtime.mjs') };
}
