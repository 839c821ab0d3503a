// The working-calendar page against the real server: the month view of a
// year with its holidays, make-up days and closures marked, in both
// languages; the system administrator reaches it from his home page, adds a
// closure that shows at once, removes it, and imports a year; axe-core finds
// nothing; screenshots under build/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, run } from '../lib/server.mjs';
import { browserSuite, waitReady, withStorage } from '../lib/browser.mjs';
import { pageHelpers } from '../lib/pages.mjs';

// The administrator's second factor is issue 3's subject (tested there); this
// server lets the system administrator sign in with the password alone (when
// the binary has that setting).
const passwordOnlyAdmin = () =>
  /totp_required_roles/.test(run(['help', 'serve']).stdout) ? ['--totp_required_roles', 'secadmin,auditor'] : [];
const suite = browserSuite({
  before,
  after,
  startServer: (o) => startServer({ ...o, nextYear: false, args: passwordOnlyAdmin() }),
});
const T = { timeout: 90_000 };

const text = (page, sel) => page.locator(sel).first().innerText();
const kind = (page, date) => page.getAttribute(`td[data-date="${date}"]`, 'data-kind');
const api = (page, path) => page.evaluate((p) => fetch(p).then((r) => r.json()), path);

const { signIn, axeClean } = pageHelpers(suite);
const signInAsAdmin = (page) => signIn(page, 'sysadmin');

test('anyone sees 2026: twelve months, holidays 休, make-up days 班, weekends; no admin forms', T, async () => {
  const { page, problems } = await suite.open('/calendar?year=2026');
  assert.equal(await page.locator('table.cal-month').count(), 12);
  assert.equal(await page.locator('table.cal-month td[data-date]').count(), 365);
  assert.equal(await text(page, 'table.cal-month[data-month="2"] caption'), '2026年2月');
  assert.equal(await kind(page, '2026-02-16'), 'holiday');
  assert.equal(await text(page, 'td[data-date="2026-02-16"] .m'), '休');
  assert.equal(await kind(page, '2026-02-14'), 'makeup');
  assert.equal(await text(page, 'td[data-date="2026-02-14"] .m'), '班');
  assert.equal(await kind(page, '2026-03-01'), 'weekend');
  assert.equal(await kind(page, '2026-03-02'), 'workday');
  // the page agrees with the API on every day of the year
  const kinds = await page.$$eval('td[data-date]', (els) => els.map((e) => [e.dataset.date, e.dataset.kind]));
  for (const [date, k] of kinds.filter((_, i) => i % 29 === 0)) {
    const a = await api(page, `/api/v1/workdays/is?date=${date}`);
    assert.equal(k, a.kind, date);
  }
  // a week starts on Monday: 2026-02-01 is a Sunday, the last cell of the first row
  const firstRow = await page.$$eval('table.cal-month[data-month="2"] tbody tr:first-child td', (els) => els.map((e) => e.dataset.date ?? ''));
  assert.deepEqual(firstRow, ['', '', '', '', '', '', '2026-02-01']);
  assert.match(await text(page, '#cal-source'), /2026年部分节假日安排/);
  assert.equal(await page.locator('#cal-legend li').count(), 6);
  assert.equal(await page.isVisible('#cal-admin'), false);
  assert.equal(await page.inputValue('#year-select'), '2026');

  // previous year: the URL follows
  await page.click('#year-prev');
  await page.waitForFunction(() => document.querySelector('#year-select').value === '2025');
  assert.match(page.url(), /year=2025$/);
  assert.equal(await kind(page, '2025-01-26'), 'makeup');

  await axeClean(page, 'calendar-public');
  assert.deepEqual(problems, []);
});

test('in English and with high contrast: captions, legend and marks translated; axe clean', T, async () => {
  const { page, problems } = await suite.open('/calendar?year=2026', {
    init: withStorage({ 'onestop.lang': 'en', 'onestop.contrast': 'on' }),
  });
  assert.equal(await text(page, 'table.cal-month[data-month="10"] caption'), 'October 2026');
  assert.equal(await text(page, 'td[data-date="2026-10-01"] .m'), 'off');
  assert.match(await text(page, '#cal-legend'), /Make-up working day/);
  assert.equal(await page.title(), 'Working calendar – OneStop Government Services');
  await axeClean(page, 'calendar-en-hc');
  assert.deepEqual(problems, []);
});

