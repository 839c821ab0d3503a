// Accounts against the real binary: the administrator's TOTP enrolment at
// first sign-in and the two-step sign-in (codes computed here from the
// otpauth secret with node:crypto), the staff lockout (5 failures, 15
// minutes) and the citizen throttle, password change, the security
// administrator's user administration with masked personal data and the
// audited reveal, and the CLI's accounts seen by the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, run } from '../lib/server.mjs';
import { totp, currentStep, secretOf, rememberSecret, freshCode, usedStep, loginFull } from '../lib/totp.mjs';

let s;
before(async () => {
  s = await startServer({
    args: [
      '--totp_required_roles', 'sysadmin,secadmin,auditor',
      '--rate_login_per_minute', '1000',
      '--rate_login_account_per_minute', '10',
    ],
  });
});
after(async () => { if (s) assert.equal((await s.stop()).code, 0, 'clean exit'); });

const acct = (role) => s.accounts[role];

async function call(method, path, { cookie, body } = {}) {
  const headers = {};
  if (cookie) headers.Cookie = cookie;
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  const res = await fetch(s.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, json, res, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

const signIn = (login, password) => call('POST', '/api/v1/session', { body: { login, password } });

// A 6-digit code that is none of the codes of the current window.
function wrongCode(secret) {
  const now = currentStep();
  const good = new Set([now - 1, now, now + 1, now + 2].map((st) => totp(secret, st)));
  for (let i = 0; ; i++) {
    const c = String(123456 + i * 7919).slice(-6).padStart(6, '0');
    if (!good.has(c)) return c;
  }
}

// Fully signed-in sessions of the administrators, made once (each sign-in
// of theirs uses up a code).
const full = {};
async function fullCookie(role) {
  full[role] ??= await loginFull(s.url, acct(role).login, acct(role).password);
  return full[role];
}

async function audit(query) {
  const r = await call('GET', `/api/v1/audit?${new URLSearchParams({ limit: '200', ...query })}`, { cookie: await fullCookie('auditor') });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json.items;
}

test('the demo sysadmin enrols an authenticator at first sign-in, then signs in with a one-time code', async () => {
  const a = acct('sysadmin');
  let r = await signIn(a.login, a.password);
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { mfa_required: true, enrol: true });
  const c = r.cookie;
  assert.ok(c, 'a session cookie for the second step');

  // The pending session says what is due and reaches nothing else.
  r = await call('GET', '/api/v1/me', { cookie: c });
  assert.equal(r.json.authenticated, false);
  assert.equal(r.json.mfa_pending, true);
  assert.equal(r.json.mfa_enrol, true);
  assert.equal(r.json.login, a.login);
  assert.equal(r.json.user, undefined);
  r = await call('GET', '/api/v1/users', { cookie: c });
  assert.equal(r.status, 401);
  assert.equal(r.json.type, '/problems/mfa-required');
  r = await call('GET', '/api/v1/account', { cookie: c });
  assert.equal(r.status, 401);
  r = await call('POST', '/api/v1/session/totp', { cookie: c, body: { code: '123456' } });
  assert.equal(r.status, 409, 'no authenticator to check against yet');
  assert.equal(r.json.type, '/problems/totp-not-enrolled');

  // Enrol: a secret, its otpauth URI and a QR code.
  r = await call('POST', '/api/v1/account/totp/enrol', { cookie: c });
  assert.equal(r.status, 200);
  const { secret, uri, qr_svg: svg } = r.json;
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.equal(uri, `otpauth://totp/OneStop:${a.login}?secret=${secret}&issuer=OneStop&algorithm=SHA1&digits=6&period=30`);
  assert.equal(secretOf(uri), secret);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
  assert.match(svg, /<path fill="#000" d="M4 4h7v1h-7z/, 'the finder pattern in the top-left corner');
  assert.equal(r.res.headers.get('cache-control'), 'no-store');
  // A second enrol before confirming replaces the secret: use the latest.
  r = await call('POST', '/api/v1/account/totp/enrol', { cookie: c });
  assert.equal(r.status, 200);
  const secret2 = r.json.secret;
  assert.notEqual(secret2, secret);
  rememberSecret(s.url, a.login, secret2);

  r = await call('POST', '/api/v1/account/totp/confirm', { cookie: c, body: { code: wrongCode(secret2) } });
  assert.equal(r.status, 422);
  assert.equal(r.json.field, 'code');
  r = await call('POST', '/api/v1/account/totp/confirm', { cookie: c, body: { code: totp(secret, currentStep()) } });
  assert.equal(r.status, 422, 'a code of the replaced secret is wrong');
  const confirmStep = currentStep();
  usedStep(s.url, a.login, confirmStep);
  r = await call('POST', '/api/v1/account/totp/confirm', { cookie: c, body: { code: totp(secret2, confirmStep) } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.signed_in, true);
  assert.equal(r.json.totp_enabled, true);
  assert.equal(r.json.user.login, a.login);

  // The same session is now complete.
  r = await call('GET', '/api/v1/me', { cookie: c });
  assert.equal(r.json.authenticated, true);
  assert.equal(r.json.user.role, 'sysadmin');
  r = await call('GET', '/api/v1/users', { cookie: c });
  assert.equal(r.status, 200, 'the system administrator may list accounts');
  r = await call('GET', '/api/v1/account', { cookie: c });
  assert.equal(r.json.totp_enabled, true);
  assert.equal(r.json.totp_required, true);
  r = await call('POST', '/api/v1/account/totp/enrol', { cookie: c });
  assert.equal(r.status, 409, 'enrolled already');
  r = await call('DELETE', '/api/v1/account/totp', { cookie: c });
  assert.equal(r.status, 403, 'an administrator keeps his second factor');
  r = await call('POST', '/api/v1/session/totp', { cookie: c, body: { code: '123456' } });
  assert.equal(r.status, 409, 'nothing is due on a complete session');

  // Sign out, sign in again: the code step.
  r = await call('DELETE', '/api/v1/session', { cookie: c });
  assert.equal(r.status, 204);
  r = await call('GET', '/api/v1/me', { cookie: c });
  assert.equal(r.json.authenticated, false);
  assert.equal(r.json.mfa_pending, undefined);

  r = await signIn(a.login, a.password);
  assert.deepEqual(r.json, { mfa_required: true, enrol: false });
  const c2 = r.cookie;
  r = await call('POST', '/api/v1/session/totp', { cookie: c2, body: { code: wrongCode(secret2) } });
  assert.equal(r.status, 401);
  assert.equal(r.json.type, '/problems/bad-code');
  if (currentStep() <= confirmStep + 1) {
    // The confirming code is still inside the window, and used: refused.
    r = await call('POST', '/api/v1/session/totp', { cookie: c2, body: { code: totp(secret2, confirmStep) } });
    assert.equal(r.status, 401, 'a code works once');
  }
  r = await call('POST', '/api/v1/session/totp', { cookie: c2, body: { code: await freshCode(s.url, a.login, secret2) } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.user.login, a.login);
  assert.ok(r.json.capabilities.includes('org.sites'));
  r = await call('GET', '/api/v1/me', { cookie: c2 });
  assert.equal(r.json.authenticated, true);
  full.sysadmin = c2;

  // The audit log tells the steps apart.
  const rows = (await audit({ actor_id: String(r.json.user.id) })).filter((x) => x.action.startsWith('POST /api/v1/session'));
  const results = rows.map((x) => x.result);
  assert.ok(results.includes('mfa_pending'), results.join(' '));
  assert.ok(rows.some((x) => x.result === 'failed' && /wrong one-time code/.test(x.detail)), 'the wrong code');
  assert.ok(rows.every((x) => x.client && x.request_id), 'client and request id on every row');
});

test('staff lockout: 5 failures lock a clerk for 15 minutes, the right password then fails the same way', async () => {
  const a = acct('clerk');
  const bodies = [];
  for (let i = 0; i < 5; i++) {
    const r = await signIn(a.login, a.password + 'x');
    assert.equal(r.status, 401);
    bodies.push(r.json);
  }
  const sixth = await signIn(a.login, a.password);
  assert.equal(sixth.status, 401, 'locked: the right password is refused');
  assert.deepEqual(sixth.json, bodies[0], 'the same answer as a wrong password');
  const unknown = await signIn('no.such.user', 'whatever password');
  assert.deepEqual(unknown.json, bodies[0], 'the same answer as an unknown account');
  assert.equal(sixth.cookie, undefined, 'no session');

  const rows = await audit({ object: '/api/v1/session', result: 'locked' });
  const mine = rows.filter((x) => x.actor_role === 'clerk');
  assert.ok(mine.some((x) => /5 failures: locked until \d{4}-\d\d-\d\dT/.test(x.detail)), 'the fifth failure locks');
  const refused = mine.find((x) => /^account locked until/.test(x.detail));
  assert.ok(refused, 'the sixth attempt is audited as locked');
  assert.match(refused.detail, /password right/);
  // 15 minutes from now (give or take the test's own duration).
  const until = Date.parse(refused.detail.match(/until (\S+);/)[1]) / 1000;
  const left = until - Date.now() / 1000;
  assert.ok(left > 800 && left <= 900, `locked for ${left} s`);

  // The security administrator sees the lock and lifts it.
  const sec = await fullCookie('secadmin');
  const list = await call('GET', '/api/v1/users?role=clerk&site_code=430802', { cookie: sec });
  const row = list.json.items.find((x) => x.login === a.login);
  assert.equal(row.locked, true);
  assert.match(row.locked_until, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const en = await call('POST', `/api/v1/users/${row.id}/enable`, { cookie: sec });
  assert.equal(en.status, 200);
  assert.equal(en.json.locked, false);
  const ok = await signIn(a.login, a.password);
  assert.equal(ok.status, 200);
  assert.equal(ok.json.user.login, a.login);
});

test('a citizen is not locked: after failures the right password works, then the throttle answers 429', async () => {
  const a = acct('citizen');
  for (let i = 0; i < 6; i++) assert.equal((await signIn(a.login, `wrong password ${i}`)).status, 401);
  const ok = await signIn(a.login, a.password);
  assert.equal(ok.status, 200, 'not locked');
  assert.equal(ok.json.user.role, 'citizen');
  assert.equal(ok.json.mfa_required, undefined);
  let r;
  let tries = 0;
  do {
    r = await signIn(a.login, 'wrong again 123');
    tries++;
  } while (r.status === 401 && tries < 25);
  // The 11th attempt within a clock minute (more when a minute turned).
  assert.equal(r.status, 429, 'throttled per address and account');
  assert.ok(Number(r.res.headers.get('retry-after')) > 0, 'Retry-After');
  const rows = await audit({ object: '/api/v1/session', result: 'locked' });
  assert.ok(!rows.some((x) => x.actor_role === 'citizen'), 'never locked');
});

test('password change: the current one is checked, the policy applies, other sessions end', async () => {
  const a = acct('enterprise');
  const c1 = (await signIn(a.login, a.password)).cookie;
  const c2 = (await signIn(a.login, a.password)).cookie;
  const change = (body, cookie = c1) => call('POST', '/api/v1/account/password', { cookie, body });
  let r = await change({ current: 'not it at all', new: 'a brand new passphrase' });
  assert.equal(r.status, 422);
  assert.equal(r.json.field, 'current');
  r = await change({ current: a.password, new: 'short pw' });
  assert.equal(r.status, 422);
  assert.equal(r.json.field, 'new');
  assert.match(r.json.detail, /12 characters/);
  r = await change({ current: a.password, new: a.password });
  assert.equal(r.status, 422);
  assert.match(r.json.detail, /differ/);
  r = await change({ current: a.password, new: 'x' });
  assert.equal(r.json.field, 'new');
  r = await change({ current: a.password, owner: 'someone', new: 'a brand new passphrase' });
  assert.equal(r.status, 422, 'unknown fields are refused');
  const fresh = 'a brand new passphrase 永定';
  r = await change({ current: a.password, new: fresh });
  assert.equal(r.status, 204);
  assert.equal((await call('GET', '/api/v1/account', { cookie: c1 })).status, 200, 'this session goes on');
  assert.equal((await call('GET', '/api/v1/account', { cookie: c2 })).status, 401, 'the other one ended');
  assert.equal((await signIn(a.login, a.password)).status, 401, 'the old password is gone');
  r = await signIn(a.login, fresh);
  assert.equal(r.status, 200);
  const acc = await call('GET', '/api/v1/account', { cookie: r.cookie });
  assert.match(acc.json.password_changed_at, /^\d{4}-\d\d-\d\dT/);
});

test('optional second factor for other staff: a guide enrols, is asked for a code, and may remove it', async () => {
  const a = acct('guide');
  let r = await signIn(a.login, a.password);
  assert.equal(r.status, 200);
  assert.equal(r.json.mfa_required, undefined, 'not required for a guide');
  const c = r.cookie;
  r = await call('GET', '/api/v1/account', { cookie: c });
  assert.equal(r.json.totp_required, false);
  assert.equal(r.json.totp_enabled, false);
  r = await call('POST', '/api/v1/account/totp/confirm', { cookie: c, body: { code: '123456' } });
  assert.equal(r.status, 409, 'nothing to confirm before enrolling');
  r = await call('POST', '/api/v1/account/totp/enrol', { cookie: c });
  const secret = r.json.secret;
  rememberSecret(s.url, a.login, secret);
  r = await call('POST', '/api/v1/account/totp/confirm', { cookie: c, body: { code: await freshCode(s.url, a.login, secret) } });
  assert.equal(r.status, 200);
  assert.equal(r.json.signed_in, false, 'the session was complete already');
  // Wrong codes count like wrong passwords: the fifth locks the account
  // and ends the half-open session.
  r = await signIn(a.login, a.password);
  assert.deepEqual(r.json, { mfa_required: true, enrol: false });
  const pending = r.cookie;
  for (let i = 0; i < 5; i++) {
    r = await call('POST', '/api/v1/session/totp', { cookie: pending, body: { code: wrongCode(secret) } });
    assert.equal(r.status, 401);
  }
  r = await call('GET', '/api/v1/me', { cookie: pending });
  assert.equal(r.json.authenticated, false);
  assert.equal(r.json.mfa_pending, undefined, 'the session ended');
  const locks = (await audit({ object: '/api/v1/session/totp', result: 'locked' })).filter((x) => x.actor_role === 'guide');
  assert.equal(locks.length, 1);
  assert.match(locks[0].detail, /wrong one-time code; 5 failures: locked until .*; session ended/);
  assert.equal((await signIn(a.login, a.password)).status, 401, 'locked');
  const sec = await fullCookie('secadmin');
  const id = (await call('GET', '/api/v1/users?role=guide', { cookie: sec })).json.items.find((x) => x.login === a.login).id;
  assert.equal((await call('POST', `/api/v1/users/${id}/enable`, { cookie: sec })).status, 200);

  r = await signIn(a.login, a.password);
  assert.deepEqual(r.json, { mfa_required: true, enrol: false });
  const c2 = r.cookie;
  r = await call('POST', '/api/v1/session/totp', { cookie: c2, body: { code: await freshCode(s.url, a.login, secret) } });
  assert.equal(r.status, 200);
  r = await call('DELETE', '/api/v1/account/totp', { cookie: c2 });
  assert.equal(r.status, 204);
  r = await signIn(a.login, a.password);
  assert.equal(r.json.user.login, a.login, 'the password alone again');
});

test('user administration by the security administrator; personal data masked; the reveal is audited', async () => {
  const sec = await fullCookie('secadmin');
  const create = (body) => call('POST', '/api/v1/users', { cookie: sec, body });
  const base = { login: 'clerk.new1', display_name: '新窗口人员', role: 'clerk', site_code: '430802', password: 'initial passphrase 1' };
  let r = await create({ ...base, phone: '138-1234-5678', id_number: '11010519491231002x' });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const u = r.json;
  assert.equal(u.login, 'clerk.new1');
  assert.equal(u.role, 'clerk');
  assert.equal(u.site.code, '430802');
  assert.equal(u.phone, '138****5678');
  assert.equal(u.id_number, '110105********002X');
  assert.equal(u.password_hash, undefined);
  assert.equal(u.disabled, false);
  assert.equal(u.totp_enabled, false);

  // Refusals name the field and change nothing.
  const bad = [
    [{ ...base }, 409, 'login'],
    [{ ...base, login: 'clerk.new2', id_number: '11010519491231002X' }, 409, 'id_number'],
    [{ ...base, login: 'clerk.new2', id_number: '110105194912310021' }, 422, 'id_number'],
    [{ ...base, login: 'clerk.new2', password: 'too short' }, 422, 'password'],
    [{ ...base, login: 'clerk.newcomer', password: 'CLERK.NEWCOMER' }, 422, 'password'],
    [{ ...base, login: 'clerk.new2', role: 'sysadmin,secadmin' }, 422, 'role'],
    [{ ...base, login: 'clerk.new2', role: 'approver' }, 422, 'department_code'],
    [{ ...base, login: 'clerk.new2', site_code: 'nowhere' }, 422, 'site_code'],
    [{ ...base, login: 'clerk.new2', role: 'citizen' }, 422, 'site_code'],
    [{ ...base, login: 'x y' }, 422, 'login'],
    [{ ...base, login: 'clerk.new2', phone: '12ab' }, 422, 'phone'],
    [{ ...base, login: 'clerk.new2', disabled: false }, 422, 'disabled'],
  ];
  for (const [body, status, field] of bad) {
    r = await create(body);
    assert.equal(r.status, status, `${JSON.stringify(body)}: ${JSON.stringify(r.json)}`);
    assert.equal(r.json.field, field);
  }
  r = await call('GET', '/api/v1/users?limit=200', { cookie: sec });
  assert.ok(!r.json.items.some((x) => x.login === 'clerk.new2'), 'nothing was created by a refusal');
  assert.equal(r.json.total, r.json.items.length);
  for (const x of r.json.items) {
    assert.equal(x.phone, undefined, 'the list carries no personal data');
    assert.equal(x.id_number, undefined);
  }
  r = await call('GET', '/api/v1/users?role=clerk&disabled=false&limit=2', { cookie: sec });
  assert.equal(r.json.items.length, 2);
  assert.ok(r.json.total >= 4);
  assert.ok(r.json.items.every((x) => x.role === 'clerk'));
  r = await call('GET', '/api/v1/users?role=wizard', { cookie: sec });
  assert.equal(r.status, 422);

  r = await call('GET', `/api/v1/users/${u.id}`, { cookie: sec });
  assert.equal(r.json.id_number, '110105********002X');
  assert.equal(r.json.phone, '138****5678');
  assert.equal((await call('GET', '/api/v1/users/999999', { cookie: sec })).status, 404);

  // His own account page masks his personal data too.
  let uc = (await signIn('clerk.new1', 'initial passphrase 1')).cookie;
  r = await call('GET', '/api/v1/account', { cookie: uc });
  assert.equal(r.json.id_number, '110105********002X');
  assert.equal(r.json.phone, '138****5678');

  // The reveal: unmasked, for the security administrator only, audited.
  r = await call('GET', `/api/v1/users/${u.id}/personal`, { cookie: sec });
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { id: u.id, login: 'clerk.new1', phone: '13812345678', id_number: '11010519491231002X' });
  assert.equal(r.res.headers.get('cache-control'), 'no-store');
  const reveals = await audit({ object: `/api/v1/users/${u.id}/personal` });
  assert.equal(reveals.length, 1);
  assert.equal(reveals[0].actor_role, 'secadmin');
  assert.match(reveals[0].result, /^read/);

  // Disable ends his session; enable lets him in again.
  r = await call('POST', `/api/v1/users/${u.id}/disable`, { cookie: sec });
  assert.equal(r.status, 200);
  assert.equal(r.json.disabled, true);
  assert.equal((await call('GET', '/api/v1/me', { cookie: uc })).json.authenticated, false, 'his session ended');
  assert.equal((await signIn('clerk.new1', 'initial passphrase 1')).status, 401);
  r = await call('POST', `/api/v1/users/${u.id}/enable`, { cookie: sec });
  assert.equal(r.json.disabled, false);
  uc = (await signIn('clerk.new1', 'initial passphrase 1')).cookie;
  assert.ok(uc);

  // A reset ends his sessions and replaces the password.
  r = await call('POST', `/api/v1/users/${u.id}/reset-password`, { cookie: sec, body: { password: 'short' } });
  assert.equal(r.status, 422);
  r = await call('POST', `/api/v1/users/${u.id}/reset-password`, { cookie: sec, body: { password: 'reset passphrase 22' } });
  assert.equal(r.status, 200);
  assert.equal((await call('GET', '/api/v1/me', { cookie: uc })).json.authenticated, false);
  assert.equal((await signIn('clerk.new1', 'initial passphrase 1')).status, 401);
  assert.equal((await signIn('clerk.new1', 'reset passphrase 22')).status, 200);
  assert.equal((await call('POST', '/api/v1/users/999999/reset-password', { cookie: sec, body: { password: 'reset passphrase 22' } })).status, 404);
  assert.equal((await call('POST', '/api/v1/users/999999/disable', { cookie: sec })).status, 404);

  // A lost phone: the security administrator removes his authenticator.
  const own = (await signIn('clerk.new1', 'reset passphrase 22')).cookie;
  r = await call('POST', '/api/v1/account/totp/enrol', { cookie: own });
  const lost = r.json.secret;
  rememberSecret(s.url, 'clerk.new1', lost);
  r = await call('POST', '/api/v1/account/totp/confirm', { cookie: own, body: { code: await freshCode(s.url, 'clerk.new1', lost) } });
  assert.equal(r.status, 200);
  assert.equal((await call('GET', `/api/v1/users/${u.id}`, { cookie: sec })).json.totp_enabled, true);
  assert.deepEqual((await signIn('clerk.new1', 'reset passphrase 22')).json, { mfa_required: true, enrol: false });
  r = await call('POST', `/api/v1/users/${u.id}/totp-reset`, { cookie: sec });
  assert.equal(r.status, 200);
  assert.equal(r.json.totp_enabled, false);
  assert.equal((await call('GET', '/api/v1/me', { cookie: own })).json.authenticated, false, 'his sessions ended');
  r = await signIn('clerk.new1', 'reset passphrase 22');
  assert.equal(r.json.user.login, 'clerk.new1', 'the password alone again');
  assert.equal((await call('POST', '/api/v1/users/999999/totp-reset', { cookie: sec })).status, 404);

  // Not his own account.
  const me = (await call('GET', '/api/v1/me', { cookie: sec })).json.user;
  r = await call('POST', `/api/v1/users/${me.id}/disable`, { cookie: sec });
  assert.equal(r.status, 409);

  // The changes are in the audit log with the security administrator as actor.
  const changes = await audit({ actor_id: String(me.id), action: 'POST /api/v1/users' });
  for (const path of [`/api/v1/users/${u.id}/disable`, `/api/v1/users/${u.id}/enable`, `/api/v1/users/${u.id}/reset-password`, `/api/v1/users/${u.id}/totp-reset`, '/api/v1/users'])
    assert.ok(changes.some((x) => x.object === path && /^ok/.test(x.result)), path);
});

test('who may administer accounts: a clerk gets 403, anonymous 401, the system administrator reads only', async () => {
  const clerk = (await signIn(acct('clerk.sj').login, acct('clerk.sj').password)).cookie;
  for (const [m, p] of [['GET', '/api/v1/users'], ['GET', '/api/v1/users/1'], ['POST', '/api/v1/users/1/disable'], ['GET', '/api/v1/users/1/personal']]) {
    assert.equal((await call(m, p, { cookie: clerk })).status, 403, `${m} ${p}`);
    assert.equal((await call(m, p)).status, 401, `${m} ${p} anonymous`);
  }
  const sys = await fullCookie('sysadmin');
  assert.equal((await call('GET', '/api/v1/users/1', { cookie: sys })).status, 200);
  assert.equal((await call('GET', '/api/v1/users/1/personal', { cookie: sys })).status, 403);
  const r = await call('POST', '/api/v1/users', { cookie: sys, body: { login: 'x.y.z', display_name: 'x', role: 'clerk', password: 'long enough pass' } });
  assert.equal(r.status, 403);
  // The auditor reads the log, not the accounts.
  const aud = await fullCookie('auditor');
  assert.equal((await call('GET', '/api/v1/users', { cookie: aud })).status, 403);
});

test('accounts made with the CLI work on the running server; CLI disable and reset end sessions', async () => {
  const add = run(['user', 'add', '--db', s.db, '--username', 'clerk.cli', '--role', 'clerk', '--site', '430802001'], { input: 'cli passphrase 123\n' });
  assert.equal(add.code, 0, add.stderr);
  let r = await signIn('clerk.cli', 'cli passphrase 123');
  assert.equal(r.status, 200);
  assert.equal(r.json.user.site.id > 0, true);
  const c = r.cookie;
  const reset = run(['user', 'reset-password', '--db', s.db, '--username', 'clerk.cli'], { input: 'cli passphrase 456\n' });
  assert.equal(reset.code, 0, reset.stderr);
  assert.equal((await call('GET', '/api/v1/me', { cookie: c })).json.authenticated, false);
  r = await signIn('clerk.cli', 'cli passphrase 456');
  assert.equal(r.status, 200);
  const dis = run(['user', 'disable', '--db', s.db, '--username', 'clerk.cli']);
  assert.equal(dis.code, 0, dis.stderr);
  assert.equal((await call('GET', '/api/v1/me', { cookie: r.cookie })).json.authenticated, false);
  assert.equal((await signIn('clerk.cli', 'cli passphrase 456')).status, 401);
  const list = run(['user', 'list', '--db', s.db]);
  assert.ok(list.stdout.split('\n').includes('clerk.cli\tclerk\t430802001\tdisabled'), list.stdout);
});
