// Runs the graphql-http conformance audit (the GraphQL over HTTP spec, as
// checked by the graphql-http package's serverAudits) against a real Réseau
// server: the binary given as argument, started on 127.0.0.1 with a fresh
// SQLite file, which loads the demo dataset. Prints each audit that did not
// pass, then the passed/failed counts per requirement level (MUST, SHOULD,
// MAY), and exits 1 when fewer than --min audits pass or any MUST fails.
//
//   node audit.mjs [--min N] path/to/reseau
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverAudits } from 'graphql-http';

const args = process.argv.slice(2);
let min = 0;
const i = args.indexOf('--min');
if (i >= 0) {
  min = Number(args[i + 1]);
  args.splice(i, 2);
}
const bin = args[0];
if (!bin || !Number.isInteger(min)) {
  console.error('usage: node audit.mjs [--min N] path/to/reseau');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'reseau-audit-'));
const server = spawn(bin, ['serve', '--addr', '127.0.0.1:0', '--db', join(dir, 'audit.db')], {
  env: { ...process.env, RESEAU_ENV: 'development', RESEAU_NO_DEMO: '' },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let exitCode = 1;
try {
  const addr = await listening(server, 60_000);
  const url = `http://${addr}/graphql`;
  console.log(`graphql-http audit of ${url}`);
  const counts = {};
  for (const audit of serverAudits({ url })) {
    const result = await audit.fn();
    const level = audit.name.split(' ')[0];
    const c = (counts[level] ??= { passed: 0, failed: 0 });
    if (result.status === 'ok') {
      c.passed++;
      continue;
    }
    c.failed++;
    let body = '';
    try {
      body = (await result.response.text()).slice(0, 300);
    } catch {}
    console.log(`  ${result.status.toUpperCase()} ${audit.id} ${audit.name}\n      ${result.reason}\n      ${result.response.status} ${result.response.headers.get('content-type')} ${body}`);
  }
  let passed = 0;
  let failed = 0;
  for (const level of ['MUST', 'SHOULD', 'MAY']) {
    const c = counts[level] ?? { passed: 0, failed: 0 };
    passed += c.passed;
    failed += c.failed;
    console.log(`  ${level.padEnd(6)} ${c.passed} of ${c.passed + c.failed} audits passed`);
  }
  console.log(`graphql-http audit: ${passed} of ${passed + failed} audits passed (at least ${min} wanted)`);
  exitCode = passed >= min && !counts.MUST?.failed ? 0 : 1;
} catch (err) {
  console.error(`graphql-http audit: ${err.message}`);
} finally {
  server.kill('SIGTERM');
  await new Promise((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', resolve)));
  rmSync(dir, { recursive: true, force: true });
}
process.exit(exitCode);

// listening resolves with the address from the server's "listening" log line.
function listening(proc, timeout) {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`no "listening" line within ${timeout} ms:\n${log}`)), timeout);
    proc.stderr.on('data', (chunk) => {
      log += chunk;
      const m = /msg=listening addr=(\S+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${log}`));
    });
  });
}
