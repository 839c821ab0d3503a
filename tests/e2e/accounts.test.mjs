// The account pages in Chromium against the real server: the demo
// administrator's first sign-in (enrolment with the QR code, the first code
// signs him in), the one-time code step of the sign-in page, the account
// page (masked profile, password change), the security administrator's
// users page (create, reveal with confirmation, disable, reset), the
// auditor's audit page, and axe-core on each. Screenshots in build/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { browserSuite, waitReady, runAxe, describeViolations, screenshot, withStorage } from '../lib/browser.mjs';
import { totp, currentStep, freshCode, rememberSecret, loginFull } from '../lib/totp.mjs';

const suite = browserSuite({
  before,
  after,
  startServer: (o) => startServer({ ...o, args: ['--rate_login_per_minute', '1000'] }),
});
const T = { timeout: 120_000 };

const me = (page) => page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
const text = (page, sel) => page.locator(sel).first().innerText();
// Refused requests (a wrong code, a wrong password) are logged by the
// browser as console errors; those are expected here.
const unexpected = (problems) => problems.filter((p) => !/status of (401|422)/.test(p));

async function axeClean(page, name) {
  const v = await runAxe(page);
  await screenshot(page, name);
  assert.equal(v.length, 0, `${name}: ${describeViolations(v)}`);
}

async function signIn(page, login, password) {
  await page.fill('#login', login);
  await page.fill('#password', password);
  await page.click('#login-submit');
}

// A page whose context carries a fully signed-in session of `role` (made
// through the API, second factor included).
async function openAs(role, path, opts = {}) {
  const a = suite.server.accounts[role];
  const cookie = await loginFull(suite.server.url, a.login, a.password);
  const [name, value] = cookie.split('=');
  const p = await suite.open(null, opts);
  await p.context.addCookies([{ name, value, url: suite.server.url }]);
  await p.page.goto(path);
  await waitReady(p.page);
  return p;
}

