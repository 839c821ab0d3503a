// The service-sites page against the real server's demo district: the three
// tiers, paging, a site's departments, areas and windows, axe-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { browserSuite, waitReady, runAxe, describeViolations, screenshot, withStorage } from '../lib/browser.mjs';

const suite = browserSuite({ before, after, startServer });
const T = { timeout: 90_000 };

const text = (page, sel) => page.locator(sel).first().innerText();
const get = (page, path) => page.evaluate((p) => fetch(p).then((r) => r.json()), path);
const rowNames = (page) => page.$$eval('#site-rows tr[data-site] th', (els) => els.map((e) => e.textContent));
const loaded = (page) =>
  page.waitForFunction(() => !document.querySelector('#site-rows .loading') && !document.querySelector('#detail-body .loading'));

test('the district centre is shown first, with its departments, areas and windows', T, async () => {
  const { page, problems } = await suite.open('/sites');
  await loaded(page);
  assert.equal(await page.getAttribute('#tab-district', 'aria-selected'), 'true');
  const district = (await get(page, '/api/v1/sites?tier=district&limit=50&offset=0')).items[0];
  const detail = await get(page, `/api/v1/sites/${district.id}`);
  assert.equal(await text(page, '#detail-h'), detail.name);
  assert.equal(await page.locator('.windows-table tbody tr').count(), detail.windows.length);
  assert.ok(detail.windows.length >= 80, `${detail.windows.length} windows`);
  assert.equal(await page.locator('.chips-departments li').count(), detail.departments.length);
  assert.equal(await page.locator('.chips-areas li').count(), detail.areas.length);
  // windows are listed by number
  const numbers = await page.$$eval('.windows-table tbody tr', (els) => els.map((e) => Number(e.dataset.window)));
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));
  assert.deepEqual(problems, []);
});

test('the township tier lists 24 centres; choosing one shows its windows', T, async () => {
  const { page, problems } = await suite.open('/sites');
  await page.click('#tab-township');
  await loaded(page);
  assert.equal(await page.getAttribute('#tab-township', 'aria-selected'), 'true');
  assert.match(new URL(page.url()).search, /tier=township/);
  const names = await rowNames(page);
  assert.equal(names.length, 24);
  assert.match(await text(page, '#site-count'), /共 24 个/);
  assert.equal(await page.locator('.pager').isVisible(), false, 'one page, no pager');
  assert.equal(await text(page, '#tab-township .tab-count'), '24');

  const row = page.locator('#site-rows tr[data-site]').nth(1);
  const id = Number(await row.getAttribute('data-site'));
  await row.locator('a').click();
  await loaded(page);
  const detail = await get(page, `/api/v1/sites/${id}`);
  assert.equal(await text(page, '#detail-h'), detail.name);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'detail-h', 'focus moves to the detail');
  assert.equal(await page.getAttribute(`#site-rows tr[data-site="${id}"] a`, 'aria-current'), 'true');
  assert.match(new URL(page.url()).search, new RegExp(`site=${id}`));

  const rows = page.locator('.windows-table tbody tr');
  assert.equal(await rows.count(), detail.windows.length);
  const kinds = await page.$$eval('.windows-table tbody .kind', (els) => els.map((e) => e.textContent));
  assert.ok(kinds.filter((k) => k === '综合窗口').length >= 2, `"2+X": two comprehensive windows (${kinds})`);
  const first = [...detail.windows].sort((a, b) => a.number - b.number)[0];
  assert.equal(await text(page, '.windows-table tbody tr th'), `${first.number} 号窗口`);
  assert.match(await text(page, '.meta'), new RegExp(detail.code));

  // the parent link leads back to the district centre
  await page.click('.meta a');
  await loaded(page);
  assert.equal(await page.getAttribute('#tab-district', 'aria-selected'), 'true');
  // and the back button returns to the township
  await page.goBack();
  await loaded(page);
  assert.equal(await text(page, '#detail-h'), detail.name);

  // a deep link opens the same view, in English
  const { page: en } = await suite.open(`/sites?tier=township&site=${id}`, { init: withStorage({ 'onestop.lang': 'en' }) });
  await loaded(en);
  assert.equal(await text(en, '#detail-h'), detail.name_en);
  assert.equal(await text(en, '.windows-table tbody tr th'), `Window ${first.number}`);
  assert.match(await text(en, '#site-count'), /1–24 of 24/);
  assert.deepEqual(problems, []);
});

