// The catalog over HTTP against the real binary and its demo catalog: the
// summary's figures, search with filters and paging, an item's guide with
// the nearest sites, versions with effective dates, retiring, bundles with
// their merged form and materials, departments, life events, depth labels,
// import (a bad row rejects the whole file; re-importing changes nothing),
// export, window administration; every operation's bad inputs and the
// refusal of other roles; audit rows of the changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, login, run } from '../lib/server.mjs';

const passwordOnlyAdmin = () =>
  /totp_required_roles/.test(run(['help', 'serve']).stdout) ? ['--totp_required_roles', 'secadmin,auditor'] : [];

let s;
let admin;
let clerk;
before(async () => {
  s = await startServer({ args: passwordOnlyAdmin() });
  admin = await login(s.url, s.accounts.sysadmin.login, s.accounts.sysadmin.password);
  clerk = await login(s.url, s.accounts.clerk.login, s.accounts.clerk.password);
});
after(async () => {
  const r = await s.stop();
  assert.equal(r.code, 0, 'clean exit on SIGTERM');
});

const enc = encodeURIComponent;
const get = (path, cookie) => fetch(s.url + path, { headers: cookie ? { Cookie: cookie } : {} });
async function json(path, status = 200, cookie) {
  const res = await get(path, cookie);
  const body = await res.json();
  assert.equal(res.status, status, `${path}: ${JSON.stringify(body)}`);
  return body;
}
function send(method, path, body, cookie = admin) {
  const headers = { 'Content-Type': 'application/json' };
  if (cookie) headers.Cookie = cookie;
  return fetch(s.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}
async function ok(res, status = 200) {
  const body = await res.json();
  assert.equal(res.status, status, JSON.stringify(body));
  return body;
}
async function problem(res, status, field) {
  const p = await res.json();
  assert.equal(res.status, status, JSON.stringify(p));
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(p.status, status);
  if (field !== undefined) assert.equal(p.field, field, JSON.stringify(p));
  return p;
}
const sql = (q) => spawnSync('sqlite3', [s.db, q], { encoding: 'utf8' }).stdout.trim();
const search = (q) => json(`/api/v1/catalog/items?${q}`);
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

// A valid new item in the flat form.
const newItem = (code, extra = {}) => ({
  code,
  name: `测试事项${code}`,
  department: 'YD-MZ',
  type: 'other_power',
  online_depth: 3,
  channels: 'window;online',
  accept_tiers: 'district;township;village',
  decide_tier: 'district',
  legal_days: 20,
  promised_days: 5,
  keywords: '测试;试点事项',
  materials: JSON.stringify([
    { name: '居民身份证', e_licence: true },
    { name: '试点申请表' },
    { name: '委托书', required: false, condition: '委托他人办理的' },
  ]),
  form_fields: JSON.stringify([{ name: 'applicant_name', label: '申请人姓名', label_en: 'Applicant', required: true }]),
  ...extra,
});

test('the summary gives the seed figures, computed from the data', async () => {
  const sm = await json('/api/v1/catalog/summary');
  assert.equal(sm.items, 1330);
  assert.equal(sm.power, 996);
  assert.equal(sm.online, 1316);
  assert.equal(sm.depth4, 663);
  assert.ok(sm.bundles >= 10, `${sm.bundles} bundles`);
  assert.equal(sm.departments, 17);
  assert.equal(sm.depths.length, 4);
  assert.equal(sm.depths.reduce((a, d) => a + d.items, 0), 1330);
  assert.equal(sm.depths[3].items, 663);
  assert.match(sm.as_of, /^\d{4}-\d\d-\d\d$/);
  // the same figures from the items themselves
  const power = await search('type=public_service&limit=1');
  assert.equal(power.total, 1330 - 996);
  assert.equal((await search('depth=4&limit=1')).total, 663);
});

test('search finds names and keywords first, then materials; filters and pages', async () => {
  const r = await search(`q=${enc('营业执照')}&limit=50`);
  assert.ok(r.total > 50, `${r.total} found`);
  assert.equal(r.items.length, 50);
  // names first, then keywords, then materials
  const order = { name: 0, keyword: 1, material: 2 };
  const kinds = r.items.map((x) => order[x.match]);
  assert.deepEqual(kinds, [...kinds].sort(), kinds.join());
  assert.equal(r.items[0].match, 'name');
  for (const x of r.items.filter((i) => i.match === 'name')) assert.ok(x.name.includes('营业执照'), x.name);
  assert.ok(r.items.some((x) => x.match === 'keyword'));
  // the code is found like a keyword
  const byCode = await search(`q=${enc(r.items[0].code)}`);
  assert.ok(byCode.items.some((x) => x.id === r.items[0].id));
  // the next page continues without repeating
  const p2 = await search(`q=${enc('营业执照')}&limit=50&offset=50`);
  const ids = new Set(r.items.map((x) => x.id));
  assert.ok(p2.items.length > 0 && p2.items.every((x) => !ids.has(x.id)));
  // a material search reaches items whose names do not hold the word
  const m = await search(`q=${enc('残疾评定')}`);
  assert.equal(m.total, 0, 'no such material in the demo');
  const mat = await search(`q=${enc('房屋产权证明或居住证')}`);
  assert.ok(mat.total > 0 && mat.items.every((x) => x.match === 'material'));
  // filters: department, depth, type, channel, tier, life event
  const sj = await search('department_id=1&limit=50');
  assert.ok(sj.total > 100 && sj.items.every((x) => x.department.id === 1));
  const d4 = await search(`q=${enc('许可证')}&depth=4`);
  assert.ok(d4.items.every((x) => x.online_depth === 4));
  const lic = await search('type=licensing&limit=50');
  assert.ok(lic.items.every((x) => x.type.key === 'licensing' && x.licensing && x.power));
  const post = await search('channel=post&limit=50');
  assert.ok(post.items.every((x) => x.channels.includes('post')));
  const village = await search('tier=village&limit=50');
  assert.ok(village.total > 0 && village.items.every((x) => x.accept_tiers.includes('village')));
  const birth = await search('life_event=birth');
  assert.ok(birth.total >= 5 && birth.items.every((x) => x.life_events.includes('birth')));
  // everything: the first page of all items, in catalog order, counted exactly
  const all = await search('limit=5');
  assert.equal(all.total, 1330);
  assert.equal(all.total_capped, false);
  assert.deepEqual(all.items.map((x) => x.id), [1, 2, 3, 4, 5]);
  const last = await search('limit=5&offset=1000');
  assert.equal(last.items[0].id, 1001);
  // words: counts stop at the cap
  const many = await search(`q=${enc('许可证')}&limit=1`);
  assert.ok(many.total > 100);
});

test('words of one or two characters search names and keywords', async () => {
  const r = await search(`q=${enc('社保')}&limit=50`);
  assert.ok(r.total > 0);
  for (const x of r.items) {
    const item = await json(`/api/v1/catalog/items/${x.id}`);
    assert.ok(item.name.includes('社保') || item.keywords.some((k) => k.includes('社保')), item.name);
  }
  const one = await search(`q=${enc('犬')}`);
  assert.ok(one.total >= 5 && one.items.every((x) => x.name.includes('犬')));
  // mixed words: both must be in the name or keywords
  const mixed = await search(`q=${enc('营业执照 补领')}`);
  assert.ok(mixed.total >= 1 && mixed.items.every((x) => x.name.includes('营业执照') && x.name.includes('补领')));
  // punctuation separates words; an FTS operator is only a word
  const ops = await search(`q=${enc('"营业" OR NOT')}`);
  assert.equal(ops.total, 0);
  // the answer echoes the words, escaped
  const odd = '营业执照 "补领\\';
  assert.equal((await search(`q=${enc(odd)}`)).q, odd);
});

test('bad search parameters are refused and named', async () => {
  await problem(await get('/api/v1/catalog/items?colour=red'), 400, 'colour');
  await problem(await get('/api/v1/catalog/items?limit=51'), 422, 'limit');
  await problem(await get('/api/v1/catalog/items?offset=100001'), 422, 'offset');
  await problem(await get('/api/v1/catalog/items?depth=5'), 422, 'depth');
  await problem(await get('/api/v1/catalog/items?depth=x'), 422, 'depth');
  await problem(await get('/api/v1/catalog/items?tier=city'), 422, 'tier');
  await problem(await get('/api/v1/catalog/items?type=permit'), 422, 'type');
  await problem(await get('/api/v1/catalog/items?channel=fax'), 422, 'channel');
  await problem(await get('/api/v1/catalog/items?life_event=party'), 422, 'life_event');
  await problem(await get('/api/v1/catalog/items?department_id=0'), 422, 'department_id');
  await problem(await get(`/api/v1/catalog/items?q=${enc('a b c d e f g h i')}`), 422, 'q');
  await problem(await get(`/api/v1/catalog/items?q=${'x'.repeat(257)}`), 422, 'q');
  await problem(await get('/api/v1/catalog/items?q=%FF%FE'), 422, 'q');
});

test('an item guide: limits, fee, depth label, materials, nearest sites, bundles', async () => {
  const r = await search(`q=${enc('有限责任公司设立登记')}`);
  const id = r.items[0].id;
  const x = await json(`/api/v1/catalog/items/${id}`);
  assert.equal(x.name, '有限责任公司设立登记');
  assert.equal(x.version, 2, 'the demo gave it a second version');
  assert.equal(x.effective_from, '2025-07-01');
  assert.equal(x.type.key, 'licensing');
  assert.equal(x.power, true);
  assert.ok(x.legal_days >= x.promised_days && x.promised_days >= 1);
  assert.equal(x.fee, '0.00');
  assert.equal(x.free, true);
  assert.match(x.depth_label.zh, /网上预审|全程网办/);
  assert.ok(x.materials.length >= 3);
  assert.ok(x.materials.some((m) => m.required) && x.materials.some((m) => !m.required && m.condition));
  assert.ok(x.form_fields.some((f) => f.name === 'company_name'));
  assert.ok(x.bundles.some((b) => b.name === '开办企业'));
  // without a site: the district centre
  assert.equal(x.nearest.length, 1);
  assert.equal(x.nearest[0].tier, 'district');
  assert.equal(x.nearest[0].decides, true);
  assert.ok(x.nearest[0].windows.length > 0);
  // from a village: the item is accepted at townships and the district
  const villages = await json('/api/v1/sites?tier=village&limit=1');
  const v = villages.items[0];
  const near = await json(`/api/v1/catalog/items/${id}?site_id=${v.id}`);
  assert.deepEqual(
    near.nearest.map((n) => n.tier),
    ['township', 'district'],
  );
  assert.equal(near.nearest[0].id, v.parent_id);
  assert.ok(near.nearest[0].windows.every((w) => w.kind === 'comprehensive' || w.kind === 'department'));
  // an item accepted in villages is handled in the village first
  const vil = (await search('tier=village&limit=1')).items[0];
  const atVillage = await json(`/api/v1/catalog/items/${vil.id}?site_id=${v.id}`);
  assert.equal(atVillage.nearest[0].id, v.id);
  // the older version stays readable
  const v1 = await json(`/api/v1/catalog/items/${id}?version=1`);
  assert.equal(v1.version, 1);
  assert.ok(v1.promised_days > x.promised_days);
  assert.equal(v1.effective_from, '2024-01-01');
  // bad inputs
  await problem(await get(`/api/v1/catalog/items/${id}?site_id=999999`), 422, 'site_id');
  await problem(await get(`/api/v1/catalog/items/${id}?version=9`), 404);
  await problem(await get(`/api/v1/catalog/items/${id}?version=0`), 422, 'version');
  await problem(await get('/api/v1/catalog/items/999999'), 404);
  await problem(await get(`/api/v1/catalog/items/${id}?colour=1`), 400, 'colour');
  const vers = await json(`/api/v1/catalog/items/${id}/versions`);
  assert.equal(vers.current_version, 2);
  assert.deepEqual(vers.items.map((v2) => [v2.version, v2.effective_from, v2.current]), [
    [1, '2024-01-01', false],
    [2, '2025-07-01', true],
  ]);
  await problem(await get('/api/v1/catalog/items/999999/versions'), 404);
});

test('creating an item: valid, then every kind of bad input; only the system administrator', async () => {
  const before1 = (await json('/api/v1/catalog/summary')).items;
  const created = await ok(await send('POST', '/api/v1/catalog/items', newItem('T-0001')), 201);
  assert.equal(created.version, 1);
  assert.equal(created.effective_from, today());
  const x = await json(`/api/v1/catalog/items/${created.id}`);
  assert.equal(x.name, '测试事项T-0001');
  assert.equal(x.department.code, 'YD-MZ');
  assert.deepEqual(x.accept_tiers, ['district', 'township', 'village']);
  assert.equal(x.materials.length, 3);
  assert.equal((await json('/api/v1/catalog/summary')).items, before1 + 1, 'the summary counts it');
  const found = await search(`q=${enc('试点申请表')}`);
  assert.deepEqual(found.items.map((i) => i.code), ['T-0001'], 'its materials are searchable');
  assert.equal((await search(`q=${enc('试点事项')}`)).items[0].code, 'T-0001');

  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0001')), 409, 'code');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { colour: 'red' })), 422, 'colour');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { legal_days: '20' })), 422, 'legal_days');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { online_depth: 5 })), 422, 'online_depth');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { online_depth: 0 })), 422, 'online_depth');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { immediate: 'yes' })), 422, 'immediate');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { department: 'YD-XX' })), 422, 'department');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { type: 'permit' })), 422, 'type');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { channels: 'window' })), 422, 'channels');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { online_depth: 4, visits: 1 })), 422, 'visits');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { promised_days: 30 })), 422, 'promised_days');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { fee: '-5' })), 422, 'fee');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { code: 'bad code' })), 422, 'code');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { effective_from: '2026-02-30' })), 422, 'effective_from');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { effective_from: '01/03/2026' })), 422, 'effective_from');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { materials: '[{"name":"照片","count":0}]' })), 422, 'materials[0].count');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { materials: '[{"name":"照片","size":1}]' })), 422, 'materials[0].size');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { materials: 'not json' })), 422, 'materials');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002', { life_events: 'party' })), 422, 'life_events[0]');
  const { name, ...noName } = newItem('T-0002');
  assert.ok(name);
  await problem(await send('POST', '/api/v1/catalog/items', noName), 422, 'name');
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002'), clerk), 403);
  await problem(await send('POST', '/api/v1/catalog/items', newItem('T-0002'), null), 401);
  const res = await fetch(s.url + '/api/v1/catalog/items', { method: 'POST', headers: { Cookie: admin }, body: 'x' });
  assert.equal(res.status, 415);
  assert.ok(!(await search('q=T-0002')).items.some((x) => x.code === 'T-0002'), 'nothing was created');
  // the router audited the creation
  assert.ok(Number(sql("SELECT count(*) FROM audit_log WHERE action = 'POST /api/v1/catalog/items' AND result = 'ok'")) >= 1);
});