test('the demo sysadmin: first sign-in lands on the enrolment with the QR code; the first code signs him in', T, async () => {
  const { url, accounts } = suite.server;
  const a = accounts.sysadmin;
  const { page, problems } = await suite.open('/login');
  await signIn(page, a.login, a.password);
  await page.waitForURL(url + '/account');
  await waitReady(page);
  await page.waitForSelector('#totp-enrol:not([hidden])');
  assert.match(await text(page, '#acc-notice'), /必须使用双因素认证/);
  assert.equal(await page.locator('#profile-panel').isHidden(), true, 'nothing but the enrolment');
  assert.equal(await page.locator('#password-panel').isHidden(), true);
  const src = await page.getAttribute('#totp-qr', 'src');
  assert.match(src, /^data:image\/svg\+xml;base64,/);
  const svg = Buffer.from(src.split(',')[1], 'base64').toString();
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(await page.getAttribute('#totp-qr', 'alt'), /二维码.*sysadmin/);
  const box = await page.locator('#totp-qr').boundingBox();
  assert.ok(box.width >= 200 && box.height >= 200, 'the QR code is drawn large enough to scan');
  assert.equal(await page.getAttribute('#totp-code', 'autocomplete'), 'one-time-code');
  const secret = (await text(page, '#totp-secret')).replace(/\s+/g, '');
  assert.match(secret, /^[A-Z2-7]{32}$/);
  rememberSecret(url, a.login, secret);
  assert.equal((await me(page)).authenticated, false, 'not in yet');
  await axeClean(page, 'account-enrol');

  // A wrong code first.
  const step = currentStep();
  const good = new Set([step - 1, step, step + 1].map((s) => totp(secret, s)));
  const wrong = ['111111', '222222', '333333'].find((c) => !good.has(c));
  await page.fill('#totp-code', wrong);
  await page.click('#totp-confirm');
  await page.waitForFunction(() => document.getElementById('totp-error').textContent !== '');
  assert.match(await text(page, '#totp-error'), /动态口令不正确/);
  assert.equal(await page.getAttribute('#totp-code', 'aria-invalid'), 'true');

  await page.fill('#totp-code', await freshCode(url, a.login, secret));
  await page.click('#totp-confirm');
  await page.waitForURL(url + '/');
  await waitReady(page);
  const who = await me(page);
  assert.equal(who.authenticated, true);
  assert.equal(who.user.role, 'sysadmin');
  assert.equal(await text(page, '#account-link'), '账号与安全');

  // Sign out and in again: the code step of the sign-in page.
  await page.click('#signout');
  await page.waitForSelector('#signin');
  await page.goto('/login');
  await waitReady(page);
  await signIn(page, a.login, a.password);
  await page.waitForSelector('#totp-form:not([hidden])');
  assert.equal(await page.locator('#login-form').isHidden(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'totp-code');
  assert.equal(await page.getAttribute('#totp-code', 'autocomplete'), 'one-time-code');
  assert.equal(await page.getAttribute('#totp-code', 'inputmode'), 'numeric');
  await axeClean(page, 'login-totp');
  await page.fill('#totp-code', '12');
  await page.click('#totp-submit');
  assert.equal(await text(page, '#login-error'), '请输入 6 位数字动态口令');
  const step2 = currentStep();
  const good2 = new Set([step2 - 1, step2, step2 + 1].map((s) => totp(secret, s)));
  await page.fill('#totp-code', ['444444', '555555', '666666'].find((c) => !good2.has(c)));
  await page.click('#totp-submit');
  await page.waitForFunction(() => /动态口令错误/.test(document.getElementById('login-error').textContent));
  await page.click('.lang-btn[data-lang="en"]');
  assert.match(await text(page, '#login-error'), /Wrong or used code/);
  assert.equal(await text(page, '#totp-submit'), 'Verify');
  await axeClean(page, 'login-totp-error-en');
  // A reload keeps the code step (the pending session is known).
  await page.reload();
  await waitReady(page);
  assert.equal(await page.locator('#totp-form').isVisible(), true);
  await page.fill('#totp-code', await freshCode(url, a.login, secret));
  await page.click('#totp-submit');
  await page.waitForURL(url + '/');
  await waitReady(page);
  assert.equal((await me(page)).authenticated, true);
  assert.deepEqual(unexpected(problems), []);
});

test('account page: masked profile, password change checked in the page and by the server', T, async () => {
  const a = suite.server.accounts['clerk.township'];
  const { page, problems } = await suite.open('/login');
  await signIn(page, a.login, a.password);
  await page.waitForURL(suite.server.url + '/');
  await waitReady(page);
  await page.click('#account-link');
  await page.waitForURL(suite.server.url + '/account');
  await waitReady(page);
  assert.equal(await page.getAttribute('#account-link', 'aria-current'), 'page');
  assert.equal(await text(page, '[data-field="login"]'), a.login);
  assert.equal(await text(page, '[data-field="phone"]'), '无');
  assert.match(await text(page, '#totp-status'), /未绑定/);
  assert.equal(await page.locator('#totp-start').isVisible(), true, 'staff may opt in');
  await axeClean(page, 'account');

  await page.fill('#pw-current', a.password);
  await page.fill('#pw-new', 'a new passphrase 1');
  await page.fill('#pw-again', 'a new passphrase 2');
  await page.click('#pw-submit');
  assert.equal(await text(page, '#password-error'), '两次输入的新密码不一致');
  assert.equal(await page.getAttribute('#pw-again', 'aria-invalid'), 'true');
  await page.fill('#pw-current', 'not the password');
  await page.fill('#pw-again', 'a new passphrase 1');
  await page.click('#pw-submit');
  await page.waitForFunction(() => document.getElementById('password-error').textContent === '当前密码不正确');
  await axeClean(page, 'account-password-error');
  await page.fill('#pw-current', a.password);
  await page.fill('#pw-new', 'a new passphrase 1');
  await page.fill('#pw-again', 'a new passphrase 1');
  await page.click('#pw-submit');
  await page.waitForFunction(() => document.getElementById('password-ok').textContent !== '');
  assert.match(await text(page, '#password-ok'), /密码已修改/);
  assert.equal(await page.inputValue('#pw-current'), '', 'the fields are cleared');
  assert.equal((await me(page)).authenticated, true, 'this session goes on');
  const res = await fetch(suite.server.url + '/api/v1/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: a.login, password: 'a new passphrase 1' }),
  });
  assert.equal(res.status, 200, 'the new password works');

  await page.click('.lang-btn[data-lang="en"]');
  assert.equal(await text(page, '#page-title'), 'Account & security');
  assert.equal(await text(page, '#pw-submit'), 'Change password');
  await axeClean(page, 'account-en');
  assert.deepEqual(unexpected(problems), []);
});

