// The port-visa pages in Chromium against the real server's demo: the agency
// pastes MRZ lines with one bad check digit (the error shows on that
// member), corrects them and submits; the officer approves, checks the
// members in by scanning, strikes one off and issues the visa (PDF); a
// special case; the figures of the first week. axe-core on every view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { browserSuite, waitReady } from '../lib/browser.mjs';
import { pageHelpers } from '../lib/pages.mjs';

const suite = browserSuite({ before, after, startServer });
const { signIn, axeClean: axe } = pageHelpers(suite);
const T = { timeout: 120_000 };
const text = (page, sel) => page.locator(sel).first().innerText();
// Refused requests (422) are logged by the browser as console errors: expected here.
const unexpected = (problems) => problems.filter((p) => !/status of (409|422)/.test(p));

function checkDigit(str) {
  const w = [7, 3, 1];
  let t = 0;
  for (let i = 0; i < str.length; i++) {
    const c = str[i];
    t += (c === '<' ? 0 : /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55) * w[i % 3];
  }
  return String(t % 10);
}
const pad = (x, n) => (x + '<'.repeat(n)).slice(0, n);
const ymd = (d) => d.slice(2, 4) + d.slice(5, 7) + d.slice(8, 10);
function mrz(p) {
  const l1 = 'P<' + p.nat + pad(`${p.surname}<<${p.given}`.replace(/ /g, '<'), 39);
  const doc = pad(p.passport, 9) + checkDigit(pad(p.passport, 9));
  const birth = ymd(p.birth) + checkDigit(ymd(p.birth));
  const exp = ymd(p.expiry) + checkDigit(ymd(p.expiry));
  const opt = '<'.repeat(14) + '0';
  return [l1, doc + p.nat + birth + p.sex + exp + opt + checkDigit(doc + birth + exp + opt)];
}
const stamp = String(Date.now() % 1e6).padStart(6, '0');
const people = [
  { surname: 'KIM', given: 'MINJUN', nat: 'KOR', passport: `E1${stamp}1`, birth: '1961-03-14', sex: 'M', expiry: '2033-05-01' },
  { surname: 'PARK', given: 'SEOYEON', nat: 'KOR', passport: `E2${stamp}2`, birth: '1965-11-02', sex: 'F', expiry: '2032-01-20' },
  { surname: 'SRISUK', given: 'SOMCHAI', nat: 'THA', passport: `E3${stamp}3`, birth: '1970-07-30', sex: 'M', expiry: '2031-09-09' },
];
const day = (plus) => new Date(Date.now() + 8 * 3600e3 + plus * 86400e3).toISOString().slice(0, 10);
const arrival = day(3);
let groupId = null;