test('a new version: effective now or later; unchanged content makes none; bad dates refused', async () => {
  const c = await ok(await send('POST', '/api/v1/catalog/items', newItem('T-0100')), 201);
  const path = `/api/v1/catalog/items/${c.id}/versions`;
  const v2 = await ok(await send('POST', path, { promised_days: 3 }), 201);
  assert.equal(v2.version, 2);
  assert.equal(v2.changed, true);
  let x = await json(`/api/v1/catalog/items/${c.id}`);
  assert.equal(x.version, 2);
  assert.equal(x.promised_days, 3);
  assert.equal(x.materials.length, 3, 'fields not sent stay as they were');
  // the same content again: no new version
  const same = await ok(await send('POST', path, { promised_days: 3 }), 200);
  assert.equal(same.changed, false);
  assert.equal(same.version, 2);
  // scheduled for later: the current version stays until then
  const later = await ok(await send('POST', path, { promised_days: 2, effective_from: '2099-01-01' }), 201);
  assert.equal(later.version, 3);
  assert.equal(later.scheduled, true);
  x = await json(`/api/v1/catalog/items/${c.id}`);
  assert.equal(x.version, 2);
  assert.equal(x.latest_version, 3);
  const vers = await json(path);
  assert.deepEqual(vers.items.map((v) => [v.version, v.current, v.scheduled]), [
    [1, false, false],
    [2, true, false],
    [3, false, true],
  ]);
  // bad dates: malformed, impossible, or before the latest version's
  await problem(await send('POST', path, { promised_days: 1, effective_from: '2026-13-01' }), 422, 'effective_from');
  await problem(await send('POST', path, { promised_days: 1, effective_from: '2026-1-1' }), 422, 'effective_from');
  await problem(await send('POST', path, { promised_days: 1, effective_from: '2030-01-01' }), 422, 'effective_from');
  // other bad inputs
  await problem(await send('POST', path, { online_depth: 7 }), 422, 'online_depth');
  await problem(await send('POST', path, { colour: 'red' }), 422, 'colour');
  await problem(await send('POST', path, { code: 'OTHER' }), 422, 'code');
  await problem(await send('POST', path, { channels: 'window;window' }), 422, 'channels[1]');
  await problem(await send('POST', '/api/v1/catalog/items/999999/versions', { promised_days: 1 }), 404);
  await problem(await send('POST', path, { promised_days: 1 }, clerk), 403);
  assert.equal((await json(path)).items.length, 3, 'no version was added by the refusals');
});

