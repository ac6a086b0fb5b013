// node --test adapters/wit/tests/ethereum/   (ISOLATED_CRYPTO_RUNTIME=jco|wasmtime)
//
// The ethers differential through the example tenant: the random cases of
// tests/differential/ethers_cases.mjs (typed data, every transaction type incl. 7702 and
// creation, big chain ids, authorizations, sender recovery) as ONE batch request to ONE task;
// every answer is compared with ethers, and the whole answer must be byte-identical to the
// native CLI's (`isolated-crypto request`, same input). Env ETHERS_DIFF_CASES (default 1200).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';

import { cliPath, repoRoot, rt, runEthereumTask } from './tenant.mjs';

const { compare, kindSummary, makeCases, mnemonic } =
  await import(pathToFileURL(path.join(repoRoot, 'tests', 'differential', 'ethers_cases.mjs')).href);

const total = Number(process.env.ETHERS_DIFF_CASES ?? 1200);

test(`${rt.name}: ${total} random cases through the tenant agree with ethers and, byte for byte, with the CLI`, async (t) => {
  const cases = makeCases(total);
  const input = JSON.stringify(cases.map((c) => c.request));
  const t0 = Date.now();
  const r = await runEthereumTask(input, { mnemonic });
  const ms = Date.now() - t0;
  assert.ok(r.ok, `run-task failed: ${r.error}`);
  const answers = JSON.parse(r.text);
  assert.equal(answers.length, cases.length);
  const { mismatches, kinds, report } = compare(cases, answers);
  for (const m of report) t.diagnostic(m);
  console.log(kindSummary(kinds));
  console.log(`${cases.length} cases, ${mismatches} mismatches (tenant on ${rt.name}, one task, ${ms} ms)`);
  assert.equal(mismatches, 0, report.join('\n'));

  if (!existsSync(cliPath)) {
    t.diagnostic(`native CLI not built (${cliPath}): byte comparison with the CLI skipped`);
    return;
  }
  const cli = execFileSync(cliPath, ['request', '-'], { input, env: { ...process.env, MNEMONIC: mnemonic }, maxBuffer: 1 << 28, encoding: 'utf8' });
  assert.ok(cli.trimEnd() === r.text, 'the tenant and `isolated-crypto request` answer differently');
  console.log(`${cases.length} cases: tenant on ${rt.name} byte-identical to \`isolated-crypto request\` (${r.text.length} bytes)`);
});
