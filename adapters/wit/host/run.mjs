#!/usr/bin/env node
// The AVS runtime's role ("wasmatic run"): link a tenant component with providers and an
// engine, give each component its own environment, call the tenant's run-task once with
// {timestamp, request: bytes of --input}, print the output.
//
//   node run.mjs --tenant T.wasm --engine E.wasm [--provider P.wasm]... \
//                [--provider-env NAME[=VALUE]]... [--tenant-env NAME=VALUE]... --input TEXT
//
//   with the guard between tenant and engine (docs/COMPONENTS.md):
//                [--guard G.wasm --policy POLICY.json [--audit FILE] [--tenant-name NAME]
//                 [--rate-state FILE]]
//
// --provider-env NAME passes the host's $NAME to the providers only (e.g. MNEMONIC);
// the tenant never sees it. --tenant-env passes non-secret settings to the tenant.
// --policy goes to the guard only; --audit appends one JSON line per checked operation
// (O_APPEND); --rate-state keeps the per-tenant signature window across runs (JSON file);
// --tenant-name names the tenant in audit lines and the rate window (default: file name).
// Exit status: 0 for ok(output), 1 for err(message), 2 for usage, 3 for link/trap errors
// (an invalid policy included), 4 for a denial by the guard's policy.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PolicyDenied, runTask } from './lib/runtime.mjs';
import { HostError } from './lib/components.mjs';
import { AuditLog, RateCounter } from './lib/guard.mjs';

function usage(msg) {
  if (msg) console.error(`run: ${msg}`);
  console.error('usage: run.mjs --tenant T.wasm --engine E.wasm [--provider P.wasm]... '
    + '[--provider-env NAME[=VALUE]]... [--tenant-env NAME=VALUE]... [--input TEXT | --input-file F] '
    + '[--guard G.wasm --policy POLICY.json [--audit FILE] [--tenant-name NAME] [--rate-state FILE]]');
  process.exit(2);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      tenant: { type: 'string' },
      engine: { type: 'string' },
      provider: { type: 'string', multiple: true, default: [] },
      'provider-env': { type: 'string', multiple: true, default: [] },
      'tenant-env': { type: 'string', multiple: true, default: [] },
      input: { type: 'string' },
      'input-file': { type: 'string' },
      guard: { type: 'string' },
      policy: { type: 'string' },
      audit: { type: 'string' },
      'tenant-name': { type: 'string' },
      'rate-state': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  usage(e.message);
}
if (args.help) usage();
if (!args.tenant || !args.engine) usage('--tenant and --engine are required');
if (Boolean(args.guard) !== Boolean(args.policy)) usage('--guard and --policy go together');
if (!args.guard && (args.audit || args['tenant-name'] || args['rate-state'])) usage('--audit, --tenant-name and --rate-state need --guard');

const envFrom = (list, fromHost) => Object.fromEntries(list.map((item) => {
  const eq = item.indexOf('=');
  if (eq >= 0) return [item.slice(0, eq), item.slice(eq + 1)];
  if (!fromHost) usage(`--tenant-env needs NAME=VALUE, got ${item}`);
  if (process.env[item] === undefined) usage(`--provider-env ${item}: not set in the host environment`);
  return [item, process.env[item]];
}));

let input;
if (args['input-file']) {
  const { readFile } = await import('node:fs/promises');
  input = await readFile(args['input-file']);
} else {
  input = Buffer.from(args.input ?? '', 'utf8');
}

let guard;
if (args.guard) {
  let policy;
  try {
    policy = readFileSync(args.policy, 'utf8');
  } catch (e) {
    usage(`--policy ${args.policy}: ${e.code ?? e.message}`);
  }
  let audit = null;
  try {
    if (args.audit) audit = new AuditLog(args.audit);
  } catch (e) {
    usage(`--audit ${args.audit}: ${e.code ?? e.message}`);
  }
  guard = {
    component: args.guard,
    policy,
    tenantName: args['tenant-name'] ?? path.basename(args.tenant, '.wasm'),
    audit,
    rate: new RateCounter(args['rate-state'] ?? null),
  };
}

try {
  const result = await runTask({
    guard,
    tenant: args.tenant,
    engine: args.engine,
    providers: args.provider,
    providerEnv: envFrom(args['provider-env'], true),
    tenantEnv: envFrom(args['tenant-env'], false),
    request: new Uint8Array(input),
  });
  if (result.ok) {
    process.stdout.write(Buffer.from(result.value));
    process.stdout.write('\n');
    process.exit(0);
  }
  console.error(`tenant returned err: ${result.error}`);
  process.exit(1);
} catch (e) {
  console.error(e instanceof HostError ? `run: ${e.message}` : `run: ${e.stack ?? e}`);
  process.exit(e instanceof PolicyDenied ? 4 : 3);
}