test('retiring an item: not while a bundle holds it; its versions stay readable', async () => {
  const c = await ok(await send('POST', '/api/v1/catalog/items', newItem('T-0200')), 201);
  await problem(await send('POST', `/api/v1/catalog/items/${c.id}/retire`, {}), 422, 'reason');
  await problem(await send('POST', `/api/v1/catalog/items/${c.id}/retire`, { reason: '试点结束' }, clerk), 403);
  const r = await ok(await send('POST', `/api/v1/catalog/items/${c.id}/retire`, { reason: '试点结束' }));
  assert.equal(r.retired_on, today());
  await problem(await get(`/api/v1/catalog/items/${c.id}`), 404);
  assert.equal((await search('q=T-0200')).total, 0);
  assert.equal((await json(`/api/v1/catalog/items/${c.id}?version=1`)).code, 'T-0200', 'a case can still read it');
  await problem(await send('POST', `/api/v1/catalog/items/${c.id}/retire`, { reason: '再次' }), 409);
  await problem(await send('POST', `/api/v1/catalog/items/${c.id}/versions`, { promised_days: 1 }), 409, 'code');
  await problem(await send('POST', '/api/v1/catalog/items/999999/retire', { reason: 'x' }), 404);
  // an item of a bundle
  const b = (await json('/api/v1/catalog/bundles')).items[0];
  const member = (await json(`/api/v1/catalog/bundles/${b.id}`)).items[0];
  await problem(await send('POST', `/api/v1/catalog/items/${member.id}/retire`, { reason: 'x' }), 409, 'id');
});

