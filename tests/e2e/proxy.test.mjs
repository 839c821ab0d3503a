// The proxy service in a real browser against the real server, THE STORY of
// issue 9: the relative (the demo citizen) asks on the large-text request
// page for a home visit for a bedridden person who needs a disability
// certificate; the proxy specialist takes it on the desk (green channel
// first), schedules a home visit with a doctor, records the outcome and files
// the case on the person's behalf; a clerk accepts, the federation's approver
// approves, the clerk completes and posts it (API); the specialist closes the
// request; the relative sees it posted and rates it on the review page. Also:
// the butler's page shows only his own assignments, the figures page shows
// 1,200 / 2,140 / 245; axe-core finds nothing; screenshots under build/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { browserSuite, waitReady, screenshot, withStorage } from '../lib/browser.mjs';
import { pageHelpers } from '../lib/pages.mjs';

const suite = browserSuite({ before, after, startServer });
const { signIn, axeClean, apiAs } = pageHelpers(suite);
const T = { timeout: 180_000 };

const digits = (s) => s.replace(/[^\d]/g, '');

test('the figures page shows the demo year: 1,200 / 2,140 / 245', T, async () => {
  const { page } = await suite.open('/proxy-figures');
  assert.equal(digits(await page.innerText('#total-butlers')), '1200');
  assert.equal(digits(await page.innerText('#total-people')), '2140');
  assert.equal(digits(await page.innerText('#total-home')), '245');
  assert.ok((await page.locator('#by-site tbody tr').count()) >= 24);
  assert.ok((await page.locator('#by-month tbody tr').count()) >= 12);
  await axeClean(page, 'proxy-figures');
  const en = await suite.open('/proxy-figures', { init: withStorage({ 'onestop.lang': 'en', 'onestop.contrast': '1' }) });
  assert.match(await en.page.innerText('h1'), /Proxy service/);
  await axeClean(en.page, 'proxy-figures-en-contrast');
});

