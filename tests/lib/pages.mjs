// Helpers for the browser tests (tests/e2e) on a browserSuite (browser.mjs):
// sign in on the login page as a demo account, open a page and wait until it
// is drawn, check it with axe-core (and keep a screenshot), and call the API
// as a demo account for the steps a test does not drive through a page.
//
//   const suite = browserSuite({ before, after, startServer });
//   const { signIn, goto, axeClean, apiAs } = pageHelpers(suite);
import assert from 'node:assert/strict';
import { waitReady, runAxe, describeViolations, screenshot } from './browser.mjs';
import { login } from './server.mjs';

export function pageHelpers(suite) {
  // Sign in as the demo account `who` (a login or a role) and land on the home page.
  async function signIn(page, who) {
    const a = suite.server.accounts[who];
    await page.goto('/login');
    await waitReady(page);
    await page.fill('#login', a.login);
    await page.fill('#password', a.password);
    await page.click('#login-submit');
    await page.waitForURL(suite.server.url + '/');
    await waitReady(page);
  }

  async function goto(page, path) {
    await page.goto(path);
    await waitReady(page);
  }

  // axe-core finds nothing; the screenshot is build/e2e/NAME.png.
  async function axeClean(page, name) {
    const violations = await runAxe(page);
    await screenshot(page, name);
    assert.equal(violations.length, 0, describeViolations(violations));
  }

  // A JSON request as the demo account `who` (signed in afresh); the status
  // must be below 400; returns the parsed body.
  async function apiAs(who, method, path, body) {
    const a = suite.server.accounts[who];
    const cookie = await login(suite.server.url, a.login, a.password);
    const res = await fetch(suite.server.url + path, {
      method,
      headers: { Cookie: cookie, ...(method === 'GET' ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.status < 400, `${method} ${path} -> ${res.status} ${text}`);
    return JSON.parse(text);
  }

  return { signIn, goto, axeClean, apiAs };
}