test('bundles: merged form, each material once; create, replace, bad inputs', async () => {
  const list = await json('/api/v1/catalog/bundles');
  assert.ok(list.items.length >= 10);
  const names = list.items.map((b) => b.name);
  for (const n of ['开办企业', '新生儿出生', '残疾人证办理', '退休', '不动产转移登记', '二手房交易', '开办餐饮店', '军人退役', '身后事', '入学'])
    assert.ok(names.includes(n), n);
  const kb = list.items.find((b) => b.name === '开办企业');
  const b = await json(`/api/v1/catalog/bundles/${kb.id}`);
  assert.equal(b.lead_department.code, 'YD-SJ');
  assert.equal(b.items.length, 7);
  const depts = new Set(b.items.map((x) => x.department.code));
  for (const d of ['YD-SJ', 'YD-GA', 'YD-SW', 'YD-SB', 'YD-YB']) assert.ok(depts.has(d), d);
  assert.ok(b.materials.length < b.materials_asked, `${b.materials.length} < ${b.materials_asked}`);
  const matNames = b.materials.map((m) => m.name);
  assert.equal(new Set(matNames).size, matNames.length, 'each material once');
  const licence = b.materials.find((m) => m.name === '营业执照');
  assert.ok(licence.asked_by.length >= 3);
  const fieldNames = b.form.fields.map((f) => f.name);
  assert.equal(new Set(fieldNames).size, fieldNames.length);
  assert.ok(fieldNames.includes('company_name'));
  assert.equal(b.form.conflicts, 0);
  assert.equal(b.promised_days, Math.max(...b.items.map((x) => x.promised_days)));
  await problem(await get('/api/v1/catalog/bundles/999999'), 404);

  // create and replace: a new item with an item that also asks for 居民身份证
  const a = await ok(await send('POST', '/api/v1/catalog/items', newItem('T-0300')), 201);
  const birth = await json(`/api/v1/catalog/bundles/${list.items.find((x) => x.name === '新生儿出生').id}`);
  const other = birth.items.find((x) => x.name === '出生户口登记');
  const otherItem = await json(`/api/v1/catalog/items/${other.id}`);
  assert.ok(otherItem.materials.some((m) => m.name === '居民身份证'));
  const body = { code: 'YJS-TEST', name: '测试一件事', lead_department: 'YD-MZ', items: `T-0300;${other.code}`, description: '测试' };
  const created = await ok(await send('POST', '/api/v1/catalog/bundles', body), 201);
  const got = await json(`/api/v1/catalog/bundles/${created.id}`);
  assert.equal(got.items.length, 2);
  assert.equal(got.materials_asked, 3 + otherItem.materials.length);
  const id = got.materials.filter((m) => m.name === '居民身份证');
  assert.equal(id.length, 1, 'asked once');
  assert.deepEqual(id[0].asked_by, ['T-0300', other.code]);
  assert.equal(got.materials.length, got.materials_asked - 1);
  assert.ok(a.id);
  await problem(await send('POST', '/api/v1/catalog/bundles', body), 409, 'code');
  await problem(await send('POST', '/api/v1/catalog/bundles', { ...body, code: 'YJS-T2', items: 'T-0300;NOPE' }), 422, 'items[1]');
  await problem(await send('POST', '/api/v1/catalog/bundles', { ...body, code: 'YJS-T2', items: 'T-0300' }), 422, 'items');
  await problem(await send('POST', '/api/v1/catalog/bundles', { ...body, code: 'YJS-T2', items: 'T-0300;T-0300' }), 422, 'items[1]');
  await problem(await send('POST', '/api/v1/catalog/bundles', { ...body, code: 'YJS-T2', lead_department: 'YD-XX' }), 422, 'lead_department');
  await problem(await send('POST', '/api/v1/catalog/bundles', { ...body, code: 'YJS-T2', extra: 1 }), 422, 'extra');
  await problem(await send('POST', '/api/v1/catalog/bundles', { ...body, code: 'YJS-T2' }, clerk), 403);
  // a member whose form field type differs cannot join
  const odd = await ok(
    await send('POST', '/api/v1/catalog/items', newItem('T-0301', { form_fields: JSON.stringify([{ name: 'applicant_name', label: '姓名', type: 'date' }]) })),
    201,
  );
  assert.ok(odd.id);
  await problem(await send('POST', '/api/v1/catalog/bundles', { ...body, code: 'YJS-T3', items: 'T-0300;T-0301' }), 422, 'items');
  const upd = await ok(await send('PUT', `/api/v1/catalog/bundles/${created.id}`, { ...body, name: '测试一件事（改）' }));
  assert.equal(upd.id, created.id);
  assert.equal((await json(`/api/v1/catalog/bundles/${created.id}`)).name, '测试一件事（改）');
  await problem(await send('PUT', '/api/v1/catalog/bundles/999999', body), 404);
  await problem(await send('PUT', `/api/v1/catalog/bundles/${created.id}`, { ...body, items: 'T-0300;NOPE' }), 422, 'items[1]');
  await problem(await send('PUT', `/api/v1/catalog/bundles/${created.id}`, body, clerk), 403);
});

