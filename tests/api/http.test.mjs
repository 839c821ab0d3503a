// HTTP foundation against the real binary: problems, caps, static files,
// request ids, the access log, metrics, events.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { const r = await s.stop(); assert.equal(r.code, 0, 'clean exit on SIGTERM'); });

async function problem(res, status) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  const p = await res.json();
  assert.equal(p.status, status);
  assert.ok(p.type && p.title, 'type and title');
  return p;
}

// Raw HTTP for what fetch will not send (bad paths, huge headers).
function raw(url, text) {
  const { hostname, port } = new URL(url);
  return new Promise((res, rej) => {
    const c = net.connect(Number(port), hostname, () => c.end(text));
    let out = '';
    c.on('data', (d) => { out += d; });
    c.on('end', () => res(out));
    c.on('error', rej);
  });
}

test('healthz answers ok with a request id and security headers', async () => {
  const res = await fetch(s.url + '/healthz');
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok' });
  assert.match(res.headers.get('x-request-id'), /^[0-9a-f]{16,32}$/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.match(res.headers.get('content-security-policy'), /default-src 'self'/);
});

test('request ids are unique and a clean incoming id is echoed', async () => {
  const a = (await fetch(s.url + '/healthz')).headers.get('x-request-id');
  const b = (await fetch(s.url + '/healthz')).headers.get('x-request-id');
  assert.notEqual(a, b);
  const mine = (await fetch(s.url + '/healthz', { headers: { 'X-Request-Id': 'trace-1234abcd' } })).headers.get('x-request-id');
  assert.equal(mine, 'trace-1234abcd');
  const dirty = (await fetch(s.url + '/healthz', { headers: { 'X-Request-Id': 'x"y' } })).headers.get('x-request-id');
  assert.notEqual(dirty, 'x"y');
});

test('version names the schema', async () => {
  const v = await (await fetch(s.url + '/api/v1/version')).json();
  assert.ok(Number.isInteger(v.schema) && v.schema >= 2);
  assert.match(v.version, /^\d+\.\d+\.\d+$/);
});

test('unknown routes and methods are problem+json', async () => {
  const p = await problem(await fetch(s.url + '/api/v1/nope'), 404);
  assert.equal(p.type, '/problems/not-found');
  await problem(await fetch(s.url + '/no-such-page'), 404);
  const res = await fetch(s.url + '/api/v1/sites', { method: 'DELETE' });
  await problem(res, 405);
  assert.equal(res.headers.get('allow'), 'GET');
  await problem(await fetch(s.url + '/', { method: 'POST' }), 405);
});

test('query parameters are allow-listed and bounded', async () => {
  let p = await problem(await fetch(s.url + '/api/v1/sites?color=red'), 400);
  assert.equal(p.field, 'color');
  p = await problem(await fetch(s.url + '/api/v1/sites?limit=100000'), 422);
  assert.equal(p.field, 'limit');
  p = await problem(await fetch(s.url + '/api/v1/sites?limit=abc'), 422);
  assert.equal(p.field, 'limit');
  p = await problem(await fetch(s.url + '/api/v1/sites?tier=planet'), 422);
  assert.equal(p.field, 'tier');
  p = await problem(await fetch(s.url + '/api/v1/sites?limit=1&limit=2'), 400);
  assert.equal(p.field, 'limit');
  await problem(await fetch(s.url + '/api/v1/sites/abc'), 404);
});

test('the demo district has three tiers', async () => {
  const sum = await (await fetch(s.url + '/api/v1/org/summary')).json();
  assert.deepEqual(sum.sites, { district: 1, township: 24, village: 258 });
  assert.ok(sum.departments >= 15);
  const towns = await (await fetch(s.url + '/api/v1/sites?tier=township&limit=10&offset=20')).json();
  assert.equal(towns.total, 24);
  assert.equal(towns.items.length, 4);
  assert.ok(towns.items.every((t) => t.tier === 'township' && t.parent_id === 1));
  const villages = await (await fetch(s.url + `/api/v1/sites?parent_id=${towns.items[0].id}`)).json();
  assert.ok(villages.total >= 10 && villages.items.every((v) => v.tier === 'village'));
  const center = await (await fetch(s.url + '/api/v1/sites/1')).json();
  assert.equal(center.tier, 'district');
  assert.equal(center.windows.length, 86);
  assert.ok(center.areas.length >= 20);
  assert.ok(center.departments.length >= 15);
  const town = await (await fetch(s.url + `/api/v1/sites/${towns.items[0].id}`)).json();
  assert.equal(town.windows.filter((w) => w.kind === 'comprehensive').length, 2, '2+X');
  assert.ok(town.windows.some((w) => w.kind === 'department'));
  await problem(await fetch(s.url + '/api/v1/sites/999999'), 404);
});

test('bodies: caps, malformed JSON, depth, duplicates, unknown fields', async () => {
  const post = (body, headers = {}) => fetch(s.url + '/api/v1/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body,
  });
  await problem(await post('x'.repeat(2 * 1024 * 1024)), 413);
  let p = await problem(await post('{"login":'), 400);
  assert.equal(p.type, '/problems/malformed-json');
  p = await problem(await post('['.repeat(100) + ']'.repeat(100)), 400);
  assert.match(p.detail, /nesting/);
  await problem(await post('{"login":"a","login":"b","password":"x"}'), 400);
  await problem(await post('[1,2]'), 400);
  p = await problem(await post('{"login":"a","password":"x","role":"sysadmin"}'), 422);
  assert.equal(p.field, 'role');
  p = await problem(await post('{"login":5,"password":"x"}'), 422);
  assert.equal(p.field, 'login');
  p = await problem(await post('{"login":"a"}'), 422);
  assert.equal(p.field, 'password');
  p = await problem(await post('{"login":"a\\u0000b","password":"x"}'), 400);
  assert.match(p.detail, /u0000/);
  p = await problem(await post(''), 400);
  assert.equal(p.type, '/problems/missing-body');
});

