// Good/bad reviews in a real browser against the real server: the tablet at
// window 1 shows the ticket just finished, the person taps a face, rates the
// dimensions, writes a comment and leaves a phone, sees the thank-you screen
// and the tablet is ready for the next person; the manager's workbench takes
// that bad review through the verifying call, a fix by a deadline and the
// answer; the figures page shows the rates; a rating link works without
// signing in. axe-core finds nothing; screenshots under build/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from '../lib/server.mjs';
import { browserSuite, waitReady } from '../lib/browser.mjs';
import { pageHelpers } from '../lib/pages.mjs';

process.env.ONESTOP_DEMO_CASES ??= '200';
const suite = browserSuite({ before, after, startServer });
const { signIn, axeClean } = pageHelpers(suite);
const T = { timeout: 120_000 };

// Serve one person at window 1 through the API (the console has its own test).
async function serveOne() {
  const url = suite.server.url;
  const cookie = await login(url, suite.server.accounts.clerk.login, suite.server.accounts.clerk.password);
  const call = async (method, path, body) => {
    const res = await fetch(url + path, { method, headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: body ? JSON.stringify(body) : undefined });
    const j = await res.json();
    assert.ok(res.status < 300, JSON.stringify(j));
    return j;
  };
  const qs = await call('GET', '/api/v1/hall/sites/1/queues');
  await call('POST', '/api/v1/hall/sites/1/tickets', { queue_id: qs.items.find((q) => q.prefix === 'A').id });
  const called = await call('POST', '/api/v1/hall/windows/1/call');
  await call('POST', `/api/v1/hall/tickets/${called.ticket.id}/start`);
  await call('POST', `/api/v1/hall/tickets/${called.ticket.id}/finish`, {});
  return { ticket: called.ticket, call };
}

let ratedNumber = '';
test('the tablet: rate the ticket just finished, thanks, ready for the next person', T, async () => {
  const tablet = await suite.open('/rate?window=1');
  await tablet.page.waitForSelector('#rate-waiting:not([hidden])');
  await axeClean(tablet.page, 'reviews-tablet-waiting');
  const { ticket } = await serveOne();
  ratedNumber = ticket.number;
  await tablet.page.waitForSelector('#rate-number', { timeout: 15_000 });
  assert.equal((await tablet.page.innerText('#rate-number')).trim(), ticket.number);
  // big touch tiles with faces and labels; the window service's dimensions
  const tiles = tablet.page.locator('#rv-overall .rv-tile');
  assert.equal(await tiles.count(), 5);
  const box = await tiles.first().boundingBox();
  assert.ok(box.height >= 120 && box.width >= 100, `big tiles: ${JSON.stringify(box)}`);
  assert.equal(await tablet.page.locator('#rv-overall .face').count(), 5);
  assert.deepEqual(await tablet.page.locator('fieldset.rv-dim').evaluateAll((l) => l.map((x) => x.id)), ['rv-dim-attitude', 'rv-dim-efficiency']);
  assert.match(await tablet.page.innerText('#rv-overall'), /非常满意[\s\S]*非常不满意/);
  await axeClean(tablet.page, 'reviews-tablet-form');
  // submitting without a level says so
  await tablet.page.click('#rv-submit');
  assert.match(await tablet.page.innerText('#rv-form-error'), /总体评价/);
  await tablet.page.click('label:has(#rv-level-4)');
  await tablet.page.click('label:has(#rv-attitude-5)');
  await tablet.page.click('label:has(#rv-efficiency-3)');
  await tablet.page.fill('#rv-comment', '材料清单没有一次说清楚，跑了两趟');
  await tablet.page.fill('#rv-phone', '13700005678');
  await tablet.page.click('#rv-submit');
  await tablet.page.waitForSelector('#rate-thanks:not([hidden])');
  assert.match(await tablet.page.innerText('#thanks-text'), /回访/);
  await axeClean(tablet.page, 'reviews-tablet-thanks');
  // then ready for the next person
  await tablet.page.waitForSelector('#rate-waiting:not([hidden])', { timeout: 20_000 });
});