test('users page: the security administrator creates an account, reveals its personal data after a confirmation, disables it', T, async () => {
  const { page, problems } = await openAs('secadmin', '/users');
  await page.waitForSelector('#users-rows [data-user]');
  const logins = await page.$$eval('#users-rows [data-user]', (els) => els.map((e) => e.dataset.user));
  assert.ok(logins.includes('clerk') && logins.includes('sysadmin'), logins.join(' '));
  assert.match(await text(page, '#users-count'), /共 \d+ 个账号/);
  await axeClean(page, 'users');

  await page.click('#create-toggle');
  assert.equal(await page.getAttribute('#create-toggle', 'aria-expanded'), 'true');
  await page.fill('#n-login', 'clerk.e2e');
  await page.fill('#n-name', '测试窗口');
  await page.selectOption('#n-role', 'clerk');
  await page.fill('#n-site', '430802');
  await page.fill('#n-password', 'short');
  await page.click('#create-submit');
  await page.waitForFunction(() => document.getElementById('create-error').textContent !== '');
  assert.match(await text(page, '#create-error'), /初始密码/);
  assert.equal(await page.getAttribute('#n-password', 'aria-invalid'), 'true');
  await axeClean(page, 'users-create-error');
  await page.fill('#n-password', 'e2e initial passphrase');
  await page.fill('#n-phone', '13912345678');
  await page.fill('#n-id', '11010519491231002X');
  await page.click('#create-submit');
  await page.waitForFunction(() => /clerk\.e2e/.test(document.getElementById('create-ok').textContent));
  await page.waitForFunction(() => document.getElementById('detail-h').textContent.includes('clerk.e2e'));
  assert.equal(await text(page, '#detail-id'), '110105********002X');
  assert.equal(await text(page, '#detail-phone'), '139****5678');

  // The reveal asks first; cancelling shows nothing.
  await page.click('#reveal');
  assert.match(await text(page, '#reveal-q'), /记入审计日志/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'reveal-yes');
  await axeClean(page, 'users-reveal-confirm');
  await page.click('#reveal-no');
  assert.equal(await text(page, '#detail-id'), '110105********002X');
  await page.click('#reveal');
  await page.click('#reveal-yes');
  await page.waitForFunction(() => document.getElementById('detail-id').textContent === '11010519491231002X');
  assert.equal(await text(page, '#detail-phone'), '13912345678');
  assert.match(await text(page, '#reveal-note'), /已记入审计日志/);

  await page.click('#user-disable');
  await page.waitForSelector('#user-enable');
  assert.match(await text(page, '#detail-msg'), /已停用/);
  assert.equal(await text(page, '#detail-id'), '110105********002X', 'masked again after a change');
  await page.fill('#reset-password', 'e2e reset passphrase');
  await page.click('#reset-submit');
  await page.waitForFunction(() => /已重置/.test(document.getElementById('detail-msg')?.textContent ?? ''));
  await page.click('#user-enable');
  await page.waitForSelector('#user-disable');
  await axeClean(page, 'users-detail');

  // Filters.
  await page.selectOption('#f-role', 'auditor');
  await page.click('#filter-apply');
  await page.waitForFunction(() => [...document.querySelectorAll('#users-rows [data-user]')].map((e) => e.dataset.user).join() === 'auditor');
  await page.click('.lang-btn[data-lang="en"]');
  assert.equal(await text(page, '#page-title'), 'Accounts');
  assert.equal(await text(page, '#users-rows td:nth-child(3)'), 'Auditor');
  await axeClean(page, 'users-en');
  assert.deepEqual(unexpected(problems), []);
});