test('the village tier pages through 258 stations 50 at a time', T, async () => {
  const { page, problems } = await suite.open('/sites');
  // by keyboard: arrows move between the tabs
  await page.focus('#tab-district');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-village');
  await loaded(page);
  assert.equal(await page.getAttribute('#tab-village', 'aria-selected'), 'true');
  const total = (await get(page, '/api/v1/sites?tier=village&limit=1&offset=0')).total;
  assert.equal(total, 258);
  const page1 = await rowNames(page);
  assert.equal(page1.length, 50);
  assert.equal(await text(page, '#pager-status'), '第 1 / 6 页');
  assert.equal(await page.isDisabled('#pager-prev'), true);

  await page.click('#pager-next');
  await loaded(page);
  const page2 = await rowNames(page);
  assert.equal(page2.length, 50);
  assert.notDeepEqual(page2, page1);
  assert.equal(await text(page, '#pager-status'), '第 2 / 6 页');
  assert.match(await text(page, '#site-count'), /第 51–100 个/);
  assert.match(new URL(page.url()).search, /page=2/);
  const api2 = await get(page, '/api/v1/sites?tier=village&limit=50&offset=50');
  assert.deepEqual(page2, api2.items.map((s) => s.name));

  for (let i = 0; i < 4; i++) {
    await page.click('#pager-next');
    await loaded(page);
  }
  assert.equal(await text(page, '#pager-status'), '第 6 / 6 页');
  assert.equal((await rowNames(page)).length, 258 - 250);
  assert.equal(await page.isDisabled('#pager-next'), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'pager-prev', 'focus stays on the pager');

  await page.goBack();
  await loaded(page);
  assert.equal(await text(page, '#pager-status'), '第 5 / 6 页');
  assert.deepEqual(problems, []);
});

test('a township links to the village stations under it', T, async () => {
  const { page, problems } = await suite.open('/sites?tier=township');
  await loaded(page);
  const id = Number(await page.locator('#site-rows tr[data-site]').first().getAttribute('data-site'));
  await page.locator('#site-rows tr[data-site] a').first().click();
  await loaded(page);
  await page.click('#detail-body .link-arrow');
  await loaded(page);
  const children = await get(page, `/api/v1/sites?tier=village&parent_id=${id}&limit=50&offset=0`);
  assert.ok(children.total > 0);
  assert.equal(await page.getAttribute('#tab-village', 'aria-selected'), 'true');
  assert.deepEqual(await rowNames(page), children.items.map((s) => s.name));
  assert.equal(await page.locator('#site-filter').isVisible(), true);
  await page.click('#site-filter a');
  await loaded(page);
  assert.equal((await rowNames(page)).length, 50);
  assert.equal(await page.locator('#site-filter').isVisible(), false);
  assert.deepEqual(problems, []);
});

test('an unknown site says so', T, async () => {
  const { page, problems } = await suite.open('/sites?tier=township&site=999999');
  await loaded(page);
  assert.equal(await text(page, '#detail-body [role="alert"]'), '没有找到该网点。');
  // the browser logs the 404 itself; nothing else may go wrong
  assert.deepEqual(problems.filter((p) => !/status of 404/.test(p)), []);
});

for (const [contrast, shot] of [
  [false, 'sites'],
  [true, 'sites-contrast'],
]) {
  test(`axe-core: 0 violations on the sites page${contrast ? ' (high contrast)' : ''}`, T, async () => {
    const init = withStorage({ 'onestop.contrast': contrast ? 'on' : 'off' });
    const { page, problems } = await suite.open('/sites?tier=township', { init });
    await loaded(page);
    await page.locator('#site-rows tr[data-site] a').first().click();
    await loaded(page);
    const violations = await runAxe(page);
    await screenshot(page, shot);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(problems, []);
  });
}

test('axe-core: 0 violations on the sites page on a phone-sized screen', T, async () => {
  const { page, problems } = await suite.open('/sites', { viewport: { width: 390, height: 844 } });
  await loaded(page);
  const violations = await runAxe(page);
  assert.equal(violations.length, 0, describeViolations(violations));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'no sideways scrolling of the page');
  assert.deepEqual(problems, []);
});