test('departments and life events carry their counts', async () => {
  const d = await json('/api/v1/catalog/departments');
  assert.equal(d.items.length, 17);
  assert.ok(d.items.every((x) => x.code && x.name && Number.isInteger(x.items)));
  const sj = d.items.find((x) => x.code === 'YD-SJ');
  assert.equal(sj.items, (await search('department_id=' + sj.id + '&limit=1')).total);
  const e = await json('/api/v1/catalog/life-events');
  assert.ok(e.items.some((x) => x.group === 'person') && e.items.some((x) => x.group === 'business'));
  const birth = e.items.find((x) => x.key === 'birth');
  assert.equal(birth.zh, '出生');
  assert.equal(birth.items, (await search('life_event=birth&limit=1')).total);
});

test('depth labels are editable by the system administrator', async () => {
  await ok(await send('PUT', '/api/v1/catalog/depth-labels/4', { zh: '全程网办：一次不用跑', en: 'Fully online' }));
  const sm = await json('/api/v1/catalog/summary');
  assert.equal(sm.depths[3].zh, '全程网办：一次不用跑');
  const any4 = (await search('depth=4&limit=1')).items[0];
  assert.equal((await json(`/api/v1/catalog/items/${any4.id}`)).depth_label.zh, '全程网办：一次不用跑');
  await problem(await send('PUT', '/api/v1/catalog/depth-labels/5', { zh: 'x', en: 'x' }), 404);
  await problem(await send('PUT', '/api/v1/catalog/depth-labels/4', { zh: 'x' }), 422, 'en');
  await problem(await send('PUT', '/api/v1/catalog/depth-labels/4', { zh: 'a\nb', en: 'x' }), 422, 'zh');
  await problem(await send('PUT', '/api/v1/catalog/depth-labels/4', { zh: 'x', en: 'x' }, clerk), 403);
  await ok(await send('PUT', '/api/v1/catalog/depth-labels/4', { zh: '全程网办：零跑腿', en: 'Fully online, zero visits' }));
});