test('the agency pastes MRZ lines: a bad check digit is shown on that member; corrected, saved and submitted', T, async () => {
  const { page, problems } = await suite.open(null);
  await signIn(page, 'agency');
  await page.goto('/visa-agency');
  await waitReady(page);
  await page.click('#new-group');
  await page.waitForSelector('#group-form');
  await page.fill('#g-group_no', `E2E-${stamp}`);
  await page.fill('#g-flight', '7C8567');
  await page.fill('#g-arrival_date', arrival);
  await page.fill('#g-arrival_time', '12:55');
  await page.fill('#g-stay_days', '6');
  await page.fill('#g-leader_name', '李明');
  await page.fill('#g-itinerary', '张家界国家森林公园—天门山');
  const lines = people.map(mrz);
  const bad = [lines[0], [lines[1][0], lines[1][1].slice(0, 19) + String((Number(lines[1][1][19]) + 1) % 10) + lines[1][1].slice(20)], lines[2]];
  await page.fill('#new-mrz', bad.map((l) => l.join('\n')).join('\n\n'));
  await page.click('#save-group');
  await page.waitForSelector('#error-summary');
  assert.match(await text(page, '#error-summary'), /1 名成员信息有误/);
  assert.equal(await page.getAttribute('#entry-1', 'class'), 'has-error');
  assert.match(await text(page, '#entry-1 .entry-errors'), /出生日期：机读码校验位不符/);
  assert.match(await text(page, '#entry-1'), /PARK SEOYEON/);
  assert.equal(await page.locator('#entry-0 .entry-errors').count(), 0);
  assert.equal(await page.locator('#entry-2 .entry-errors').count(), 0);
  assert.equal(await page.inputValue('#g-group_no'), `E2E-${stamp}`, 'what was typed stays');
  await axe(page, 'visa-agency-errors');

  // nothing was saved; the corrected lines are
  await page.fill('#new-mrz', lines.map((l) => l.join('\n')).join('\n'));
  await page.click('#save-group');
  await page.waitForURL(/\/visa-agency\?group=\d+/);
  groupId = Number(new URL(page.url()).searchParams.get('group'));
  await page.waitForSelector('#member-table');
  assert.equal(await page.locator('#member-table tbody tr').count(), 3);
  assert.match(await text(page, '#member-table tbody tr:nth-child(2)'), /PARK SEOYEON/);
  assert.match(await text(page, '#member-table tbody tr:nth-child(2)'), /E2\*+\d\d/, 'masked passport');
  assert.equal(await page.getAttribute('#detail-body .vstatus', 'data-status'), 'draft');
  await page.click('#submit-group');
  await page.waitForSelector('#detail-body .vstatus[data-status="submitted"]');
  assert.match(await text(page, '#action-status'), /已提交预申报/);
  assert.equal(await page.locator(`#group-rows tr[data-group="${groupId}"] .vstatus`).getAttribute('data-status'), 'submitted');
  await axe(page, 'visa-agency-submitted');

  // English
  await page.click('.lang-btn[data-lang="en"]');
  assert.equal(await text(page, '#detail-body .vstatus'), 'Submitted');
  await page.click('.lang-btn[data-lang="zh-CN"]');
  assert.deepEqual(unexpected(problems), []);
});

test('the officer approves, checks members in by scanning, strikes one off and issues the visa', T, async () => {
  assert.ok(groupId, 'the agency test made a group');
  const { page, problems } = await suite.open(null);
  await signIn(page, 'officer');
  await page.goto('/visa-officer');
  await waitReady(page);
  assert.equal(await page.getAttribute('#tab-review', 'aria-selected'), 'true');
  await page.click(`#list-body tr[data-group="${groupId}"] a`);
  await page.waitForSelector('#approve-group');
  assert.equal(await page.locator('#member-table tbody tr').count(), 3);
  await axe(page, 'visa-officer-review');
  await page.click('#approve-group');
  await page.waitForSelector('#detail-body .vstatus[data-status="approved"]');

  // the day board of the arrival date, by flight
  await page.goto(`/visa-officer?tab=arrivals&date=${arrival}`);
  await waitReady(page);
  assert.ok(await page.locator(`section[data-flight="7C8567"] li[data-group="${groupId}"]`).count());
  await page.click(`li[data-group="${groupId}"] a`);
  await page.waitForSelector('#scan-input');
  // a scanner types both lines and a line end: checked in at once
  const lines = people.map(mrz);
  await page.locator('#scan-input').pressSequentially(`${lines[0][0]}\n${lines[0][1]}\n`, { delay: 0 });
  await page.waitForFunction(() => /核验通过/.test(document.getElementById('scan-message')?.textContent ?? ''));
  assert.match(await text(page, '#scan-message'), /KIM MINJUN 核验通过：已到场 1 \/ 3/);
  // pasted and checked by the button
  await page.fill('#scan-input', lines[1].join('\n'));
  await page.click('#scan-submit');
  await page.waitForFunction(() => /已到场 2/.test(document.getElementById('scan-message')?.textContent ?? ''));
  // a misread line is named
  await page.fill('#scan-input', [lines[2][0], lines[2][1].slice(0, 9) + 'X' + lines[2][1].slice(10)].join('\n'));
  await page.click('#scan-submit');
  await page.waitForFunction(() => /护照号码/.test(document.getElementById('scan-message')?.textContent ?? ''));
  await axe(page, 'visa-officer-scan');

  // the third does not come: struck off
  const third = page.locator('#member-table tbody tr').nth(2);
  await third.locator('button[data-action="absent"]').click();
  await page.waitForSelector('#member-table tbody tr[data-status="absent"]');
  assert.match(await text(page, '#counts-line'), /已到场 2 人，已划除 1 人/);
  await page.click('#issue-visa');
  await page.waitForSelector('#visa-number');
  const number = await text(page, '#visa-number');
  assert.match(number, /^ZJJ\d{10}$/);
  assert.match(await text(page, '#visa-result'), /2 人/);
  await axe(page, 'visa-officer-issued');
  const href = await page.getAttribute('#visa-pdf', 'href');
  const res = await page.request.get(href);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-type'], /^application\/pdf/);
  assert.equal((await res.body()).subarray(0, 5).toString(), '%PDF-');
  const receipt = await page.request.get(await page.getAttribute('#receipt-pdf', 'href'));
  assert.equal(receipt.status(), 200);
  assert.deepEqual(unexpected(problems), []);
});