test('the manager\'s workbench takes the bad review to an answer', T, async () => {
  assert.ok(ratedNumber, 'the tablet test rated a ticket');
  const m = await suite.open(null);
  await signIn(m.page, 'manager');
  await m.page.goto('/review-followup');
  await waitReady(m.page);
  const row = m.page.locator('#fu-rows tr', { hasText: '1 号窗口' }).last();
  await row.waitFor();
  assert.ok((await m.page.locator('#fu-rows tr').count()) >= 2, 'the demo\'s open bad review and the new one');
  await axeClean(m.page, 'reviews-workbench-list');
  // open the one just rated (the list is by deadline: the newest is last)
  await m.page.getByRole('button', { name: new RegExp(`${ratedNumber}`) }).last().click();
  await m.page.waitForSelector('#fu-detail:not([hidden])');
  assert.match(await m.page.innerText('#fu-comment'), /跑了两趟/);
  assert.equal((await m.page.innerText('#fu-phone')).trim(), '13700005678');
  assert.match(await m.page.innerText('#fu-state'), /待回访核实/);
  await axeClean(m.page, 'reviews-workbench-detail');
  // the call; an empty note is refused with a message
  await m.page.click('#fu-do-verify');
  await m.page.waitForFunction(() => /记录或措施/.test(document.querySelector('#fu-error')?.textContent ?? ''));
  await m.page.fill('#fu-verify-note', '14:20 致电评价人，核实窗口未一次性告知材料清单');
  await m.page.click('#fu-do-verify');
  await m.page.waitForFunction(() => /已核实/.test(document.querySelector('#fu-state')?.textContent ?? ''));
  // fix by a deadline of 10 working days
  await m.page.fill('#fu-fix_by_deadline-note', '修订该事项的一次性告知单，组织窗口培训');
  await m.page.fill('#fu-days', '10');
  await m.page.click('#fu-do-fix_by_deadline');
  await m.page.waitForFunction(() => /限期整改中/.test(document.querySelector('#fu-state')?.textContent ?? ''));
  assert.match(await m.page.innerText('#fu-events'), /整改期限：\d{4}-\d{2}-\d{2}/);
  // the answer, in time
  await m.page.fill('#fu-answer', '已电话告知整改情况并致歉，评价人表示认可');
  await m.page.click('#fu-do-answer');
  await m.page.waitForFunction(() => /已答复/.test(document.querySelector('#fu-state')?.textContent ?? ''));
  assert.match(await m.page.innerText('#fu-state'), /按期答复/);
  assert.match(await m.page.innerText('#fu-events'), /回访核实[\s\S]*限期整改[\s\S]*答复评价人/);
  await axeClean(m.page, 'reviews-workbench-answered');
  // the clerk appeals nothing here; the manager may file an appeal of it
  assert.equal(await m.page.isVisible('#fu-appeal-form'), true);
});

test('the figures page: praise and follow-up rates by site and by clerk', T, async () => {
  const m = await suite.open(null);
  await signIn(m.page, 'manager');
  await m.page.goto('/review-figures');
  await waitReady(m.page);
  await m.page.waitForSelector('#rf-praise');
  assert.match(await m.page.innerText('#rf-praise'), /^\d+(\.\d)?%$/);
  assert.ok(Number((await m.page.innerText('#rf-ratings')).replace(/,/g, '')) > 100, 'the demo ratings and today\'s');
  await axeClean(m.page, 'reviews-figures-site');
  await m.page.click('#rf-tab-clerk');
  await m.page.waitForFunction(() => document.querySelector('#rf-tab-clerk')?.getAttribute('aria-pressed') === 'true' && document.querySelector('#rf-rows'));
  await m.page.waitForFunction((name) => document.querySelector('#rf-rows')?.textContent.includes(name), suite.server.accounts.clerk.name);
  await axeClean(m.page, 'reviews-figures-clerk');
});

test('a rating link works once without signing in', T, async () => {
  const { ticket, call } = await serveOne();
  const link = await call('GET', `/api/v1/reviews/tickets/${ticket.id}/link`);
  const p = await suite.open(link.url);
  await p.page.waitForSelector('#review-form .rv-tile');
  assert.match(await p.page.innerText('#event-h'), new RegExp(ticket.number));
  await axeClean(p.page, 'reviews-link-form');
  await p.page.click('label:has(#rv-level-1)');
  await p.page.click('#rv-submit');
  await p.page.waitForSelector('#review-thanks:not([hidden])');
  // used once: opening it again says it was rated
  await p.page.goto(link.url);
  await waitReady(p.page);
  await p.page.waitForSelector('#review-rated');
  await axeClean(p.page, 'reviews-link-rated');
  // a citizen signed in sees his completed cases (the list page)
  const c = await suite.open(null);
  await signIn(c.page, 'citizen');
  await c.page.goto('/review');
  await waitReady(c.page);
  await c.page.waitForSelector('#review-list-panel:not([hidden])');
  await axeClean(c.page, 'reviews-mine');
});