const itemsCsv = (rows) =>
  ['code,name,department,type,online_depth,channels,accept_tiers,decide_tier,materials', ...rows].join('\r\n') + '\r\n';

test('import: a bad row rejects the whole file with file:line:field; re-import changes nothing', async () => {
  const count = async () => (await json('/api/v1/catalog/summary')).items;
  const n0 = await count();
  const bad = itemsCsv([
    'IMP-1,导入事项一,YD-SJ,licensing,3,window;online,district,district,',
    'IMP-2,导入事项二,YD-SJ,licensing,9,window;online,district,district,',
    'IMP-3,导入事项三,YD-SJ,licensing,3,window;online,district,district,"[{""name"":""照片"",""form"":""scan""}]"',
  ]);
  const p = await problem(await send('POST', '/api/v1/catalog/import', { format: 'csv', name: 'items.csv', data: bad }), 422, 'data');
  assert.deepEqual(p.errors.map((e) => [e.line, e.field]), [
    [3, 'online_depth'],
    [4, 'materials[0].form'],
  ]);
  assert.equal(p.errors[0].message, 'items.csv:3: online_depth: must be a whole number from 1 to 4');
  assert.match(p.detail, /^items\.csv:3: online_depth:/);
  assert.equal(await count(), n0, 'nothing imported, not even the good row');
  assert.equal((await search('q=IMP-1')).total, 0);
  // a row the store refuses (unknown department) also rejects the whole file
  const ref = itemsCsv(['IMP-1,导入事项一,YD-SJ,licensing,3,window;online,district,district,', 'IMP-2,导入事项二,YD-ZZ,licensing,3,window;online,district,district,']);
  const p2 = await problem(await send('POST', '/api/v1/catalog/import', { format: 'csv', data: ref }), 422, 'data');
  assert.deepEqual([p2.errors[0].line, p2.errors[0].field], [3, 'department']);
  assert.match(p2.errors[0].message, /^upload\.csv:3: department:/);
  assert.equal(await count(), n0);

  const good = itemsCsv([
    'IMP-1,导入事项一,YD-SJ,licensing,3,window;online,district,district,',
    'IMP-2,导入事项二,YD-SJ,public_service,4,window;online;mobile,district;township,district,"[{""name"":""居民身份证""}]"',
  ]);
  const r1 = await ok(await send('POST', '/api/v1/catalog/import', { format: 'csv', data: good }));
  assert.deepEqual([r1.what, r1.rows, r1.inserted, r1.updated, r1.unchanged], ['items', 2, 2, 0, 0]);
  assert.equal(await count(), n0 + 2);
  const imp2 = (await search('q=IMP-2')).items[0] ?? (await search(`q=${enc('导入事项二')}`)).items[0];
  const versions = async () => (await json(`/api/v1/catalog/items/${imp2.id}/versions`)).items.length;
  assert.equal(await versions(), 1);
  const r2 = await ok(await send('POST', '/api/v1/catalog/import', { format: 'csv', data: good }));
  assert.deepEqual([r2.inserted, r2.updated, r2.unchanged], [0, 0, 2]);
  assert.equal(await versions(), 1, 'no new version');
  // a changed row makes one new version
  const changed = good.replace('导入事项二', '导入事项二（新）');
  const r3 = await ok(await send('POST', '/api/v1/catalog/import', { format: 'csv', data: changed }));
  assert.deepEqual([r3.inserted, r3.updated, r3.unchanged], [0, 1, 1]);
  assert.equal(await versions(), 2);

  // JSON rows report the line of the row
  const js = '{"what": "items",\n"rows": [\n' + JSON.stringify({ code: 'IMP-9', name: '九', department: 'YD-SJ', type: 'levy', online_depth: 3, channels: ['window', 'online'], accept_tiers: ['district'], decide_tier: 'district' }) + ',\n' +
    JSON.stringify({ code: 'IMP-10', name: '十', department: 'YD-SJ', type: 'levy', online_depth: '3', channels: ['window'], accept_tiers: ['district'], decide_tier: 'district' }) + '\n]}\n';
  const pj = await problem(await send('POST', '/api/v1/catalog/import', { format: 'json', name: 'x.json', data: js }), 422, 'data');
  assert.deepEqual([pj.errors[0].line, pj.errors[0].field], [4, 'online_depth']);
  assert.equal((await search('q=IMP-9')).total, 0);
  // the request itself
  await problem(await send('POST', '/api/v1/catalog/import', { format: 'xml', data: good }), 422, 'format');
  await problem(await send('POST', '/api/v1/catalog/import', { format: 'csv', what: 'people', data: good }), 422, 'what');
  await problem(await send('POST', '/api/v1/catalog/import', { format: 'csv', what: 'sites', data: good }), 422, 'data');
  await problem(await send('POST', '/api/v1/catalog/import', { format: 'csv', data: 'x'.repeat(1000001) }), 422, 'data');
  await problem(await send('POST', '/api/v1/catalog/import', { format: 'csv', data: good, extra: 1 }), 422, 'extra');
  await problem(await send('POST', '/api/v1/catalog/import', { format: 'csv', data: good }, clerk), 403);
});

