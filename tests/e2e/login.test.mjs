// Signing in and out through the pages, against the real server and its demo
// accounts: wrong passwords, the clerk's header and tasks, sign-out, axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { loginFull } from '../lib/totp.mjs';
import { browserSuite, waitReady, runAxe, describeViolations, screenshot } from '../lib/browser.mjs';
import { dictionaries } from '../../web/assets/i18n.js';
import { TASKS } from '../../web/assets/tasks.js';

const suite = browserSuite({ before, after, startServer });
const T = { timeout: 90_000 };

const me = (page) => page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
const text = (page, sel) => page.locator(sel).first().innerText();
// The browser logs the 401 of a refused sign-in as a console error; that one is expected.
const unexpected = (problems) => problems.filter((p) => !/status of 401/.test(p));

async function signIn(page, login, password) {
  await page.fill('#login', login);
  await page.fill('#password', password);
  await page.click('#login-submit');
}

test('a wrong password or an unknown user shows the same alert and makes no session', T, async () => {
  const clerk = suite.server.accounts.clerk;
  const { page, problems } = await suite.open('/login');
  const alerts = [];
  for (const [login, password] of [
    [clerk.login, clerk.password + 'x'],
    ['nobody-here', clerk.password],
  ]) {
    await signIn(page, login, password);
    await page.waitForFunction(() => document.getElementById('login-error').textContent !== '');
    alerts.push(await text(page, '[role="alert"]#login-error'));
    assert.equal(new URL(page.url()).pathname, '/login', 'stays on the sign-in page');
    assert.equal((await me(page)).authenticated, false, 'no session');
    assert.equal(await page.inputValue('#password'), '', 'the password is cleared');
    assert.equal(await page.inputValue('#login'), login, 'the user name is kept');
  }
  assert.deepEqual(alerts, ['用户名或密码错误', '用户名或密码错误']);
  assert.equal((await page.context().cookies()).length, 0, 'no cookie was set');

  // the message follows the language switch
  await page.click('.lang-btn[data-lang="en"]');
  assert.equal(await text(page, '#login-error'), 'Wrong user name or password');
  await signIn(page, clerk.login, 'wrong');
  await page.waitForFunction(() => !document.getElementById('login-submit').disabled);
  assert.equal(await text(page, '#login-error'), 'Wrong user name or password');
  assert.deepEqual(unexpected(problems), []);
});

test('empty fields are caught in the page without asking the server', T, async () => {
  const { page, problems } = await suite.open('/login');
  let posts = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/v1/session')) posts++;
  });
  await page.click('#login-submit');
  assert.equal(await text(page, '#login-error'), dictionaries['zh-CN']['login.missing']);
  assert.equal(await page.getAttribute('#login', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'login');
  await page.fill('#login', 'clerk');
  await page.click('#login-submit');
  assert.equal(await page.getAttribute('#password', 'aria-invalid'), 'true');
  assert.equal(await page.getAttribute('#login', 'aria-invalid'), null);
  assert.equal(posts, 0);
  assert.deepEqual(problems, []);
});

test('axe-core: 0 violations on the sign-in page, also with an error shown', T, async () => {
  const { page, problems } = await suite.open('/login');
  // the inputs are labelled by their <label for>
  assert.equal(await page.getByLabel('用户名').getAttribute('id'), 'login');
  assert.equal(await page.getByLabel('密码').getAttribute('id'), 'password');
  let violations = await runAxe(page);
  await screenshot(page, 'login');
  assert.equal(violations.length, 0, describeViolations(violations));
  await signIn(page, 'nobody', 'nothing');
  await page.waitForFunction(() => document.getElementById('login-error').textContent !== '');
  violations = await runAxe(page);
  await screenshot(page, 'login-error');
  assert.equal(violations.length, 0, describeViolations(violations));
  assert.deepEqual(unexpected(problems), []);
});

test('the demo clerk signs in: role, site and clerk tasks in the header and home; sign-out returns to anonymous', T, async () => {
  const clerk = suite.server.accounts.clerk;
  const { page, problems } = await suite.open('/login');
  await signIn(page, clerk.login, clerk.password);
  await page.waitForURL(suite.server.url + '/');
  await waitReady(page);

  const who = await me(page);
  assert.equal(who.authenticated, true);
  assert.equal(who.user.role, 'clerk');
  assert.equal(await text(page, '#account-role'), '窗口人员');
  assert.equal(await text(page, '#account-name'), who.user.display_name);
  assert.equal(await text(page, '#account-site'), who.user.site.name);
  assert.equal(await text(page, '#page-title'), `您好，${who.user.display_name}`);
  assert.equal(await page.locator('#signin').count(), 0);

  const cards = await page.$$eval('#task-list [data-task]', (els) => els.map((e) => e.dataset.task));
  assert.deepEqual(cards, who.capabilities);
  for (const k of ['hall.window', 'case.accept']) assert.ok(cards.includes(k), k);
  assert.ok(!cards.includes('login') && !cards.includes('sites'), 'no sign-in or visitor card');
  assert.equal(await text(page, '[data-task="hall.window"] .task-title'), '窗口叫号');

  await page.click('.lang-btn[data-lang="en"]');
  assert.equal(await text(page, '#account-role'), 'Window clerk');
  // the English site name when the server sends one (the contract has name_en)
  assert.equal(await text(page, '#account-site'), who.user.site.name_en || who.user.site.name);
  assert.equal(await text(page, '#signout'), 'Sign out');
  assert.equal(await text(page, '[data-task="hall.window"] .task-title'), 'Window calling');
  const violations = await runAxe(page);
  await screenshot(page, 'home-clerk-en');
  assert.equal(violations.length, 0, describeViolations(violations));

  // the sign-in page says who is signed in
  await page.goto('/login');
  await waitReady(page);
  assert.match(await text(page, '#login-already'), new RegExp(`${who.user.display_name}.*Window clerk`));
  await page.goto('/');
  await waitReady(page);

  await page.click('#signout');
  await page.waitForSelector('#signin');
  await waitReady(page);
  assert.equal((await me(page)).authenticated, false);
  assert.equal(await text(page, '#signin'), 'Sign in');
  const after = await page.$$eval('#task-list [data-task]', (els) => els.map((e) => e.dataset.task));
  assert.ok(after.includes('login') && after.includes('sites'));
  assert.ok(!after.includes('hall.window'));
  assert.deepEqual(problems, []);
});

test('every capability the server gives a demo account has a card in both languages', T, async () => {
  const { url, accounts } = suite.server;
  const seen = new Set();
  for (const a of Object.values(accounts)) {
    if (seen.has(a.role)) continue;
    seen.add(a.role);
    // Administrators complete their second factor (enrolling at first sign-in).
    const cookie = await loginFull(url, a.login, a.password);
    const m = await (await fetch(url + '/api/v1/me', { headers: { Cookie: cookie } })).json();
    assert.equal(m.authenticated, true);
    assert.ok(m.user.role_name?.zh && m.user.role_name?.en, `${a.role} role name in both languages`);
    for (const cap of m.capabilities) {
      assert.ok(TASKS[cap], `${a.role}: no card for ${cap}`);
      assert.ok(dictionaries.en[`task.${cap}`] && dictionaries['zh-CN'][`task.${cap}`], cap);
    }
  }
  assert.ok(seen.size >= 10, `roles seen: ${[...seen].join(' ')}`);
});
