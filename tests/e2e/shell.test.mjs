// The shell in a real browser against the real server: language switch,
// large-text/high-contrast toggle, keyboard access, the anonymous home page,
// and axe-core on the home page in both languages and both themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { browserSuite, waitReady, runAxe, describeViolations, screenshot, withStorage } from '../lib/browser.mjs';

const suite = browserSuite({ before, after, startServer });
const T = { timeout: 90_000 };

const htmlLang = (page) => page.evaluate(() => document.documentElement.lang);
const text = (page, sel) => page.locator(sel).first().innerText();

test('zh-CN by default; switches to English and back, persisting across reloads', T, async () => {
  const { page, problems } = await suite.open('/');
  assert.equal(await htmlLang(page), 'zh-CN');
  assert.equal(await text(page, '.brand-name'), '一站式政务服务平台');
  assert.equal(await text(page, '#page-title'), '欢迎使用一站式政务服务');
  assert.equal(await text(page, '#signin'), '登录');
  assert.match(await page.title(), /一站式政务服务平台/);
  assert.equal(await page.getAttribute('.lang-btn[data-lang="zh-CN"]', 'aria-pressed'), 'true');

  await page.click('.lang-btn[data-lang="en"]');
  assert.equal(await htmlLang(page), 'en');
  assert.equal(await text(page, '.brand-name'), 'OneStop Government Services');
  assert.equal(await text(page, '#page-title'), 'Welcome to OneStop Government Services');
  assert.equal(await text(page, '#signin'), 'Sign in');
  assert.equal(await text(page, '.mainnav a[href="/sites"]'), 'Service sites');
  assert.equal(await text(page, '[data-task="login"] .task-title'), 'Sign in');
  assert.equal(await text(page, '[data-task="case.track"] .task-title'), 'Track an application');
  assert.match(await page.title(), /OneStop Government Services/);
  assert.equal(await page.getAttribute('.lang-btn[data-lang="en"]', 'aria-pressed'), 'true');

  await page.reload();
  await waitReady(page);
  assert.equal(await htmlLang(page), 'en', 'English survives a reload');
  assert.equal(await text(page, '#page-title'), 'Welcome to OneStop Government Services');
  assert.equal(await page.evaluate(() => localStorage.getItem('onestop.lang')), 'en');

  // other pages follow the stored choice
  await page.goto('/sites');
  await waitReady(page);
  assert.equal(await htmlLang(page), 'en');
  assert.equal(await text(page, 'h1'), 'Service sites');

  await page.click('.lang-btn[data-lang="zh-CN"]');
  assert.equal(await htmlLang(page), 'zh-CN');
  assert.equal(await text(page, 'h1'), '服务网点');
  await page.reload();
  await waitReady(page);
  assert.equal(await htmlLang(page), 'zh-CN', 'Chinese survives a reload');
  assert.equal(await text(page, '.brand-name'), '一站式政务服务平台');
  assert.deepEqual(problems, []);
});

test('the large-text/high-contrast toggle applies a class and persists across reloads', T, async () => {
  const { page, problems } = await suite.open('/');
  const state = () =>
    page.evaluate(() => ({
      on: document.documentElement.classList.contains('hc'),
      pressed: document.getElementById('contrast-toggle').getAttribute('aria-pressed'),
      fontSize: getComputedStyle(document.documentElement).fontSize,
      background: getComputedStyle(document.body).backgroundColor,
    }));
  const off = await state();
  assert.deepEqual([off.on, off.pressed, off.fontSize], [false, 'false', '16px']);
  assert.match(await text(page, '#contrast-toggle'), /大字\/高对比/);

  await page.click('#contrast-toggle');
  const on = await state();
  assert.deepEqual([on.on, on.pressed, on.fontSize, on.background], [true, 'true', '20px', 'rgb(0, 0, 0)']);

  await page.reload();
  await waitReady(page);
  assert.equal((await state()).on, true, 'still on after a reload');
  await page.goto('/login');
  await waitReady(page);
  assert.equal((await state()).on, true, 'on for other pages too');

  await page.click('#contrast-toggle');
  await page.reload();
  await waitReady(page);
  const back = await state();
  assert.deepEqual([back.on, back.pressed, back.fontSize], [false, 'false', '16px']);
  assert.deepEqual(problems, []);
});