test('export and re-import of items, bundles, sites and windows changes nothing', async () => {
  for (const what of ['items', 'bundles', 'sites', 'windows']) {
    for (const format of ['csv', 'json']) {
      const res = await get(`/api/v1/catalog/export?what=${what}&format=${format}`, admin);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type'), format === 'csv' ? /^text\/csv/ : /^application\/json/);
      assert.match(res.headers.get('content-disposition'), new RegExp(`${what}\\.${format}`));
      const data = await res.text();
      if (format === 'csv') assert.ok(data.split('\r\n')[0].split(',').length >= 3);
      if (what === 'items') continue; // the whole catalog is larger than one request's cap
      const r = await ok(await send('POST', '/api/v1/catalog/import', { format, data }));
      assert.equal(r.what, what);
      assert.equal(r.inserted + r.updated, 0, `${what}.${format}: ${JSON.stringify(r)}`);
      assert.equal(r.unchanged, r.rows);
    }
  }
  await problem(await get('/api/v1/catalog/export?what=people&format=csv', admin), 422, 'what');
  await problem(await get('/api/v1/catalog/export?what=items&format=xls', admin), 422, 'format');
  await problem(await get('/api/v1/catalog/export?what=items', admin), 422, 'format');
  await problem(await get('/api/v1/catalog/export?what=items&format=csv', clerk), 403);
  await problem(await get('/api/v1/catalog/export?what=items&format=csv'), 401);
});

