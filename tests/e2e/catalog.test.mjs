// The catalog pages against the real server's demo catalog: the figures,
// a search for 营业执照 that opens the guide with its materials and time
// limits, "near me", browsing by department, life event and bundles, a
// bundle's merged form and materials, the English pages, and the system
// administrator's page (a new version, a refused import); axe-core finds
// nothing; screenshots under build/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, run } from '../lib/server.mjs';
import { browserSuite, waitReady, runAxe, describeViolations, screenshot, withStorage } from '../lib/browser.mjs';

const passwordOnlyAdmin = () =>
  /totp_required_roles/.test(run(['help', 'serve']).stdout) ? ['--totp_required_roles', 'secadmin,auditor'] : [];
const suite = browserSuite({
  before,
  after,
  startServer: (o) => startServer({ ...o, args: passwordOnlyAdmin() }),
});
const T = { timeout: 120_000 };

const text = (page, sel) => page.locator(sel).first().innerText();
const api = (page, path) => page.evaluate((p) => fetch(p).then((r) => r.json()), path);
const resultsLoaded = (page) => page.waitForFunction(() => !document.querySelector('#result-list .loading'));

async function axeClean(page, what) {
  const v = await runAxe(page);
  assert.deepEqual(v, [], `${what}: ${describeViolations(v)}`);
}

test('the catalog shows its figures, browses by department and finds 营业执照', T, async () => {
  const { page, problems } = await suite.open('/catalog');
  await resultsLoaded(page);
  const fig = (k) => text(page, `.cat-figure[data-figure="${k}"] dd`);
  assert.equal(await fig('items'), '1,330');
  assert.equal(await fig('power'), '996');
  assert.equal(await fig('online'), '1,316');
  assert.equal(await fig('depth4'), '663');
  assert.equal(await page.locator('#dept-list li').count(), 17);
  assert.equal(await page.locator('#result-list .cat-result').count(), 20);
  await axeClean(page, 'catalog');
  await screenshot(page, 'catalog');

  await page.fill('#q', '营业执照');
  await page.click('#search-form button[type="submit"]');
  await page.waitForURL(/q=/);
  await resultsLoaded(page);
  assert.match(await text(page, '#result-count'), /找到|共/);
  const names = await page.$$eval('#result-list .cat-result-name', (els) => els.map((e) => e.textContent));
  assert.ok(names.length > 0);
  assert.ok(names[0].includes('营业执照'), names[0]);
  // the badges: type, online depth, time limit
  const first = page.locator('#result-list .cat-result').first();
  assert.equal(await first.locator('.cat-type').count(), 1);
  assert.match(await first.locator('.cat-depth').innerText(), /网办深度 \d/);
  assert.match(await first.locator('.cat-immediate, .cat-promised').innerText(), /即办件|承诺 \d+ 个工作日/);
  await axeClean(page, 'catalog search');
  await screenshot(page, 'catalog-search');

  // open the guide
  const link = page.locator('#result-list .cat-result-name a').first();
  const href = await link.getAttribute('href');
  await link.click();
  await page.waitForURL(/\/item\?id=/);
  await waitReady(page);
  const id = Number(new URL(page.url()).searchParams.get('id'));
  assert.equal(href, `/item?id=${id}`);
  const item = await api(page, `/api/v1/catalog/items/${id}`);
  assert.equal(await text(page, 'h1'), item.name);
  // materials and limits are shown
  const rows = page.locator('#materials-table tbody tr');
  assert.equal(await rows.count(), item.materials.length);
  assert.ok(item.materials.length > 0);
  assert.equal(await rows.first().locator('th').innerText(), item.materials[0].name);
  const fact = (k) => text(page, `#item-facts [data-fact="${k}"] dd`);
  assert.equal(await fact('legal'), item.legal_days ? `${item.legal_days} 个工作日` : '无法定时限');
  assert.equal(await fact('promised'), item.immediate ? '即办件' : `承诺 ${item.promised_days} 个工作日`);
  assert.match(await fact('fee'), item.free ? /^不收费/ : /元/);
  assert.match(await fact('depth'), new RegExp(`网办深度 ${item.online_depth} · ${item.depth_label.zh}`));
  assert.match(await fact('visits'), item.visits === 0 ? /零跑腿/ : /到现场 \d 次/);
  assert.equal(await page.locator('.item-steps li').count(), item.steps.length);
  await axeClean(page, 'item');
  await screenshot(page, 'item');
  assert.deepEqual(problems, []);
});

