// The service hall in a real browser against the real server: a person takes
// a ticket at the kiosk, sees it on the display board, the clerk calls it
// from the window console (the board shows the call live), starts and
// finishes it, and the QR page shows the ticket finished. Also: the guide
// desk, appointments, the manager's figures, English with high contrast;
// axe-core finds nothing on any hall page; screenshots under build/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { browserSuite, waitReady, withStorage } from '../lib/browser.mjs';
import { pageHelpers } from '../lib/pages.mjs';

const suite = browserSuite({ before, after, startServer });
const { signIn, axeClean } = pageHelpers(suite);
const T = { timeout: 120_000 };

test('kiosk → board → console → finished on the QR page', T, async () => {
  // 1. the kiosk: choose 综合受理
  const kiosk = await suite.open('/kiosk');
  const buttons = kiosk.page.locator('#queue-list button');
  assert.equal(await buttons.count(), 8);
  const box = await buttons.first().boundingBox();
  assert.ok(box.height >= 48 && box.width >= 48, 'touch targets of at least 48 px');
  await buttons.first().click();
  await kiosk.page.waitForSelector('#ticket-number');
  const number = (await kiosk.page.innerText('#ticket-number')).trim();
  assert.match(number, /^A\d{3}$/);
  await kiosk.page.waitForFunction(() => document.querySelector('#ticket-qr')?.naturalWidth > 0);
  const link = await kiosk.page.getAttribute('#ticket-link', 'href');
  assert.match(link, /^\/ticket\?t=[A-Za-z0-9_-]{16,}$/);
  await axeClean(kiosk.page, 'hall-kiosk-ticket');

  // 2. the board shows one waiting in A
  const board = await suite.open('/board');
  const waitingA = () => board.page.innerText('#counts tr:first-child td.num');
  assert.equal(await waitingA(), '1');
  await board.page.click('#sound-on');
  assert.equal(await board.page.isVisible('#sound-on'), false, 'the one-time sound button goes away');

  // 3. the clerk calls it from the console
  const clerk = await suite.open(null);
  await signIn(clerk.page, 'clerk');
  await clerk.page.goto('/window');
  await waitReady(clerk.page);
  await clerk.page.waitForSelector('#current-none');
  await clerk.page.click('#act-call');
  await clerk.page.waitForSelector('#current-number');
  assert.equal((await clerk.page.innerText('#current-number')).trim(), number);
  // the board got the call and the count live, without a reload
  await board.page.waitForFunction((n) => document.querySelector('#calls li .num')?.textContent === n, number);
  await board.page.waitForFunction(() => document.querySelector('#counts tr:first-child td.num')?.textContent === '0');
  assert.match(await board.page.innerText('#calls li'), /1/);
  await axeClean(board.page, 'hall-board');

  // 4. start and finish with the item handled
  await clerk.page.click('#act-start');
  await clerk.page.waitForSelector('#current-state[data-state="serving"]');
  await axeClean(clerk.page, 'hall-console');
  await clerk.page.fill('#finish-items', 'YD-SB-001');
  await clerk.page.fill('#finish-cases', '7');
  await clerk.page.click('#act-finish');
  await clerk.page.waitForSelector('#current-none');

  // 5. the QR page shows it finished
  const qr = await suite.open(link);
  assert.equal((await qr.page.innerText('#ticket-number')).trim(), number);
  assert.equal(await qr.page.getAttribute('#ticket-state', 'data-state'), 'finished');
  await axeClean(qr.page, 'hall-ticket-page');
  for (const p of [kiosk, board, clerk, qr]) assert.deepEqual(p.problems, []);
});

test('the live ticket page follows the queue: position, then the call', T, async () => {
  const kiosk = await suite.open('/kiosk');
  await kiosk.page.locator('#queue-list button').nth(1).click(); // B 商事登记
  await kiosk.page.waitForSelector('#ticket-link');
  const link = await kiosk.page.getAttribute('#ticket-link', 'href');
  const live = await suite.open(link);
  assert.equal(await live.page.getAttribute('#ticket-state', 'data-state'), 'waiting');
  assert.match(await live.page.innerText('#ticket-ahead'), /0/);
  // clerk.sj (window 13, queue B) calls it: the page says where to go
  const sj = await suite.open(null);
  await signIn(sj.page, 'clerk.sj');
  await sj.page.goto('/window');
  await waitReady(sj.page);
  await sj.page.click('#act-call');
  await live.page.waitForSelector('#ticket-window', { timeout: 15_000 });
  assert.match(await live.page.innerText('#ticket-window'), /13 号窗口/);
  await sj.page.click('#act-noshow');
  await sj.page.waitForSelector('#current-none');
  assert.deepEqual(live.problems, []);
});

test('guide desk: green channel; appointments; the manager\'s figures; English and high contrast', T, async () => {
  const guide = await suite.open(null);
  await signIn(guide.page, 'guide');
  await guide.page.goto('/kiosk?mode=guide');
  await waitReady(guide.page);
  assert.equal(await guide.page.innerText('h1'), '导办台取号');
  await guide.page.check('input[name="green"][value="pregnant"]');
  await guide.page.locator('#queue-list button').first().click();
  await guide.page.waitForSelector('#ticket-number');
  assert.match(await guide.page.innerText('#ticket-body'), /孕妇/);
  await axeClean(guide.page, 'hall-guide');

  const appt = await suite.open('/appointments');
  await appt.page.waitForSelector('#slots button[data-slot]');
  await appt.page.fill('#appt-id', '11010519491231002X');
  await appt.page.locator('#slots button[data-slot]').first().click();
  await appt.page.waitForSelector('#mine li[data-code]');
  assert.match(await appt.page.innerText('#appt-status'), /预约成功/);
  await axeClean(appt.page, 'hall-appointments');
  await appt.page.click('#mine li[data-code] button');
  await appt.page.waitForFunction(() => /已取消/.test(document.querySelector('#mine').textContent));

  const mgr = await suite.open(null);
  await signIn(mgr.page, 'manager');
  await mgr.page.goto('/hall-stats');
  await waitReady(mgr.page);
  await mgr.page.waitForSelector('#by-queue tbody tr');
  assert.ok(Number((await mgr.page.innerText('#total-issued')).replace(/,/g, '')) >= 455);
  assert.ok((await mgr.page.locator('#by-hour tbody tr').count()) >= 8);
  await axeClean(mgr.page, 'hall-stats');

  const en = await suite.open('/board', { init: withStorage({ 'onestop.lang': 'en', 'onestop.contrast': 'on' }) });
  assert.equal(await en.page.innerText('h1'), 'Display board');
  assert.equal(await en.page.title(), 'Display board – OneStop Government Services');
  await axeClean(en.page, 'hall-board-en-hc');
  const enKiosk = await suite.open('/kiosk', { init: withStorage({ 'onestop.lang': 'en', 'onestop.contrast': 'on' }) });
  assert.match(await enKiosk.page.innerText('#queue-list'), /Comprehensive acceptance/);
  await axeClean(enKiosk.page, 'hall-kiosk-en-hc');
  for (const p of [guide, appt, mgr, en, enKiosk]) assert.deepEqual(p.problems, []);
});
