// Differential test of the SDK's Ethereum signing against ethers 6, through the CLI.
// The random cases of ethers_cases.mjs (typed data, every transaction type incl. 7702 and
// creation, big chain ids, authorizations, sender recovery) go to ONE `isolated-crypto batch`
// process (its "OP<TAB>PAYLOAD" lines) and, as one JSON array, to ONE `isolated-crypto request`
// (the example tenant's request format); every output field is compared with what ethers
// computes for the same key, and the two answers must agree item for item, byte for byte.
// Usage: node ethers_diff.mjs CLI_PATH [CASES] [SEED]. Prints "N cases, 0 mismatches" lines.
import { spawnSync } from 'node:child_process';

import { compare, kindSummary, makeCases, mnemonic, keyPath } from './ethers_cases.mjs';

const [cli, casesArg, seedArg] = process.argv.slice(2);
const cases = makeCases(Number(casesArg ?? 1200), seedArg ?? undefined);

function runCli(args, input) {
  const t0 = Date.now();
  const run = spawnSync(cli, args, { input, env: { ...process.env, MNEMONIC: mnemonic }, maxBuffer: 1 << 28 });
  if (run.status !== 0) { console.error(run.stderr.toString()); process.exit(2); }
  return { out: run.stdout.toString(), ms: Date.now() - t0 };
}

const batch = runCli(['batch', '--path', keyPath], cases.map((c) => c.line).join('\n') + '\n');
const lines = batch.out.trimEnd().split('\n');
const request = runCli(['request', '-'], JSON.stringify(cases.map((c) => c.request)));
const answers = JSON.parse(request.out);

let failed = lines.length !== cases.length || answers.length !== cases.length;
const b = compare(cases, lines.map((l) => JSON.parse(l)));
const r = compare(cases, answers);
for (const m of [...b.report, ...r.report]) console.error(m);
// One answer, two front ends: `request` prints the batch lines as one array.
const identical = request.out.trimEnd() === `[${lines.join(',')}]`;
if (!identical) console.error('`isolated-crypto request` and `batch` answers differ');
failed ||= b.mismatches !== 0 || r.mismatches !== 0 || !identical;

console.log(kindSummary(b.kinds));
console.log(`${cases.length} cases, ${b.mismatches} mismatches (CLI batch ${batch.ms} ms)`);
console.log(`${cases.length} cases, ${r.mismatches} mismatches (CLI request ${request.ms} ms; ${identical ? 'byte-identical to' : 'DIFFERENT from'} batch)`);
process.exit(failed ? 1 : 0);