test('the story: request → desk → home visit with a doctor → case on behalf → posted → rated', T, async () => {
  // 1. the relative files the request on the large-text page
  const rel = await suite.open(null);
  await signIn(rel.page, 'citizen');
  await rel.page.goto('/proxy-request');
  await waitReady(rel.page);
  const size = await rel.page.$eval('#person-name', (e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(size >= 19, `large text (${size}px)`);
  await rel.page.check('#kind-home');
  await rel.page.check('#filer-relative');
  await rel.page.fill('#relation', '女儿');
  await rel.page.fill('#person-name', '谷桂英');
  await rel.page.fill('#id-number', '430802194511200026');
  await rel.page.fill('#phone', '13974405678');
  await rel.page.fill('#address', '永定区后坪镇谷家峪村2组9号');
  await rel.page.selectOption('#green', 'disabled');
  await rel.page.fill('#item-q', '残疾人证新办');
  await rel.page.click('#item-go');
  await rel.page.waitForSelector('#item-results input[type="radio"]');
  await rel.page.check('#item-results input[type="radio"] >> nth=0');
  assert.match(await rel.page.innerText('#consent-label'), /残疾人证/);
  // without consent nothing is filed and the page says why
  await rel.page.click('#submit');
  await rel.page.waitForFunction(() => document.querySelector('#page-notice').textContent.length > 0);
  await rel.page.check('#consent');
  await rel.page.fill('#note', '老人长期卧床');
  await axeClean(rel.page, 'proxy-request-form');
  await rel.page.click('#submit');
  await rel.page.waitForFunction(() => /PX\d{8}-\d{4}/.test(document.querySelector('#done').textContent));
  const no = (await rel.page.innerText('#done')).match(/PX\d{8}-\d{4}/)[0];
  assert.match(await rel.page.innerText('#mine-rows'), new RegExp(no));
  await axeClean(rel.page, 'proxy-request-done');

  // 2. the specialist's desk: green channel first; he takes it himself
  const desk = await suite.open(null);
  await signIn(desk.page, 'proxy');
  await desk.page.goto('/proxy-desk');
  await waitReady(desk.page);
  const rowLink = desk.page.locator('#queue-rows a', { hasText: no });
  await rowLink.waitFor();
  const priorities = await desk.page.$$eval('#queue-rows tr', (trs) => trs.map((tr) => tr.classList.contains('is-green')));
  const firstPlain = priorities.indexOf(false);
  assert.ok(firstPlain === -1 || priorities.slice(firstPlain).every((g) => !g), 'green requests first');
  assert.ok((await desk.page.innerText('#workload')).includes('周强'), 'the butler\'s workload is shown');
  await rowLink.click();
  await desk.page.waitForSelector('[id^="assign-form-"]');
  assert.match(await desk.page.innerText('#detail'), /谷桂英/);
  const me = await apiAs('proxy', 'GET', '/api/v1/me');
  await desk.page.selectOption('[id^="assignee-"]', String(me.user.id));
  await desk.page.click('[id^="assign-go-"]');
  await desk.page.waitForSelector('[id^="visit-form-"]');

  // 3. a home visit with a doctor, then its outcome
  await desk.page.fill('[id^="team-name-"][id$="-0"]', '李医生');
  await desk.page.fill('[id^="team-name-"][id$="-1"]', '黄丽');
  await desk.page.click('[id^="visit-go-"]');
  await desk.page.waitForSelector('[id^="outcome-form-"]');
  assert.match(await desk.page.innerText('#detail'), /李医生/);
  await axeClean(desk.page, 'proxy-desk-visit');
  await desk.page.fill('textarea[id^="outcome-"]', '医生上门评估：肢体残疾二级');
  await desk.page.click('[id^="outcome-go-"]');
  await desk.page.waitForSelector('[id^="file-form-"]');

  // 4. the case on the person's behalf
  await desk.page.click('[id^="file-go-"]');
  await desk.page.waitForSelector('[id^="complete-form-"]');
  const detail = await apiAs('proxy', 'GET', `/api/v1/proxy/requests/${(await apiAs('proxy', 'GET', '/api/v1/proxy/requests?state=all&limit=200')).items.find((x) => x.no === no).id}`);
  assert.equal(detail.state, 'cases_filed');
  assert.equal(detail.case_ids.length, 1);
  const caseId = detail.case_ids[0];
  const c = await apiAs('proxy', 'GET', `/api/v1/cases/${caseId}`);
  assert.equal(c.channel, 'proxy');
  assert.equal(c.on_behalf, true);
  await axeClean(desk.page, 'proxy-desk-filed');

  // 5. accepted, approved by the federation's approver, completed, posted
  await apiAs('clerk', 'POST', `/api/v1/cases/${caseId}/actions/accept`, {});
  await apiAs('approver.cl', 'POST', `/api/v1/cases/${caseId}/actions/review`, {});
  await apiAs('approver.cl', 'POST', `/api/v1/cases/${caseId}/actions/approve`, {});
  await apiAs('clerk', 'POST', `/api/v1/cases/${caseId}/actions/complete`, {});
  await apiAs('clerk', 'POST', `/api/v1/cases/${caseId}/actions/deliver`, { method: 'post', tracking: 'EMS5550001112' });

  // 6. the specialist marks it posted (the tracking number comes from the case)
  await desk.page.selectOption('[id^="delivery-"]', 'post');
  await desk.page.click('[id^="complete-go-"]');
  await desk.page.waitForFunction(() => /EMS5550001112/.test(document.querySelector('#detail').textContent));
  await screenshot(desk.page, 'proxy-desk-completed');

  // 7. the relative sees it posted and rates it
  await rel.page.goto('/proxy-request');
  await waitReady(rel.page);
  const row = rel.page.locator('#mine-rows tr', { hasText: no });
  await row.waitFor();
  assert.match(await row.innerText(), /已办结/);
  assert.match(await row.innerText(), /EMS5550001112/);
  await rel.page.goto(`/review?case=${caseId}`);
  await waitReady(rel.page);
  await rel.page.waitForSelector('#rv-level-1', { state: 'attached' });
  await rel.page.check('#rv-level-1', { force: true });
  for (const dim of ['attitude', 'efficiency'])
    if (await rel.page.$(`#rv-${dim}-1`)) await rel.page.check(`#rv-${dim}-1`, { force: true });
  await rel.page.fill('#rv-comment', '没出门就办好了，感谢上门服务');
  await rel.page.click('#rv-submit');
  await rel.page.waitForSelector('#review-thanks:not([hidden])');
  await screenshot(rel.page, 'proxy-story-rated');
});

test('the butler sees only his own assignments and his schedule', T, async () => {
  const b = await suite.open(null);
  await signIn(b.page, 'butler');
  await b.page.goto('/butler');
  await waitReady(b.page);
  const me = await apiAs('butler', 'GET', '/api/v1/me');
  const mine = await apiAs('butler', 'GET', '/api/v1/proxy/requests?state=all');
  assert.ok(mine.items.length >= 1, 'the demo assigns one request to the butler');
  assert.ok(mine.items.every((x) => x.assignee.id === me.user.id));
  const cards = await b.page.locator('#cards > li.proxy-card').count();
  assert.equal(cards, mine.items.filter((x) => !['completed', 'cancelled'].includes(x.state)).length);
  assert.match(await b.page.innerText('#me-line'), /周强|擅长/);
  // he starts it and schedules a video assessment from his page
  await b.page.click('[id^="start-go-"]');
  await b.page.waitForSelector('[id^="start-go-"]', { state: 'detached' }); // redrawn: in progress
  await b.page.waitForSelector('[id^="visit-form-"]');
  await b.page.selectOption('[id^="visit-mode-"]', 'video');
  await b.page.fill('[id^="team-name-"][id$="-0"]', '王医生');
  await b.page.click('[id^="visit-go-"]');
  await b.page.waitForFunction(() => document.querySelectorAll('#schedule li[id^="visit-"]').length > 0);
  assert.match(await b.page.innerText('#schedule'), /视频远程评估/);
  await axeClean(b.page, 'proxy-butler');
});