test('near me: a village and its township, remembered; the district when nothing is chosen', T, async () => {
  const { page, problems } = await suite.open('/item?id=1');
  assert.equal(await page.locator('#near-sites > li').count(), 1);
  assert.equal(await page.getAttribute('#near-sites > li', 'data-tier'), 'district');
  const towns = await api(page, '/api/v1/sites?tier=township&limit=50');
  const town = towns.items[3];
  await page.selectOption('#near-township', String(town.id));
  await page.waitForFunction((tid) => document.querySelector('#near-sites > li')?.dataset.site === String(tid), town.id);
  const villages = await api(page, `/api/v1/sites?tier=village&parent_id=${town.id}&limit=200`);
  await page.selectOption('#near-village', String(villages.items[0].id));
  await page.waitForFunction(() => !document.querySelector('#near-village').disabled);
  // item 1 is accepted at township centres: the village's own township first
  const near = await page.$$eval('#near-sites > li', (els) => els.map((e) => e.dataset.tier));
  assert.deepEqual(near, ['township', 'district']);
  assert.match(await text(page, '#near-sites > li .near-windows'), /号窗口/);
  // an item accepted in villages starts at the village
  const vItem = (await api(page, '/api/v1/catalog/items?tier=village&limit=1')).items[0];
  const { page: p2 } = await suite.open(`/item?id=${vItem.id}`, {
    init: withStorage({ 'onestop.site': JSON.stringify({ township: town.id, village: villages.items[0].id }) }),
  });
  assert.equal(await p2.getAttribute('#near-sites > li', 'data-site'), String(villages.items[0].id));
  assert.equal(await p2.inputValue('#near-village'), String(villages.items[0].id));
  await axeClean(page, 'item near');
  await screenshot(page, 'item-near');
  assert.deepEqual(problems, []);
});

test('browse by life event and open a bundle: one form, each material once', T, async () => {
  const { page, problems } = await suite.open('/catalog');
  await page.click('#tab-events');
  await page.click('.cat-browse-list[data-group="person"] a >> text=出生');
  await page.waitForURL(/event=birth/);
  await resultsLoaded(page);
  const birth = await api(page, '/api/v1/catalog/items?life_event=birth&limit=1');
  assert.match(await text(page, '#result-count'), new RegExp(`共 ${birth.total} 项`));

  const { page: b } = await suite.open('/catalog?tab=bundles');
  assert.equal(await b.getAttribute('#tab-bundles', 'aria-selected'), 'true');
  const bundles = await b.locator('#bundle-list li').count();
  assert.ok(bundles >= 10);
  await b.click('#bundle-list a >> text=开办企业');
  await b.waitForURL(/\/bundle\?id=/);
  await waitReady(b);
  const id = Number(new URL(b.url()).searchParams.get('id'));
  const data = await api(b, `/api/v1/catalog/bundles/${id}`);
  assert.equal(await text(b, 'h1'), '开办企业');
  assert.equal(await b.locator('#bundle-items li').count(), data.items.length);
  assert.equal(await b.locator('#bundle-materials tbody tr').count(), data.materials.length);
  assert.ok(data.materials.length < data.materials_asked);
  const mats = await b.$$eval('#bundle-materials tbody th', (els) => els.map((e) => e.textContent));
  assert.equal(new Set(mats).size, mats.length, 'each material once');
  assert.equal(await b.locator('#bundle-form tbody tr').count(), data.form.fields.length);
  assert.match(await text(b, '[data-figure="materials"] dd'), new RegExp(`${data.materials.length} 份（分别办理需 ${data.materials_asked} 份）`));
  await axeClean(b, 'bundle');
  await screenshot(b, 'bundle');
  assert.deepEqual(problems, []);
});

test('English pages, and the large-text high-contrast mode', T, async () => {
  const { page, problems } = await suite.open('/item?id=1', { init: withStorage({ 'onestop.lang': 'en' }) });
  assert.equal(await text(page, 'h1'), 'Limited liability company: establishment registration');
  assert.match(await text(page, '#item-facts [data-fact="fee"] dd'), /^Free of charge/);
  assert.match(await text(page, '#item-facts [data-fact="promised"] dd'), /working days|Done on the spot/);
  await axeClean(page, 'item en');
  const { page: c } = await suite.open('/catalog?q=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7', {
    init: withStorage({ 'onestop.lang': 'en', 'onestop.contrast': 'on' }),
  });
  await resultsLoaded(c);
  assert.match(await text(c, '#result-count'), /of/);
  await axeClean(c, 'catalog en hc');
  await screenshot(c, 'catalog-en-hc');
  assert.deepEqual(problems, []);
});

