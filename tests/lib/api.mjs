// Helpers for the API tests (tests/api): one server per file with the demo
// accounts signed in, JSON requests as one of them, the status checks, the
// database read with the sqlite3 shell, and valid ID numbers.
//
//   let s;
//   const who = {};                       // cookies by login
//   const { req, get, post, sql } = apiClient(() => s, who);
//   before(async () => { s = await startServer(); await signInAll(s, who, ['clerk', 'manager']); });
//   after(() => stopClean(s));
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { login } from './server.mjs';

// Requests against the server server() returns (the file's `s`, set in its
// before hook), as a login of `who` (`as`). State changes are JSON, with or
// without a body. sql() reads the test database.
export function apiClient(server, who) {
  const req = (method, path, { body, as, headers = {} } = {}) => {
    const h = method === 'GET' ? { ...headers } : { 'Content-Type': 'application/json', ...headers };
    if (as) h.Cookie = who[as];
    return fetch(server().url + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  };
  return {
    req,
    get: (path, as) => req('GET', path, { as }),
    post: (path, body, as, headers) => req('POST', path, { body, as, headers }),
    sql: (q) => execFileSync('sqlite3', ['-cmd', '.timeout 5000', server().db, q], { encoding: 'utf8' }).trim(),
  };
}

// Sign in the demo accounts (by login or role) into who[login].
export async function signInAll(s, who, logins) {
  for (const u of logins) who[u] = await login(s.url, s.accounts[u].login, s.accounts[u].password);
  return who;
}

// Stop the file's server; it must exit cleanly on SIGTERM.
export async function stopClean(s) {
  const r = await s.stop();
  assert.equal(r.code, 0, 'clean exit on SIGTERM');
}

// The JSON body of a response of the expected status (null when empty).
export async function ok(res, status = 200) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  return text ? JSON.parse(text) : null;
}

// An RFC 9457 problem of the expected status, naming `field` when given.
export async function problem(res, status, field) {
  const p = await res.json();
  assert.equal(res.status, status, JSON.stringify(p));
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  if (field !== undefined) assert.equal(p.field, field, JSON.stringify(p));
  return p;
}

// A valid resident ID number of Yongding (GB 11643 check character) for a
// birth date (YYYY-MM-DD) and a three-digit sequence.
export function idNumber(birth, seq = '123') {
  const base = `430802${birth.replaceAll('-', '')}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...base].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return base + '10X98765432'[sum % 11];
}