test('state changes need same-origin JSON', async () => {
  let res = await fetch(s.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"login":"a","password":"b"}' });
  await problem(res, 415);
  res = await fetch(s.url + '/api/v1/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://evil.example' }, body: '{"login":"a","password":"b"}',
  });
  const p = await problem(res, 403);
  assert.equal(p.field, 'Origin');
});

test('sign in, who am I, sign out', async () => {
  const { login, password } = s.accounts.clerk;
  const bad = await fetch(s.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password: password + 'x' }) });
  const pb = await problem(bad, 401);
  const unknown = await fetch(s.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'nobody', password }) });
  const pu = await problem(unknown, 401);
  assert.equal(pb.detail, pu.detail, 'same message for unknown user and wrong password');
  assert.equal(bad.headers.get('set-cookie'), null);

  const res = await fetch(s.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }) });
  assert.equal(res.status, 200);
  const set = res.headers.get('set-cookie');
  assert.match(set, /^os_session=[A-Za-z0-9_-]{43};/);
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  const cookie = set.split(';')[0];
  const me = await (await fetch(s.url + '/api/v1/me', { headers: { Cookie: cookie } })).json();
  assert.equal(me.authenticated, true);
  assert.equal(me.user.role, 'clerk');
  assert.equal(me.user.site.id, 1);
  assert.ok(me.capabilities.includes('hall.window'));
  assert.equal(me.user.password_hash, undefined);

  const anon = await (await fetch(s.url + '/api/v1/me')).json();
  assert.equal(anon.authenticated, false);
  assert.ok(anon.capabilities.includes('login'));
  await problem(await fetch(s.url + '/api/v1/session', { method: 'DELETE', headers: { 'Content-Type': 'application/json' } }), 401);

  const out = await fetch(s.url + '/api/v1/session', { method: 'DELETE', headers: { Cookie: cookie, 'Content-Type': 'application/json' } });
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie'), /Max-Age=0/);
  const after = await (await fetch(s.url + '/api/v1/me', { headers: { Cookie: cookie } })).json();
  assert.equal(after.authenticated, false, 'the token is dead after sign-out');
});

