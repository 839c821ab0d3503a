// The CLI contract of the foundation: config errors, flags, busy port,
// unwritable database, demo twice, clean shutdown, durability after kill -9.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync, existsSync, statSync, rmSync, readdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, run, startServer, login, nextYearFixture } from '../lib/server.mjs';

const tmp = () => mkdtempSync(join(tmpdir(), 'onestop-cli-'));
const oneLine = (s) => { const l = s.trim().split('\n'); assert.equal(l.length, 1, `one line: ${s}`); return l[0]; };

test('help is generated from the command table', () => {
  const r = run(['help']);
  assert.equal(r.code, 0);
  for (const c of ['serve', 'init', 'demo', 'version', 'workday', 'check', 'routes', 'openapi', '--check-config'])
    assert.match(r.stdout, new RegExp(`^  ${c.replace(/-/g, '\\-')}`, 'm'), c);
  assert.match(r.stdout, /max_body .*\[1024\.\.67108864\]/);
  assert.equal(run(['version']).stdout.trim().startsWith('onestop '), true);
});

test('unknown command and unknown flag: one line, exit 2', () => {
  let r = run(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(oneLine(r.stderr), /^onestop: unknown command 'frobnicate'/);
  r = run(['serve', '--no-such-flag', '1']);
  assert.equal(r.code, 2);
  assert.match(oneLine(r.stderr), /unknown option --no-such-flag/);
  r = run(['init', '--listen', '127.0.0.1:1']);
  assert.equal(r.code, 2, 'init accepts only --db');
});

test('--check-config prints the effective settings; bad values name the key and source', () => {
  const d = tmp();
  let r = run(['--check-config', '--threads', '4']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^threads = 4$/m);
  assert.match(r.stdout, /^listen = 127\.0\.0\.1:8080$/m);
  r = run(['--check-config', '--threads', '999']);
  assert.equal(r.code, 1);
  assert.match(oneLine(r.stderr), /^onestop: --threads: out of range/);
  r = run(['--check-config', '--listen', 'nowhere']);
  assert.equal(r.code, 1);
  assert.match(oneLine(r.stderr), /--listen: must be HOST:PORT/);
  const conf = join(d, 'onestop.conf');
  writeFileSync(conf, '# test\nthreads = 2\n\nmax_body = lots\n');
  r = run(['--check-config', '--config', conf]);
  assert.equal(r.code, 1);
  assert.equal(oneLine(r.stderr), `onestop: ${conf}:4: max_body: must be a whole number`);
  writeFileSync(conf, 'colour = blue\n');
  r = run(['--check-config', '--config', conf]);
  assert.equal(r.code, 1);
  assert.match(oneLine(r.stderr), /:1: colour: unknown setting$/);
  writeFileSync(conf, 'threads = 3\n');
  r = run(['--check-config', '--config', conf]);
  assert.match(r.stdout, /^threads = 3$/m);
  r = run(['--check-config', '--config', conf], { env: { ...process.env, ONESTOP_THREADS: '5' } });
  assert.match(r.stdout, /^threads = 5$/m, 'environment overrides the file');
  r = run(['--check-config', '--config', conf, '--threads=6'], { env: { ...process.env, ONESTOP_THREADS: '5' } });
  assert.match(r.stdout, /^threads = 6$/m, 'flags override the environment');
  r = run(['--check-config'], { env: { ...process.env, ONESTOP_JSON_DEPTH: '1' } });
  assert.equal(r.code, 1);
  assert.match(oneLine(r.stderr), /^onestop: environment ONESTOP_JSON_DEPTH: out of range/);
  rmSync(d, { recursive: true });
});

test('serve refuses a missing or unwritable database and a busy port, changing nothing', async () => {
  const d = tmp();
  let r = run(['serve', '--db', join(d, 'absent.db'), '--listen', '127.0.0.1:0']);
  assert.equal(r.code, 1);
  assert.match(oneLine(r.stderr), /absent\.db does not exist/);
  assert.equal(existsSync(join(d, 'absent.db')), false);

  r = run(['init', '--db', join(d, 'no', 'such', 'dir', 'x.db')]);
  assert.equal(r.code, 1);
  assert.match(oneLine(r.stderr), /cannot open database .*x\.db/);

  const ro = join(d, 'ro');
  run(['init', '--db', join(ro + '-db.db')]);
  if (process.getuid && process.getuid() !== 0) {
    chmodSync(d, 0o500);
    r = run(['init', '--db', join(d, 'new.db')]);
    assert.equal(r.code, 1);
    chmodSync(d, 0o700);
  }
  r = run(['init', '--db', '/proc/onestop.db']);
  assert.equal(r.code, 1);
  assert.match(oneLine(r.stderr), /onestop\.db/);

  const s = await startServer();
  try {
    const port = new URL(s.url).port;
    const before = readdirSync(s.dir).sort();
    r = run(['serve', '--db', s.db, '--listen', `127.0.0.1:${port}`]);
    assert.equal(r.code, 1);
    assert.match(oneLine(r.stderr), new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: Address already in use`));
    assert.deepEqual(readdirSync(s.dir).sort(), before);
    assert.equal((await fetch(s.url + '/healthz')).status, 200, 'the running server is untouched');
  } finally {
    assert.equal((await s.stop()).code, 0);
  }
  rmSync(d, { recursive: true, force: true });
});

test('demo refuses a database that already holds a district', () => {
  const d = tmp();
  const db = join(d, 'x.db');
  assert.equal(run(['init', '--db', db]).code, 0);
  nextYearFixture(d, db);
  assert.equal(run(['demo', '--db', db]).code, 0);
  const accounts = join(d, 'demo-accounts.txt');
  assert.equal(statSync(accounts).mode & 0o777, 0o600);
  const m = statSync(accounts).mtimeMs;
  const r = run(['demo', '--db', db]);
  assert.equal(r.code, 1);
  assert.match(oneLine(r.stderr), /already holds a district; nothing changed/);
  assert.equal(statSync(accounts).mtimeMs, m, 'accounts untouched');
  rmSync(d, { recursive: true });
});

test('init is idempotent and records migrations', () => {
  const d = tmp();
  const db = join(d, 'x.db');
  assert.match(run(['init', '--db', db]).stdout, /schema [0-9]+/);
  assert.match(run(['init', '--db', db]).stdout, /schema [0-9]+/);
  rmSync(d, { recursive: true });
});

test('SIGTERM: in-flight requests finish, WAL checkpointed, exit 0', async () => {
  const s = await startServer();
  const { login: user, password } = s.accounts.manager;
  // Start a slow request (argon2 verification) and stop while it runs.
  const pending = fetch(s.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: user, password }) });
  await new Promise((r) => setTimeout(r, 20));
  s.proc.kill('SIGTERM');
  const res = await pending;
  assert.equal(res.status, 200, 'the in-flight request completed');
  const r = await s.stop({ keep: true });
  assert.equal(r.code, 0);
  const wal = join(s.dir, 'onestop.db-wal');
  assert.ok(!existsSync(wal) || statSync(wal).size === 0, 'WAL checkpointed');
  rmSync(s.dir, { recursive: true, force: true });
});

test('an acknowledged write survives kill -9', async () => {
  const s = await startServer();
  const { login: user, password } = s.accounts.citizen;
  const cookies = [];
  for (let i = 0; i < 5; i++) cookies.push(await login(s.url, user, password));
  s.proc.kill('SIGKILL');
  await s.exited;
  const s2 = await startServer({ dir: s.dir });
  for (const c of cookies) {
    const me = await (await fetch(s2.url + '/api/v1/me', { headers: { Cookie: c } })).json();
    assert.equal(me.authenticated, true, 'session acknowledged before the kill is still there');
  }
  assert.equal((await s2.stop()).code, 0);
  rmSync(s.dir, { recursive: true, force: true });
});

test('routes and openapi come from the same table', () => {
  const routes = JSON.parse(run(['routes']).stdout);
  assert.ok(routes.length >= 10);
  const yaml = run(['openapi']).stdout;
  for (const r of routes) assert.ok(yaml.includes(`  ${r.path}:\n`), r.path);
  const committed = readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8');
  assert.equal(yaml, committed, 'docs/openapi.yaml is regenerated (make openapi)');
});