test('a special case at once, and the watch list', T, async () => {
  const { page, problems } = await suite.open(null);
  await signIn(page, 'officer');
  await page.goto('/visa-officer?tab=special');
  await waitReady(page);
  await page.selectOption('#s-category', 'study');
  await page.fill('#s-document', '吉首大学录取通知书 E2E');
  const p = { surname: 'NGUYEN', given: 'THI LAN', nat: 'VNM', passport: `C${stamp}9`, birth: '2004-02-03', sex: 'F', expiry: '2034-02-02' };
  await page.fill('#s-mrz', mrz(p).join('\n'));
  await page.click('#s-submit');
  await page.waitForSelector('#visa-number');
  assert.match(await text(page, '#visa-number'), /^ZJJ\d{10}$/);
  await axe(page, 'visa-officer-special');
  await page.click('#tab-watch');
  await page.waitForSelector('#watch-form');
  assert.ok((await page.locator('#list-body tr[data-watch]').count()) >= 3, 'the demo entries');
  await axe(page, 'visa-officer-watch');
  assert.deepEqual(unexpected(problems), []);
});

test('the figures of the first week: 300+ on the busiest day, a bar chart and the breakdowns', T, async () => {
  const { page, problems } = await suite.open(null);
  await signIn(page, 'officer');
  await page.goto('/visa-stats');
  await waitReady(page);
  await page.click('#first-week');
  await page.waitForURL(/from=2023-04-10/);
  await waitReady(page);
  await page.waitForSelector('#days-table');
  const stats = await page.evaluate(() => fetch('/api/v1/visa/stats?from=2023-04-10&to=2023-04-16').then((r) => r.json()));
  assert.equal(await text(page, '#fig-persons'), new Intl.NumberFormat('zh-CN').format(stats.totals.persons));
  assert.ok(stats.totals.persons >= 950 && stats.totals.persons < 1000);
  assert.equal(await page.locator('svg.chart rect').count(), 7);
  assert.ok(await page.locator('svg.chart rect.bar-busy').count() >= 1, 'a day of 300+');
  assert.match(await text(page, '#fig-busiest'), /04-13/);
  assert.equal(await page.locator('#by-agency-table tbody tr').count(), stats.totals.by_agency.length);
  assert.match(await text(page, '#by-nationality-table tbody tr'), /韩国/);
  await axe(page, 'visa-stats');
  await page.click('.lang-btn[data-lang="en"]');
  assert.match(await text(page, '#by-nationality-table tbody tr'), /Korea/);
  await page.click('.lang-btn[data-lang="zh-CN"]');
  assert.deepEqual(unexpected(problems), []);
});

test('the pages ask to sign in with the right account', T, async () => {
  const { page, problems } = await suite.open('/visa-agency');
  assert.match(await text(page, '#detail-body'), /旅行社账号登录/);
  await page.goto('/visa-officer');
  await waitReady(page);
  assert.match(await text(page, '#list-body'), /口岸签证民警账号登录/);
  await axe(page, 'visa-officer-anonymous');
  assert.deepEqual(unexpected(problems), []);
});
