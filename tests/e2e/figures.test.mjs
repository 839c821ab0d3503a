// The public case figures page (/figures, issue 6) in Chromium against the
// real server's demo year (the harness's small year): the totals on the page
// are the API's, the tables by department and tier add up to them, a bar per
// month is drawn, filters redraw, English works, and axe-core finds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, DEMO_CASES_SMALL } from '../lib/server.mjs';
import { browserSuite, withStorage, waitReady } from '../lib/browser.mjs';
import { pageHelpers } from '../lib/pages.mjs';

const suite = browserSuite({ before, after, startServer });
const { axeClean: axe } = pageHelpers(suite);
const T = { timeout: 120_000 };
const digits = (s) => Number(String(s).replace(/[^0-9]/g, ''));

async function api(query = '') {
  const res = await fetch(`${suite.server.url}/api/v1/cases/figures${query}`);
  assert.equal(res.status, 200);
  return res.json();
}

test('the page shows the year: totals, months, departments, tiers', T, async () => {
  const { page, problems } = await suite.open('/figures');
  const want = (await api()).totals;
  // the demo year of the test server, plus the demo accounts' open cases
  // (filed through the store's operations, counted like any other case)
  const open = Number(execFileSync('sqlite3', ['-cmd', '.timeout 5000', suite.server.db,
    'SELECT count(*) FROM cases WHERE (applicant_id IS NOT NULL OR filed_by IS NOT NULL) AND received_at IS NOT NULL'],
  { encoding: 'utf8' }).trim());
  assert.ok(open >= 8 && open < 40, `${open} open demo cases`);
  assert.equal(want.received, DEMO_CASES_SMALL + open, 'the demo year of the test server');
  assert.equal(digits(await page.locator('#fig-received').innerText()), want.received);
  assert.equal(digits(await page.locator('#fig-accepted').innerText()), want.accepted);
  assert.equal(digits(await page.locator('#fig-completed').innerText()), want.completed);
  assert.equal(digits(await page.locator('#fig-on-time').innerText()), want.on_time);
  assert.equal((await page.locator('#fig-rate').innerText()).trim(), '100.0%');
  // the department table: one row per department, the column sums are the totals
  const rows = page.locator('#fig-table-department tbody tr');
  const n = await rows.count();
  assert.ok(n >= 10, `${n} departments`);
  let received = 0;
  for (let i = 0; i < n; i++) received += digits(await rows.nth(i).locator('td').first().innerText());
  assert.equal(received, want.received);
  assert.equal(digits(await page.locator('#fig-table-department tfoot td').first().innerText()), want.received);
  // tiers: the three of them
  assert.equal(await page.locator('#fig-table-tier tbody tr').count(), 3);
  assert.match(await page.locator('#fig-table-tier tbody').innerText(), /区政务服务中心/);
  // a bar per month, labelled for screen readers
  const months = (await api('?group=month')).rows;
  assert.equal(await page.locator('#fig-svg g.bar').count(), months.length);
  assert.match(await page.locator('#fig-svg').getAttribute('aria-label'), /每月办结件数/);
  assert.match(await page.title(), /办件统计/);
  await axe(page, 'figures-year');
  assert.deepEqual(problems, []);
});

test('filters redraw the figures: one tier', T, async () => {
  const { page, problems } = await suite.open('/figures');
  await page.selectOption('#fig-tier', 'village');
  await page.click('#fig-go');
  const want = (await api('?tier=village')).totals;
  await page.waitForFunction((n) => document.querySelector('#fig-received')?.textContent.replace(/\D/g, '') === String(n), want.received);
  assert.ok(want.received < DEMO_CASES_SMALL);
  assert.equal(await page.locator('#fig-table-tier tbody tr').count(), 1);
  assert.deepEqual(problems, []);
});

test('in English, with large text', T, async () => {
  const { page, problems } = await suite.open(null, { init: withStorage({ 'onestop.lang': 'en', 'onestop.contrast': 'on' }) });
  await page.goto('/figures');
  await waitReady(page);
  assert.equal(await page.locator('h1').innerText(), 'Case figures');
  assert.match(await page.locator('#fig-table-department').innerText(), /Human Resources and Social Security/);
  assert.match(await page.locator('#fig-table-tier').innerText(), /Village and community stations/);
  await axe(page, 'figures-en-contrast');
  assert.deepEqual(problems, []);
});