test('the system administrator edits an item into a new version; a bad import changes nothing', T, async () => {
  const { page: anon } = await suite.open('/catalog-admin');
  assert.match(await text(anon, '#adm-gate'), /系统管理员/);
  assert.equal(await anon.isVisible('#adm-app'), false);

  const a = suite.server.accounts.sysadmin;
  const { page, problems } = await suite.open('/login');
  await page.fill('#login', a.login);
  await page.fill('#password', a.password);
  await page.click('#login-submit');
  await page.waitForURL(suite.server.url + '/');
  await waitReady(page);
  // the home page links the catalog's tasks
  assert.equal(await page.getAttribute('[data-task="catalog.admin"]', 'href'), '/catalog-admin');
  await page.goto('/catalog-admin');
  await waitReady(page);
  assert.equal(await page.isVisible('#adm-app'), true);
  await page.fill('#adm-q', '残疾人证新办');
  await page.click('#adm-search button');
  await page.waitForSelector('#adm-items li[data-item] button');
  await page.click('#adm-items li[data-item] button');
  await page.waitForSelector('#item-form');
  const code = await page.getAttribute('#adm-items li[data-item]', 'data-item');
  const before = await api(page, `/api/v1/catalog/items?q=${encodeURIComponent(code)}`);
  const id = before.items.find((x) => x.code === code).id;
  const v0 = await api(page, `/api/v1/catalog/items/${id}`);
  await page.fill('#f-name', '残疾人证新办（含上门评定）');
  await page.click('#item-save');
  await page.waitForSelector('#item-result .notice');
  assert.match(await text(page, '#item-result'), new RegExp(`已保存为第 ${v0.version + 1} 版`));
  const v1 = await api(page, `/api/v1/catalog/items/${id}`);
  assert.equal(v1.version, v0.version + 1);
  assert.equal(v1.name, '残疾人证新办（含上门评定）');
  assert.equal(v1.materials.length, v0.materials.length, 'the materials went through the form unchanged');
  // a wrong field is named and marked
  await page.selectOption('#f-online_depth', '4');
  await page.fill('#f-visits', '2');
  await page.click('#item-save');
  await page.waitForSelector('#item-result .notice-error');
  assert.match(await text(page, '#item-result'), /visits/);
  assert.equal(await page.getAttribute('#f-visits', 'aria-invalid'), 'true');
  await axeClean(page, 'admin items');
  await screenshot(page, 'catalog-admin');

  // a file with a bad row is refused whole, naming file:line:field
  await page.click('#tab-io');
  const csv =
    'code,name,department,type,online_depth,channels,accept_tiers,decide_tier\r\n' +
    'E2E-1,网页导入一,YD-SJ,licensing,3,window;online,district,district\r\n' +
    'E2E-2,网页导入二,YD-SJ,licensing,3,window;fax,district,district\r\n';
  await page.setInputFiles('#adm-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.click('#adm-import button[type="submit"]');
  await page.waitForSelector('#import-errors li');
  assert.equal(await text(page, '#import-errors li'), "bad.csv:3: channels[1]: unknown channel 'fax' (window, online, mobile, proxy, post)");
  const none = await api(page, '/api/v1/catalog/items?q=E2E-1');
  assert.ok(!none.items.some((x) => x.code === 'E2E-1'), 'nothing imported');
  await axeClean(page, 'admin import');
  await screenshot(page, 'catalog-admin-import');

  // windows: pause one
  await page.click('#tab-windows');
  await page.waitForSelector('#adm-win-table tbody tr');
  await page.click('#adm-win-table [data-pause="1"]');
  await page.waitForFunction(() => /恢复 1 号窗口/.test(document.querySelector('#adm-win-table [data-pause="1"]')?.textContent ?? ''));
  await page.click('#adm-win-table [data-pause="1"]');
  await page.waitForFunction(() => /暂停 1 号窗口/.test(document.querySelector('#adm-win-table [data-pause="1"]')?.textContent ?? ''));
  await axeClean(page, 'admin windows');
  await screenshot(page, 'catalog-admin-windows');
  assert.deepEqual(problems.filter((p) => !/status of 4\d\d/.test(p)), []);
});