test('users page: the system administrator reads only; a clerk is told it is not for him', T, async () => {
  let { page, problems } = await openAs('sysadmin', '/users');
  await page.waitForSelector('#users-rows [data-user]');
  assert.equal(await page.locator('#create-panel').isHidden(), true);
  assert.match(await text(page, '#users-notice'), /只能查看/);
  await page.click('#users-rows [data-user="clerk"] a');
  await page.waitForFunction(() => document.getElementById('detail-h').textContent.includes('clerk'));
  assert.equal(await page.locator('#user-disable').count(), 0, 'no actions');
  assert.equal(await page.locator('#reveal').count(), 0);
  assert.deepEqual(unexpected(problems), []);

  ({ page, problems } = await openAs('clerk.sj', '/users'));
  assert.match(await text(page, '#users-notice'), /只有安全管理员/);
  assert.equal(await page.locator('#users-body').isHidden(), true);
  await axeClean(page, 'users-forbidden');
  ({ page, problems } = await openAs('clerk.sj', '/audit'));
  assert.match(await text(page, '#audit-notice'), /只有审计员/);
});

test('audit page: the auditor finds the reveal and the sign-ins, with client and request id', T, async () => {
  const { page, problems } = await openAs('auditor', '/audit');
  await page.waitForSelector('#audit-rows [data-id]');
  assert.match(await text(page, '#audit-count'), /共 \d+ 条记录/);
  await axeClean(page, 'audit');
  await page.selectOption('#q-result', 'read');
  await page.fill('#q-action', 'GET /api/v1/users/{id}/personal');
  await page.click('#search-submit');
  await page.waitForFunction(() => /[?&]result=read/.test(location.search));
  await page.waitForFunction(() => document.querySelectorAll('#audit-rows [data-id]').length === 1);
  const cells = await page.$$eval('#audit-rows [data-id] td', (tds) => tds.map((td) => td.innerText));
  assert.match(cells[0], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.match(cells[1], /secadmin/);
  assert.match(cells[3], /^\/api\/v1\/users\/\d+\/personal$/);
  assert.match(cells[4], /查看个人信息/);
  assert.match(cells[5], /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
  assert.match(cells[6], /^[0-9a-f]{16,32}$/);
  // Locked and failed sign-ins by result.
  await page.click('#search-clear');
  await page.selectOption('#q-result', 'mfa_pending');
  await page.click('#search-submit');
  await page.waitForFunction(() => document.querySelectorAll('#audit-rows [data-result="mfa_pending"]').length > 0);
  // A date range that ends before it starts is caught in the page.
  await page.fill('#q-from', '2026-03-02');
  await page.fill('#q-to', '2026-03-01');
  await page.click('#search-submit');
  assert.match(await text(page, '#search-error'), /结束日期/);
  await axeClean(page, 'audit-search');
  await page.click('.lang-btn[data-lang="en"]');
  assert.equal(await text(page, '#page-title'), 'Audit log');
  await axeClean(page, 'audit-en');
  assert.deepEqual(unexpected(problems), []);
});

test('large text / high contrast: the users page keeps 0 violations', T, async () => {
  const { page } = await openAs('secadmin', '/users', { init: withStorage({ 'onestop.contrast': 'on' }) });
  await page.waitForSelector('#users-rows [data-user]');
  await axeClean(page, 'users-hc');
});