test('the system administrator adds a closure from the home card; it shows at once; he removes it', T, async () => {
  const { page, problems } = await suite.open(null);
  await signInAsAdmin(page);
  assert.equal(await page.getAttribute('[data-task="calendar.admin"]', 'href'), '/calendar');
  await page.click('[data-task="calendar.admin"]');
  await page.waitForURL(/\/calendar/);
  await waitReady(page);
  assert.equal(await page.isVisible('#cal-admin'), true);

  // a bad entry is caught in the page
  await page.click('#closure-submit');
  assert.equal(await text(page, '#closure-error'), '请输入有效日期。');
  assert.equal(await page.getAttribute('#closure-date', 'aria-invalid'), 'true');

  await page.fill('#closure-date', '2026-07-01');
  await page.fill('#closure-reason', '暴雨红色预警，全区停止对外办公');
  await page.click('#closure-submit');
  await page.waitForFunction(() => document.getElementById('cal-status').textContent.includes('2026-07-01'));
  assert.equal(await text(page, '#cal-status'), '已将 2026-07-01 设为临时闭馆日。');
  assert.equal(await page.inputValue('#year-select'), '2026');
  assert.equal(await kind(page, '2026-07-01'), 'closure');
  assert.equal(await text(page, 'td[data-date="2026-07-01"] .m'), '闭');
  assert.match(await text(page, 'tr[data-closure="2026-07-01"]'), /全区.*暴雨红色预警/s);
  assert.deepEqual(await api(page, '/api/v1/workdays/is?date=2026-07-01'), {
    date: '2026-07-01', workday: false, kind: 'closure', reason: '暴雨红色预警，全区停止对外办公',
  });

  // the same day again: refused, said in the page
  await page.fill('#closure-date', '2026-07-01');
  await page.fill('#closure-reason', 'again');
  await page.click('#closure-submit');
  await page.waitForFunction(() => document.getElementById('closure-error').textContent !== '');
  assert.equal(await text(page, '#closure-error'), '该日期已是闭馆日。');

  await axeClean(page, 'calendar-admin-closure');

  await page.click('tr[data-closure="2026-07-01"] button');
  await page.waitForFunction(() => document.getElementById('cal-status').textContent.includes('取消'));
  assert.equal(await kind(page, '2026-07-01'), 'workday');
  assert.equal(await page.locator('tr[data-closure]').count(), 0);
  // the browser logs the 409 of the refused second closure
  assert.deepEqual(problems.filter((p) => !/status of 409/.test(p)), []);
});

test('the system administrator imports 2027; a bad date is named and nothing is sent', T, async () => {
  const { page, problems } = await suite.open(null);
  await signInAsAdmin(page);
  await page.goto('/calendar');
  await waitReady(page);
  let puts = 0;
  page.on('request', (r) => {
    if (r.method() === 'PUT') puts++;
  });
  await page.fill('#import-json', JSON.stringify({ years: { 2027: { holidays: ['2027-01-01', '2027-02-30'], workdays: [] } } }));
  await page.click('#import-submit');
  assert.equal(await text(page, '#import-error'), '2027 年：日期“2027-02-30”无效。');
  assert.equal(puts, 0);

  const doc = {
    years: {
      2027: {
        source: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
        holidays: ['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'],
        workdays: ['2027-02-13'],
      },
    },
  };
  await page.fill('#import-json', JSON.stringify(doc, null, 1));
  await page.click('#import-submit');
  await page.waitForFunction(() => document.getElementById('cal-status').textContent.includes('2027'));
  assert.equal(await text(page, '#cal-status'), '已导入：2027 年（新增）');
  assert.equal(puts, 1);
  assert.equal(await page.inputValue('#year-select'), '2027');
  assert.match(page.url(), /year=2027$/);
  assert.equal(await kind(page, '2027-02-08'), 'holiday');
  assert.equal(await kind(page, '2027-02-13'), 'makeup');
  assert.equal(await kind(page, '2027-01-04'), 'workday');
  assert.match(await text(page, '#cal-source'), /2027年部分节假日安排/);
  await axeClean(page, 'calendar-admin-import');
  assert.deepEqual(problems, []);
});
