// The test harness for the real binary: a temporary database (init + demo),
// `onestop serve` on a free port, the demo accounts, and a clean SIGTERM stop.
// Used by tests/api and tests/e2e. ONESTOP_BIN picks the binary (the ASan
// build in `make check`).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, appendFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = resolve(ROOT, process.env.ONESTOP_BIN || 'build/onestop');

export function run(args, opts = {}) {
  try {
    const stdout = execFileSync(BIN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    return { code: e.status ?? -1, stdout: e.stdout?.toString() ?? '', stderr: e.stderr?.toString() ?? '' };
  }
}

export function readAccounts(dir) {
  const accounts = {};
  for (const line of readFileSync(join(dir, 'demo-accounts.txt'), 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [role, login, password, name] = line.split('\t');
    accounts[login] = { role, login, password, name };
    if (!accounts[role]) accounts[role] = accounts[login];
  }
  return accounts;
}

// Start a server. Options: demo (load the demo district), demoCases (cases of
// the demo year: a small year by default so that every test starts quickly;
// 458143 for Yongding's full year), nextYear (false: no stand-in for next
// year's calendar, see nextYearFixture), args (extra flags), env (extra
// environment), dir (reuse a data directory).
export const DEMO_CASES_SMALL = 3000;

// Deadlines run up to a few months ahead; in the weeks before the State
// Council publishes next year's holidays they reach a year the shipped
// calendar (data/cn-holidays.json) does not hold, and the server rightly
// refuses to guess. Test databases get a weekends-only stand-in for next
// year, named as such, only while the real notice is missing.
export function nextYearFixture(dir, db) {
  const next = new Date().getUTCFullYear() + 1;
  const list = run(['calendar', 'list', '--db', db]);
  if (list.code !== 0 || list.stdout.split('\n').some((l) => l.startsWith(`${next}\t`))) return;
  const file = join(dir, `calendar-${next}-fixture.json`);
  writeFileSync(file, JSON.stringify({
    description: 'test fixture',
    years: { [next]: { source: 'test fixture: weekends only, not an official notice', holidays: [], workdays: [] } },
  }));
  const r = run(['calendar', 'import', file, '--db', db]);
  if (r.code !== 0) throw new Error('calendar fixture failed: ' + r.stderr);
}
// `onestop demo` run directly by a test (run(['demo', ...])) loads the small
// year too, through the environment; an explicit --demo_cases wins over it.
if (!process.env.ONESTOP_DEMO_CASES) process.env.ONESTOP_DEMO_CASES = String(DEMO_CASES_SMALL);
export async function startServer({ demo = true, demoCases = DEMO_CASES_SMALL, nextYear = true, args = [], env = {}, dir } = {}) {
  const ownDir = !dir;
  dir = dir || mkdtempSync(join(tmpdir(), 'onestop-test-'));
  const db = join(dir, 'onestop.db');
  if (ownDir) {
    run(['init', '--db', db]);
    if (nextYear) nextYearFixture(dir, db);
    if (demo) {
      const r = run(['demo', '--db', db, '--demo_cases', String(demoCases)]);
      if (r.code !== 0) throw new Error('demo failed: ' + r.stderr);
    }
  }
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web_root', join(ROOT, 'web'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  const url = await new Promise((res, rej) => {
    let out = '';
    const timer = setTimeout(() => rej(new Error('server did not start: ' + stderr)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/[^/\s]+)\//);
      if (m) { clearTimeout(timer); res(m[1]); }
    });
    exited.then(({ code }) => { clearTimeout(timer); rej(new Error(`server exited (${code}): ${stderr}`)); });
  });
  // A failing test must not leave the file's process waiting on a live child:
  // the child does not hold the event loop, and dies with the test process.
  proc.unref();
  proc.stdout.unref?.();
  proc.stderr.unref?.();
  process.on('exit', () => { if (proc.exitCode === null) proc.kill('SIGKILL'); });
  const server = {
    url, dir, db, proc,
    // Awaiting the exit holds the event loop again (the child is unref'd).
    get exited() { proc.ref(); return exited; },
    accounts: demo ? readAccounts(dir) : {},
    get stderr() { return stderr; },
    // Stop with SIGTERM; resolves to the exit status. Route hits are recorded
    // for the coverage check when ONESTOP_ROUTE_HITS names a file.
    async stop({ keep = false } = {}) {
      if (process.env.ONESTOP_ROUTE_HITS && proc.exitCode === null) {
        try {
          const text = await (await fetch(url + '/metrics')).text();
          const hits = text.split('\n').filter((l) => l.startsWith('onestop_route_requests_total') && !l.endsWith(' 0'));
          appendFileSync(process.env.ONESTOP_ROUTE_HITS, hits.join('\n') + '\n');
        } catch { /* the server may be gone already */ }
      }
      proc.ref();
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const r = await exited;
      if (ownDir && !keep) rmSync(dir, { recursive: true, force: true });
      return r;
    },
  };
  return server;
}

// Sign in; returns the Cookie header value to send.
export async function login(url, user, password) {
  const res = await fetch(url + '/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: user, password }),
  });
  if (res.status !== 200) throw new Error(`login ${user} failed: ${res.status}`);
  const set = res.headers.get('set-cookie');
  return set.split(';')[0];
}