test('keyboard: the skip link comes first and reaches main; the switches work by keyboard', T, async () => {
  const { page, problems } = await suite.open('/');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement).top), '12px', 'visible on focus');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

  // from the top: tab to the English button and press it, then the contrast toggle
  await page.evaluate(() => document.activeElement.blur());
  await page.focus('.skip-link');
  const stops = [];
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => document.activeElement.dataset.lang || document.activeElement.id || document.activeElement.getAttribute('href')));
    if (stops.at(-1) === 'en') break;
  }
  assert.equal(stops.at(-1), 'en', `tab order: ${stops.join(' ')}`);
  // a visible focus indicator
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, 'solid');
  await page.keyboard.press('Enter');
  assert.equal(await htmlLang(page), 'en');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'contrast-toggle');
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('hc')), true);
  assert.deepEqual(problems, []);
});

test('the anonymous home page shows the public tasks, the sites card and the figures', T, async () => {
  const { page, problems } = await suite.open('/');
  const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
  assert.equal(me.authenticated, false);
  const cards = await page.$$eval('#task-list [data-task]', (els) => els.map((e) => e.dataset.task));
  assert.deepEqual(cards, [...me.capabilities, 'sites']);
  assert.equal(await page.getAttribute('[data-task="login"]', 'href'), '/login');
  assert.equal(await page.getAttribute('[data-task="sites"]', 'href'), '/sites');
  assert.equal(await page.getAttribute('[data-task="catalog.search"]', 'href'), '/catalog');
  assert.equal(await page.getAttribute('[data-task="case.track"]', 'href'), '/my-cases');
  assert.equal(await page.locator('[data-task="case.track"] .badge-soon').count(), 0);
  assert.equal(await page.locator('[data-task="login"] .badge-soon').count(), 0);

  const summary = await page.evaluate(() => fetch('/api/v1/org/summary').then((r) => r.json()));
  const figure = (id) => text(page, `[data-figure="${id}"] dd`);
  assert.equal(await figure('township'), String(summary.sites.township));
  assert.equal(await figure('village'), String(summary.sites.village));
  assert.equal(await figure('departments'), String(summary.departments));
  assert.equal(await figure('windows'), summary.windows.toLocaleString('zh-CN'));

  // a "coming soon" card (when the public still has one) is marked disabled
  // and does not navigate
  const soon = await page.$$eval('#task-list [data-task]', (els) =>
    els.filter((e) => e.querySelector('.badge-soon')).map((e) => e.dataset.task),
  );
  if (soon.length) {
    const sel = `[data-task="${soon[0]}"]`;
    assert.equal(await text(page, `${sel} .badge-soon`), '即将上线');
    assert.equal(await page.getAttribute(sel, 'aria-disabled'), 'true');
    await page.click(sel, { force: true });
    await page.focus(sel);
    await page.keyboard.press('Enter');
    assert.equal(page.url(), suite.server.url + '/');
  }
  await page.click('[data-task="sites"]');
  await waitReady(page);
  assert.equal(new URL(page.url()).pathname, '/sites');
  assert.deepEqual(problems, []);
});

for (const [lang, contrast, shot] of [
  ['zh-CN', false, 'home-zh'],
  ['en', false, 'home-en'],
  ['zh-CN', true, 'home-contrast'],
  ['en', true, null],
]) {
  test(`axe-core: 0 violations on the home page (${lang}${contrast ? ', high contrast' : ''})`, T, async () => {
    const init = withStorage({ 'onestop.lang': lang, 'onestop.contrast': contrast ? 'on' : 'off' });
    const { page, problems } = await suite.open('/', { init });
    assert.equal(await htmlLang(page), lang);
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('hc')), contrast);
    const violations = await runAxe(page);
    if (shot) await screenshot(page, shot);
    assert.equal(violations.length, 0, describeViolations(violations));
    assert.deepEqual(problems, []);
  });
}

test('axe-core: 0 violations on a phone-sized screen', T, async () => {
  const { page, problems } = await suite.open('/', { viewport: { width: 390, height: 844 } });
  const violations = await runAxe(page);
  await screenshot(page, 'home-mobile');
  assert.equal(violations.length, 0, describeViolations(violations));
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(overflow, false, 'no sideways scrolling');
  assert.deepEqual(problems, []);
});