test('static pages and assets with types and cache headers', async () => {
  const home = await fetch(s.url + '/');
  assert.equal(home.status, 200);
  assert.match(home.headers.get('content-type'), /^text\/html; charset=utf-8/);
  assert.equal(home.headers.get('cache-control'), 'no-cache');
  const etag = home.headers.get('etag');
  assert.ok(etag);
  const again = await fetch(s.url + '/', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  const login = await fetch(s.url + '/login');
  assert.equal(login.status, 200);
  const css = await fetch(s.url + '/assets/app.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.match(css.headers.get('cache-control'), /no-cache/);
  const js = await fetch(s.url + '/assets/shell.js');
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  await problem(await fetch(s.url + '/assets/nope.css'), 404);
});

test('bad paths never reach the file system', async () => {
  for (const path of ['/assets/../../etc/passwd', '/assets/%2e%2e/%2e%2e/etc/passwd', '//etc/passwd', '/assets/./app.css']) {
    const out = await raw(s.url, `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.match(out, /^HTTP\/1\.1 400/, path);
    assert.doesNotMatch(out, /root:/);
  }
});

test('headers are capped', async () => {
  const out = await raw(s.url, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40000)}\r\nConnection: close\r\n\r\n`);
  assert.match(out, /^HTTP\/1\.1 431/);
  let many = '';
  for (let i = 0; i < 60; i++) many += `X-H${i}: 1\r\n`;
  const out2 = await raw(s.url, `GET /healthz HTTP/1.1\r\nHost: x\r\n${many}Connection: close\r\n\r\n`);
  assert.match(out2, /^HTTP\/1\.1 431/);
  assert.match(out2, /problem\+json/);
});

test('metrics are Prometheus text', async () => {
  const res = await fetch(s.url + '/metrics');
  assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  assert.match(text, /^# TYPE onestop_requests_total counter$/m);
  assert.match(text, /^onestop_route_requests_total\{method="GET",route="\/healthz"\} [1-9]\d*$/m);
  assert.match(text, /^onestop_store_commits_total \d+$/m);
  assert.match(text, /^onestop_request_duration_seconds_bucket\{le="\+Inf"\} \d+$/m);
  for (const line of text.split('\n').filter((l) => l && !l.startsWith('#')))
    assert.match(line, /^[a-z_]+(\{.*\})? [0-9.e+-]+$/, line);
});

test('the access log has one JSON line per request with its id', async () => {
  const res = await fetch(s.url + '/api/v1/org/summary', { headers: { 'X-Request-Id': 'logcheck-0001' } });
  assert.equal(res.status, 200);
  await new Promise((r) => setTimeout(r, 100));
  const lines = readFileSync(join(s.dir, 'access.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const mine = lines.find((l) => l.id === 'logcheck-0001');
  assert.ok(mine, 'logged');
  assert.equal(mine.status, 200);
  assert.equal(mine.path, '/api/v1/org/summary');
  assert.equal(mine.route, '/api/v1/org/summary');
});

test('events stream with SSE framing', async () => {
  const ctrl = new AbortController();
  const res = await fetch(s.url + '/api/v1/events?topic=hall:1', { signal: ctrl.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/event-stream/);
  const reader = res.body.getReader();
  const { value } = await reader.read();
  assert.match(new TextDecoder().decode(value), /^retry: \d+\n/);
  const m = await (await fetch(s.url + '/metrics')).text();
  assert.match(m, /^onestop_sse_clients 1$/m);
  ctrl.abort();
  const p = await problem(await fetch(s.url + '/api/v1/events?topic=' + 'x'.repeat(80)), 422);
  assert.equal(p.field, 'topic');
});