test('sites and windows import: a new village station with its window', async () => {
  const town = (await json('/api/v1/sites?tier=township&limit=1')).items[0];
  const sites = `code,name,name_en,tier,parent,hours,address,departments\r\nTEST-V1,测试村便民服务站,Test Village Station,village,${town.code},周一至周五,永定区,\r\n`;
  const r = await ok(await send('POST', '/api/v1/catalog/import', { format: 'csv', data: sites }));
  assert.deepEqual([r.what, r.inserted], ['sites', 1]);
  const wins = 'site,number,kind,area,department,paused\r\nTEST-V1,1,comprehensive,,,false\r\nTEST-V1,2,department,,YD-MZ,true\r\n';
  const w = await ok(await send('POST', '/api/v1/catalog/import', { format: 'csv', data: wins }));
  assert.deepEqual([w.what, w.inserted], ['windows', 2]);
  const again = await ok(await send('POST', '/api/v1/catalog/import', { format: 'csv', data: wins }));
  assert.equal(again.unchanged, 2);
  const v = (await json(`/api/v1/sites?tier=village&parent_id=${town.id}&limit=200`)).items.find((x) => x.code === 'TEST-V1');
  const d = await json(`/api/v1/sites/${v.id}`);
  assert.equal(d.windows.length, 2);
  assert.ok(d.departments.some((x) => x.code === 'YD-MZ'), 'the department window stationed its department');
  const badSite = 'code,name,tier,parent\r\nTEST-V2,坏站,village,NOPE\r\n';
  const p = await problem(await send('POST', '/api/v1/catalog/import', { format: 'csv', data: badSite }), 422, 'data');
  assert.deepEqual([p.errors[0].line, p.errors[0].field], [2, 'parent']);
  const badWin = 'site,number,kind,department\r\nTEST-V1,3,department,\r\n';
  const pw = await problem(await send('POST', '/api/v1/catalog/import', { format: 'csv', data: badWin }), 422, 'data');
  assert.deepEqual([pw.errors[0].line, pw.errors[0].field], [2, 'department']);
});

test('window administration: open, pause, assign a department; bad inputs', async () => {
  const town = (await json('/api/v1/sites?tier=township&limit=1')).items[0];
  const site = await json(`/api/v1/sites/${town.id}`);
  const number = Math.max(...site.windows.map((x) => x.number)) + 1;
  const ca = (await json('/api/v1/catalog/departments')).items.find((x) => x.code === 'YD-CL');
  const w = await ok(await send('POST', `/api/v1/sites/${town.id}/windows`, { number, kind: 'department', department_id: ca.id }), 201);
  assert.equal(w.number, number);
  assert.equal(w.department_id, ca.id);
  assert.equal(w.paused, false);
  const after1 = await json(`/api/v1/sites/${town.id}`);
  assert.ok(after1.departments.some((d) => d.code === 'YD-CL'));
  await problem(await send('POST', `/api/v1/sites/${town.id}/windows`, { number, kind: 'comprehensive' }), 409, 'number');
  await problem(await send('POST', `/api/v1/sites/${town.id}/windows`, { number: number + 1, kind: 'department' }), 422, 'department_id');
  await problem(await send('POST', `/api/v1/sites/${town.id}/windows`, { number: number + 1, kind: 'comprehensive', department_id: ca.id }), 422, 'department_id');
  await problem(await send('POST', `/api/v1/sites/${town.id}/windows`, { number: number + 1, kind: 'office' }), 422, 'kind');
  await problem(await send('POST', `/api/v1/sites/${town.id}/windows`, { number: 1000, kind: 'comprehensive' }), 422, 'number');
  await problem(await send('POST', `/api/v1/sites/${town.id}/windows`, { number: number + 1, kind: 'comprehensive', area_id: 1 }), 422, 'area_id');
  await problem(await send('POST', '/api/v1/sites/999999/windows', { number: 1, kind: 'comprehensive' }), 404);
  await problem(await send('POST', `/api/v1/sites/${town.id}/windows`, { number: number + 1, kind: 'comprehensive' }, clerk), 403);

  const paused = await ok(await send('PATCH', `/api/v1/windows/${w.id}`, { paused: true }));
  assert.equal(paused.paused, true);
  const shown = (await json(`/api/v1/sites/${town.id}`)).windows.find((x) => x.id === w.id);
  assert.equal(shown.paused, true);
  const comp = await ok(await send('PATCH', `/api/v1/windows/${w.id}`, { kind: 'comprehensive', paused: false }));
  assert.equal(comp.kind, 'comprehensive');
  assert.equal(comp.department_id, null, 'the department goes with the kind');
  const back = await ok(await send('PATCH', `/api/v1/windows/${w.id}`, { kind: 'department', department_id: ca.id }));
  assert.equal(back.department_id, ca.id);
  await problem(await send('PATCH', `/api/v1/windows/${w.id}`, {}), 422);
  await problem(await send('PATCH', `/api/v1/windows/${w.id}`, { number: site.windows[0].number }), 409, 'number');
  await problem(await send('PATCH', `/api/v1/windows/${w.id}`, { kind: 'department', department_id: 999999 }), 422, 'department_id');
  await problem(await send('PATCH', `/api/v1/windows/${w.id}`, { paused: 'yes' }), 422, 'paused');
  await problem(await send('PATCH', '/api/v1/windows/999999', { paused: true }), 404);
  await problem(await send('PATCH', `/api/v1/windows/${w.id}`, { paused: true }, clerk), 403);
  assert.ok(Number(sql("SELECT count(*) FROM audit_log WHERE action = 'PATCH /api/v1/windows/{id}' AND result = 'ok'")) >= 3);
});
