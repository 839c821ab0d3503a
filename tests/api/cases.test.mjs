// Cases (issue 6) over HTTP against the real binary and the demo catalog: a
// licensing case of market supervision (市监) from online submission through
// the one-time notice, the supplement, acceptance, review, extension,
// decision, completion and postal delivery, with its timeline, its audit
// rows and its certificate; the legal clock (2026-02-12 + 3 working days;
// `due` of an accepted case); an immediate item completed at the window; a
// bundle fanning out to one case per item with one delivery; a proxy filing;
// exactly-once creation with Idempotency-Key; illegal transitions and bad
// inputs changing nothing; withdrawal; uploads checked by content; the
// deemed-acceptance sweep.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, login } from '../lib/server.mjs';
import { apiClient, signInAll, stopClean, ok, problem, idNumber } from '../lib/api.mjs';

let s;
const who = {}; // cookies by login
const { req, get, post, sql } = apiClient(() => s, who);
const LOGINS = ['citizen', 'enterprise', 'clerk', 'clerk.township', 'approver', 'approver.cl', 'proxy', 'manager', 'sysadmin', 'auditor'];
before(async () => {
  // The periodic sweep is off here (the sweep test runs it by hand); the
  // last test starts a server of its own to see the periodic one.
  s = await startServer({ args: ['--totp_required_roles', '', '--case_sweep_minutes', '0'] });
  // An approver for civil affairs (民政), for the bundle's cases of that
  // department: the approver's password hash, another department.
  sql("INSERT INTO users(login, display_name, role, password_hash, created_at, site_id, department_id) " +
    "SELECT 'approver.mz', '孙丽', 'approver', password_hash, created_at, site_id, " +
    "(SELECT id FROM departments WHERE code = 'YD-MZ') FROM users WHERE login = 'approver'");
  await signInAll(s, who, LOGINS);
  who['approver.mz'] = await login(s.url, 'approver.mz', s.accounts.approver.password);
});
after(() => stopClean(s));

const act = (id, action, body, as) => post(`/api/v1/cases/${id}/actions/${action}`, body, as);

// Small real files: a PDF, a PNG, a JPEG (checked by their bytes).
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.from('0000000a49444154789c63000100000500010d0a2db4', 'hex'),
  Buffer.from('0000000049454e44ae426082', 'hex'),
]);
const upload = (name, data, as = 'citizen') => post('/api/v1/files', { name, content_base64: data.toString('base64') }, as);

// A valid unified social credit code (GB 32100 check character).
function uscc(body17 = '91430802MA4L0000X') {
  const A = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...body17].reduce((a, c, i) => a + A.indexOf(c) * W[i], 0);
  return body17 + A[(31 - (sum % 31)) % 31];
}

// A form for an item: every field filled with a value of its type.
function formFor(item) {
  const form = {};
  for (const f of item.form_fields || []) {
    form[f.name] = { id_number: idNumber('1985-03-04', '411'), phone: '13800138000', date: '2026-01-05', number: 1, uscc: uscc(), bool: true }[f.type] ?? '张家界测试';
  }
  return form;
}

// Demo catalog items picked by their properties, not their ids.
async function pickItems() {
  const deps = await ok(await get('/api/v1/catalog/departments'));
  const sj = deps.items.find((d) => d.code === 'YD-SJ');
  const list = await ok(await get(`/api/v1/catalog/items?type=licensing&department_id=${sj.id}&tier=district&limit=50`));
  const lic = list.items.find((i) => !i.immediate && i.online_depth >= 3 && i.promised_days >= 3);
  const imm = list.items.find((i) => i.immediate);
  assert.ok(lic && imm, 'a licensing item and an immediate item of market supervision');
  const full = await ok(await get('/api/v1/catalog/items/' + lic.id));
  const bundles = await ok(await get('/api/v1/catalog/bundles'));
  const bundle = bundles.items.find((b) => b.code === 'YJS-CJRZ');
  assert.ok(bundle, 'the disability-certificate bundle');
  return { sj, lic: full, imm, bundle };
}
// The day a period opened by an event at unix time t starts from: its
// Asia/Shanghai date, or the next working day when that is not one (the
// receipt-date rule, os_calendar_receipt_date).
async function receiptDay(t) {
  let d = new Date(t * 1000 + 8 * 3600e3);
  for (let i = 0; i < 40; i++, d = new Date(d.getTime() + 86400e3)) {
    const day = d.toISOString().slice(0, 10);
    if ((await ok(await get(`/api/v1/workdays/is?date=${day}`))).workday) return day;
  }
  throw new Error('no working day within 40 days');
}

let items;
async function catalog() {
  if (!items) items = await pickItems();
  return items;
}

async function attachRequired(caseId, fileId, as = 'citizen') {
  const m = await ok(await get(`/api/v1/cases/${caseId}/materials`, as));
  for (const x of m.materials.filter((y) => y.required))
    await ok(await post(`/api/v1/cases/${caseId}/materials`, { material_key: x.key, file_id: fileId }, as), 201);
  return m;
}

test('a licensing case from online submission to postal delivery, with its timeline, audit and certificate', async () => {
  const { lic, sj } = await catalog();
  // the citizen's draft
  const draft = await ok(await post('/api/v1/cases', { item_id: lic.id, form: formFor(lic) }, 'citizen', { 'Idempotency-Key': 'main-draft-1' }), 201);
  assert.equal(draft.state, 'draft');
  assert.equal(draft.channel, 'online');
  assert.equal(draft.item.id, lic.id);
  assert.equal(draft.department.id, sj.id);
  assert.ok(draft.actions.includes('submit') && draft.actions.includes('withdraw'), JSON.stringify(draft.actions));
  const id = draft.id;

  // submitting without the required materials is refused, nothing changes
  await problem(await act(id, 'submit', {}, 'citizen'), 422, 'materials');
  assert.equal((await ok(await get(`/api/v1/cases/${id}`, 'citizen'))).state, 'draft');

  // upload a PDF, attach it to every required material, submit
  const file = await ok(await upload('申请书.pdf', PDF), 201);
  assert.equal(file.mime, 'application/pdf');
  assert.equal(file.size, PDF.length);
  assert.match(file.sha256, /^[0-9a-f]{64}$/);
  const mats = await attachRequired(id, file.id);
  assert.ok(mats.materials.length >= 1);
  const submitted = await ok(await act(id, 'submit', {}, 'citizen'));
  assert.equal(submitted.state, 'prereview');
  assert.ok(submitted.clock.accept_due, 'the acceptance period runs');
  assert.equal(submitted.clock.deadline, 'accept');
  assert.ok(['green', 'yellow', 'red'].includes(submitted.clock.warning));

  // the clerk's inbox shows it; the one-time notice needs its items
  const inbox = await ok(await get('/api/v1/cases/inbox?state=prereview', 'clerk'));
  const row = inbox.items.find((x) => x.id === id);
  assert.ok(row, 'in the inbox');
  assert.ok(row.actions.includes('accept') && row.actions.includes('notice'));
  assert.notEqual(row.applicant.name, null);
  await problem(await act(id, 'notice', { notice: [] }, 'clerk'), 422, 'notice');
  await problem(await act(id, 'notice', {}, 'clerk'), 422, 'notice');
  const noticed = await ok(await act(id, 'notice', { notice: [
    { material: mats.materials[0].name, problem: '缺少签名 / not signed' },
    { material: '法定代表人居民身份证', problem: '复印件不清晰 / the copy is unreadable' },
  ] }, 'clerk'));
  assert.equal(noticed.state, 'notice');
  const seen = await ok(await get(`/api/v1/cases/${id}`, 'citizen'));
  assert.equal(seen.notice.items.length, 2);
  assert.ok(seen.actions.includes('supplement'));

  // the citizen answers: another upload, attached, supplement
  const png = await ok(await upload('身份证.png', PNG), 201);
  assert.equal(png.mime, 'image/png');
  await ok(await post(`/api/v1/cases/${id}/materials`, { material_key: mats.materials[0].key, file_id: png.id }, 'citizen'), 201);
  const supplemented = await ok(await act(id, 'supplement', {}, 'citizen'));
  assert.equal(supplemented.state, 'supplemented');
  // at most one notice per case
  await problem(await act(id, 'notice', { notice: [{ material: 'x', problem: 'y' }] }, 'clerk'), 409, 'action');

  // acceptance: due = add_workdays(accept day, limit)
  const accepted = await ok(await act(id, 'accept', {}, 'clerk'));
  assert.equal(accepted.state, 'accepted');
  assert.equal(accepted.clock.limit_days, lic.promised_days);
  const acceptDay = await receiptDay(accepted.clock.accepted_at);
  const add = await ok(await get(`/api/v1/workdays/add?date=${acceptDay}&n=${accepted.clock.limit_days}`));
  assert.equal(accepted.clock.due, add.result);
  assert.equal(accepted.clock.deadline, 'decision');
  assert.equal(typeof accepted.clock.days_left, 'number');

  // review, a refused 11-day extension, an extension, the decision
  const wl = await ok(await get('/api/v1/cases/worklist', 'approver'));
  assert.ok(wl.items.some((x) => x.id === id), 'on the approver\'s worklist');
  await ok(await act(id, 'review', {}, 'approver'));
  await problem(await act(id, 'extend', { days: 11, reason: '需要现场核查' }, 'approver'), 422, 'days');
  await problem(await act(id, 'extend', { days: 3 }, 'approver'), 422, 'reason');
  const ext = await ok(await act(id, 'extend', { days: 3, reason: '需要现场核查 / on-site inspection' }, 'approver'));
  assert.equal(ext.state, 'extended');
  assert.equal(ext.clock.extended_days, 3);
  const later = await ok(await get(`/api/v1/workdays/add?date=${accepted.clock.due}&n=3`));
  assert.equal(ext.clock.due, later.result);
  await problem(await act(id, 'extend', { days: 1, reason: 'again' }, 'approver'), 409, 'action');
  const decided = await ok(await act(id, 'approve', {}, 'approver'));
  assert.equal(decided.state, 'decided');
  assert.equal(decided.decision, 'approved');

  // completion and delivery by post with the tracking number
  const done = await ok(await act(id, 'complete', {}, 'clerk'));
  assert.equal(done.state, 'completed');
  assert.equal(done.clock.on_time, true);
  await problem(await act(id, 'deliver', { method: 'post' }, 'clerk'), 422, 'tracking');
  await problem(await act(id, 'deliver', { method: 'drone' }, 'clerk'), 422, 'method');
  const delivered = await ok(await act(id, 'deliver', { method: 'post', tracking: 'EMS1234567890CN' }, 'clerk'));
  assert.equal(delivered.state, 'delivered');
  assert.equal(delivered.delivery.method, 'post');
  assert.equal(delivered.delivery.tracking, 'EMS1234567890CN');
  assert.deepEqual(delivered.actions, []);

  // an illegal transition: 409 naming the action, nothing changed
  const before = await ok(await get(`/api/v1/cases/${id}`, 'citizen'));
  const p = await problem(await act(id, 'accept', {}, 'clerk'), 409, 'action');
  assert.match(p.detail, /accept/);
  await problem(await act(id, 'withdraw', { reason: 'late' }, 'citizen'), 409, 'action');
  const after = await ok(await get(`/api/v1/cases/${id}`, 'citizen'));
  assert.equal(after.state, 'delivered');
  assert.equal(after.updated_at, before.updated_at);

  // the timeline: every step, who and where
  const tl = await ok(await get(`/api/v1/cases/${id}/timeline`, 'citizen'));
  const steps = tl.events.map((e) => e.action);
  for (const a of ['submit', 'notice', 'supplement', 'accept', 'review', 'extend', 'approve', 'complete', 'deliver'])
    assert.ok(steps.includes(a), `timeline has ${a}: ${steps}`);
  const acc = tl.events.find((e) => e.action === 'accept');
  assert.equal(acc.actor_role, 'clerk');
  assert.ok(acc.actor_name);
  assert.equal(acc.to, 'accepted');
  assert.equal(tl.events.find((e) => e.action === 'deliver').note, 'EMS1234567890CN');

  // the applicant sees his own data on the case page; staff masked unless revealed
  assert.equal(after.revealed, true);
  const staff = await ok(await get(`/api/v1/cases/${id}`, 'approver'));
  assert.equal(staff.revealed, false);
  const revealed = await ok(await get(`/api/v1/cases/${id}?reveal=true`, 'approver'));
  assert.equal(revealed.revealed, true);
  // the staff can read the attached file, the citizen his own upload
  const f = await req('GET', `/api/v1/cases/${id}/files/${file.id}`, { as: 'clerk' });
  assert.equal(f.status, 200);
  assert.equal(f.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await f.arrayBuffer()), PDF);

  // the certificate: Chinese title and the case number, extractable text
  const cert = await req('GET', `/api/v1/cases/${id}/certificate.pdf`, { as: 'citizen' });
  assert.equal(cert.status, 200);
  assert.equal(cert.headers.get('content-type'), 'application/pdf');
  const dir = mkdtempSync(join(tmpdir(), 'onestop-cert-'));
  writeFileSync(join(dir, 'c.pdf'), Buffer.from(await cert.arrayBuffer()));
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.match(text, /准予行政许可决定书/);
  assert.ok(text.includes(draft.no), 'the case number is printed');
  assert.ok(text.includes(lic.name), 'the item name is printed');
  assert.match(text, /核验码/);

  // audit: every transition, and the staff's reads of the case
  const audit = await ok(await get(`/api/v1/audit?object=${encodeURIComponent(`/api/v1/cases/${id}`)}&limit=200`, 'auditor'));
  const actions = audit.items.map((x) => `${x.action} ${x.object} ${x.result}`);
  for (const a of ['submit', 'notice', 'accept', 'review', 'extend', 'approve', 'complete', 'deliver'])
    assert.ok(actions.some((x) => x.startsWith('POST /api/v1/cases/{id}/actions/{action}') && x.includes(`/actions/${a} ok`)), `audited ${a}`);
  const reads = audit.items.filter((x) => x.action === 'GET /api/v1/cases/{id}' && x.result.startsWith('read'));
  assert.ok(reads.some((x) => x.actor_role === 'approver'), 'the approver\'s read is audited');
  assert.ok(audit.items.some((x) => x.action === 'POST /api/v1/cases/{id}/actions/{action}' && x.result.startsWith('refused 409')), 'the refusal is audited');
  // and the counters moved in the same transactions
  assert.ok(Number(sql(`SELECT sum(completed) FROM case_counters WHERE item_id = ${lic.id}`)) >= 1);
});

test('the legal clock: accepted 2026-02-12 with 3 working days is due 2026-02-24', async () => {
  const r = await ok(await get('/api/v1/workdays/add?date=2026-02-12&n=3'));
  assert.equal(r.result, '2026-02-24');
  // the clock of a stored case follows the same rule: a case accepted on
  // 2026-02-12 (rewritten in the database) keeps due = add_workdays(day, limit)
  const { lic } = await catalog();
  const c = await ok(await post('/api/v1/cases', { item_id: lic.id, applicant_name: '王五', id_number: idNumber('1979-09-09', '515') }, 'clerk'), 201);
  assert.equal(c.channel, 'window');
  assert.equal(c.state, 'received');
  const a = await ok(await act(c.id, 'accept', {}, 'clerk'));
  const accDay = await receiptDay(a.clock.accepted_at);
  assert.equal(a.clock.due, (await ok(await get(`/api/v1/workdays/add?date=${accDay}&n=${a.clock.limit_days}`))).result);
  // 2026-02-12 10:00 Beijing time; 3 working days; due as the store writes it
  sql(`UPDATE cases SET accepted_at = 1770861600, limit_days = 3, due = CAST(julianday('2026-02-24') - julianday('1970-01-01') AS INTEGER) WHERE id = ${c.id}`);
  const back = await ok(await get(`/api/v1/cases/${c.id}`, 'clerk'));
  assert.equal(back.clock.due, '2026-02-24');
  assert.equal(back.clock.warning, 'red', 'long overdue today');
  assert.ok(back.clock.days_left < 0);
});

test('an immediate item is completed at the window', async () => {
  const { imm } = await catalog();
  const c = await ok(await post('/api/v1/cases', { item_id: imm.id, applicant_name: '李四', id_number: idNumber('1988-08-08', '123'), phone: '13900001111' }, 'clerk'), 201);
  assert.equal(c.state, 'received');
  assert.equal(c.item.immediate, true);
  assert.ok(c.window_id, 'the clerk\'s window is recorded');
  assert.ok(c.actions.includes('complete_now'));
  assert.equal(c.applicant.phone === '13900001111', false, 'masked in lists and staff views');
  const done = await ok(await act(c.id, 'complete_now', {}, 'clerk'));
  assert.equal(done.state, 'completed');
  assert.equal(done.decision, 'approved');
  assert.equal(done.clock.on_time, true);
  const cert = await req('GET', `/api/v1/cases/${c.id}/certificate.pdf`, { as: 'clerk' });
  assert.equal(cert.status, 200);
  await cert.arrayBuffer();
  // a promised item cannot be completed at once
  const { lic } = await catalog();
  const p = await ok(await post('/api/v1/cases', { item_id: lic.id, applicant_name: '李四', id_number: idNumber('1988-08-08', '123') }, 'clerk'), 201);
  assert.ok(!p.actions.includes('complete_now'));
  await problem(await act(p.id, 'complete_now', {}, 'clerk'), 409, 'action');
  // no certificate before the decision
  await problem(await req('GET', `/api/v1/cases/${p.id}/certificate.pdf`, { as: 'clerk' }), 409);
});

test('a bundle fans out to one case per item, derives its state and is delivered once', async () => {
  const { bundle } = await catalog();
  const person = { applicant_name: '赵大爷', id_number: idNumber('1950-02-03', '311'), phone: '13700007777', address: '永定区王家坪镇' };
  const app = await ok(await post(`/api/v1/bundles/${bundle.id}/apply`, person, 'clerk', { 'Idempotency-Key': 'bundle-1' }), 201);
  assert.equal(app.cases.length, bundle.items.length);
  const depts = new Set(app.cases.map((c) => c.department.id));
  assert.ok(depts.size >= 2, 'several departments');
  assert.ok(app.cases.every((c) => c.bundle_app_id === app.bundle_app_id && c.state === 'received'));
  assert.equal(app.state, 'received');
  // a retry of the same application gives the same one
  const again = await req('POST', `/api/v1/bundles/${bundle.id}/apply`, { body: person, as: 'clerk', headers: { 'Idempotency-Key': 'bundle-1' } });
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.equal((await ok(again, 201)).bundle_app_id, app.bundle_app_id);
  // delivery before everything is completed is refused
  await problem(await post(`/api/v1/bundle-applications/${app.bundle_app_id}/deliver`, { method: 'post', tracking: 'EMS0000000001CN' }, 'clerk'), 409);
  const approverOf = { [sql("SELECT id FROM departments WHERE code = 'YD-CL'")]: 'approver.cl', [sql("SELECT id FROM departments WHERE code = 'YD-MZ'")]: 'approver.mz' };
  for (const c of app.cases) {
    const apr = approverOf[c.department.id];
    assert.ok(apr, `an approver for department ${c.department.name}`);
    await ok(await act(c.id, 'accept', {}, 'clerk'));
    // the derived state is the least advanced case
    await ok(await act(c.id, 'review', {}, apr));
    await ok(await act(c.id, 'approve', {}, apr));
    await ok(await act(c.id, 'complete', {}, 'clerk'));
    const mid = await ok(await get(`/api/v1/bundle-applications/${app.bundle_app_id}`, 'clerk'));
    const least = mid.cases.some((x) => x.state === 'received') ? 'received' : 'completed';
    assert.equal(mid.state, least);
  }
  const ready = await ok(await get(`/api/v1/bundle-applications/${app.bundle_app_id}`, 'clerk'));
  assert.equal(ready.state, 'completed');
  assert.deepEqual(ready.actions, ['deliver']);
  await problem(await post(`/api/v1/bundle-applications/${app.bundle_app_id}/deliver`, { method: 'post' }, 'clerk'), 422, 'tracking');
  const done = await ok(await post(`/api/v1/bundle-applications/${app.bundle_app_id}/deliver`, { method: 'post', tracking: 'EMS0000000002CN' }, 'clerk'));
  assert.equal(done.state, 'delivered');
  assert.equal(done.delivery.tracking, 'EMS0000000002CN');
  assert.ok(done.cases.every((c) => c.state === 'delivered'));
  // an unknown bundle
  await problem(await post('/api/v1/bundles/999999/apply', person, 'clerk'), 404);
});

test('exactly once: replay, another body, concurrent double submit', async () => {
  const { lic, imm } = await catalog();
  const count = () => Number(sql('SELECT count(*) FROM cases'));
  const body = { item_id: lic.id, form: formFor(lic) };
  const n0 = count();
  const first = await req('POST', '/api/v1/cases', { body, as: 'citizen', headers: { 'Idempotency-Key': 'once-A' } });
  const a = await ok(first, 201);
  assert.equal(first.headers.get('idempotent-replayed'), null);
  const second = await req('POST', '/api/v1/cases', { body, as: 'citizen', headers: { 'Idempotency-Key': 'once-A' } });
  assert.equal(second.headers.get('idempotent-replayed'), 'true');
  assert.equal((await ok(second, 201)).id, a.id);
  assert.equal(count(), n0 + 1, 'one row');
  assert.equal(sql("SELECT count(*) FROM idempotency_keys WHERE key = 'once-A' AND resource_id = " + a.id), '1');
  // the work committed but its response was never stored (a crash between
  // the two): the retry renders the case it created
  sql(`UPDATE idempotency_keys SET status = NULL, response = NULL, created_at = created_at - 3600 WHERE key = 'once-A' AND resource_id = ${a.id}`);
  const third = await req('POST', '/api/v1/cases', { body, as: 'citizen', headers: { 'Idempotency-Key': 'once-A' } });
  assert.equal(third.headers.get('idempotent-replayed'), 'true');
  assert.equal((await ok(third, 201)).id, a.id);
  assert.equal(count(), n0 + 1, 'still one row');
  // the same key with another body
  await problem(await req('POST', '/api/v1/cases', { body: { item_id: imm.id }, as: 'citizen', headers: { 'Idempotency-Key': 'once-A' } }), 422, 'Idempotency-Key');
  // the key is per account: the enterprise may use the same text
  const other = await ok(await req('POST', '/api/v1/cases', { body, as: 'enterprise', headers: { 'Idempotency-Key': 'once-A' } }), 201);
  assert.notEqual(other.id, a.id);
  // a bad key
  await problem(await req('POST', '/api/v1/cases', { body, as: 'citizen', headers: { 'Idempotency-Key': 'x'.repeat(256) } }), 422, 'Idempotency-Key');
  // a double click: two requests at once, one case
  const n1 = count();
  const both = await Promise.all([0, 1, 2].map(() => req('POST', '/api/v1/cases', { body, as: 'citizen', headers: { 'Idempotency-Key': 'once-B' } })));
  const statuses = both.map((r) => r.status);
  const made = await Promise.all(both.map((r) => r.json()));
  assert.ok(statuses.every((x) => x === 201 || x === 409), statuses.join());
  assert.ok(statuses.includes(201));
  const ids = new Set(made.filter((x) => x.id).map((x) => x.id));
  assert.equal(ids.size, 1, 'every success names the same case');
  for (const [i, r] of both.entries()) if (r.status === 409) assert.equal(made[i].field, 'Idempotency-Key');
  assert.equal(count(), n1 + 1, 'one case for the double submit');
  // a failed attempt gives the key back: a retry may succeed
  await problem(await req('POST', '/api/v1/cases', { body: { item_id: 99999999 }, as: 'citizen', headers: { 'Idempotency-Key': 'once-C' } }), 422, 'item_id');
  await ok(await req('POST', '/api/v1/cases', { body, as: 'citizen', headers: { 'Idempotency-Key': 'once-C' } }), 201);
});

test('bad inputs name the field and change nothing', async () => {
  const { lic } = await catalog();
  const n0 = Number(sql('SELECT count(*) FROM cases'));
  await problem(await post('/api/v1/cases', { item_id: 99999999 }, 'citizen'), 422, 'item_id');
  await problem(await post('/api/v1/cases', { item_id: lic.id, form: [1, 2] }, 'citizen'), 422, 'form');
  await problem(await post('/api/v1/cases', { item_id: lic.id, form: '{"a":' }, 'citizen'), 422, 'form');
  await problem(await post('/api/v1/cases', { item_id: lic.id, colour: 'red' }, 'citizen'), 422, 'colour');
  await problem(await post('/api/v1/cases', { item_id: lic.id }, 'clerk'), 422, 'applicant_name');
  await problem(await post('/api/v1/cases', { item_id: lic.id, applicant_name: '王五' }, 'clerk'), 422, 'id_number');
  const good = idNumber('1979-09-09', '515');
  const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  await problem(await post('/api/v1/cases', { item_id: lic.id, applicant_name: '王五', id_number: bad }, 'clerk'), 422, 'id_number');
  await problem(await post('/api/v1/cases', { item_id: lic.id, applicant_name: '王五', id_number: idNumber('1979-09-09'), site_id: 2 }, 'clerk'), 422, 'site_id');
  await problem(await post('/api/v1/cases', { item_id: lic.id, site_id: 999999 }, 'citizen'), 422, 'site_id');
  // an item that cannot be applied for online
  const low = await ok(await get('/api/v1/catalog/items?depth=2&limit=1'));
  if (low.items.length) await problem(await post('/api/v1/cases', { item_id: low.items[0].id }, 'citizen'), 422, 'item_id');
  assert.equal(Number(sql('SELECT count(*) FROM cases')), n0, 'no case was created');
  // a form sent as JSON text is taken as the object
  const t = await ok(await post('/api/v1/cases', { item_id: lic.id, form: JSON.stringify({ ...formFor(lic), company_name: '文本表单' }) }, 'citizen'), 201);
  assert.equal((await ok(await get(`/api/v1/cases/${t.id}`, 'citizen'))).form.company_name, '文本表单');
  // uploads are checked by content, not by name
  await problem(await upload('fake.pdf', Buffer.from('this is not a PDF at all')), 422, 'content_base64');
  await problem(await post('/api/v1/files', { name: 'x.pdf', content_base64: '***' }, 'citizen'), 422, 'content_base64');
  await problem(await upload('a/b.pdf', PDF), 422, 'name');
  // the upload route takes up to 4 MiB (more than the default body cap of
  // 1 MiB); one byte more is refused, and other routes keep the default
  const big = (n) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(n - 16, 0x20), Buffer.from('\n%%EOF\n')]);
  const four = await ok(await upload('big.pdf', big(4 * 1024 * 1024)), 201);
  assert.equal(four.size, 4 * 1024 * 1024);
  await problem(await upload('bigger.pdf', big(4 * 1024 * 1024 + 1)), 413, 'content_base64');
  const huge = await post('/api/v1/cases', { item_id: lic.id, address: 'x'.repeat(2 * 1024 * 1024) }, 'citizen');
  assert.equal(huge.status, 413);
  await huge.arrayBuffer();
  // unknown actions, unknown materials, someone else's file
  await problem(await act(t.id, 'teleport', {}, 'citizen'), 404, 'action');
  await problem(await post(`/api/v1/cases/${t.id}/materials`, { material_key: 'no-such-material', file_id: 1 }, 'citizen'), 422);
  const theirs = await ok(await upload('e.pdf', PDF, 'enterprise'), 201);
  const m = await ok(await get(`/api/v1/cases/${t.id}/materials`, 'citizen'));
  await problem(await post(`/api/v1/cases/${t.id}/materials`, { material_key: m.materials[0].key, file_id: theirs.id }, 'citizen'), 422, 'file_id');
  await problem(await req('GET', `/api/v1/files/${theirs.id}`, { as: 'citizen' }), 404);
  // the wrong actor: a citizen cannot accept his own case
  await problem(await act(t.id, 'accept', {}, 'citizen'), 409, 'action'); // a draft is not acceptable
  const f = await ok(await upload('t.pdf', PDF), 201);
  await attachRequired(t.id, f.id);
  await ok(await act(t.id, 'submit', {}, 'citizen'));
  await problem(await act(t.id, 'accept', {}, 'citizen'), 403, 'action');
  // a body for a route that checks bodies: notice only on the notice action
  await problem(await act(t.id, 'accept', { notice: [{ material: 'a', problem: 'b' }] }, 'clerk'), 422, 'notice');
  assert.equal((await ok(await get(`/api/v1/cases/${t.id}`, 'citizen'))).state, 'prereview');
});

test('withdrawal, reuse of earlier files, the lists', async () => {
  const { lic } = await catalog();
  const c = await ok(await post('/api/v1/cases', { item_id: lic.id }, 'citizen'), 201);
  const w = await ok(await act(c.id, 'withdraw', { reason: '不再需要 / no longer needed' }, 'citizen'));
  assert.equal(w.state, 'withdrawn');
  assert.deepEqual(w.actions, []);
  await problem(await act(c.id, 'withdraw', {}, 'citizen'), 409, 'action');
  // the citizen's files for reuse, newest first, his own only
  const files = await ok(await get('/api/v1/files', 'citizen'));
  assert.ok(files.items.length >= 2);
  assert.ok(files.items.every((f) => f.mime && f.sha256));
  const one = await req('GET', `/api/v1/files/${files.items[0].id}`, { as: 'citizen' });
  assert.equal(one.status, 200);
  assert.match(one.headers.get('content-type'), /^(application\/pdf|image\/png)$/);
  await one.arrayBuffer();
  // the same bytes again give the same file
  const again = await ok(await upload('again.pdf', PDF), 201);
  assert.ok(files.items.some((f) => f.id === again.id));
  // my cases: newest first, masked
  const mine = await ok(await get('/api/v1/my/cases?limit=200', 'citizen'));
  assert.ok(mine.items.some((x) => x.id === c.id));
  const ids = mine.items.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
  await problem(await get('/api/v1/my/cases?state=nonsense', 'citizen'), 422, 'state');
  // worklist: the department's open cases, by deadline
  const wl = await ok(await get('/api/v1/cases/worklist', 'approver'));
  assert.ok(wl.items.every((x) => x.department.id === wl.items[0].department.id));
  const dues = wl.items.filter((x) => ['accepted', 'review', 'extended'].includes(x.state)).map((x) => x.clock.due);
  assert.deepEqual(dues, [...dues].sort());
  // the total is counted up to a cap ("at least" when total_capped); pages are bounded
  assert.equal(wl.total_capped, false);
  assert.ok(wl.total >= wl.items.length);
  const wl2 = await ok(await get('/api/v1/cases/worklist?limit=1&offset=1', 'approver'));
  assert.deepEqual(wl2.items.map((x) => x.id), wl.items.slice(1, 2).map((x) => x.id));
  await problem(await get('/api/v1/cases/worklist?offset=10001', 'approver'), 422, 'offset');
  // another citizen's case is not found
  await problem(await get(`/api/v1/cases/${c.id}`, 'enterprise'), 404);
  await problem(await get(`/api/v1/cases/${c.id}/timeline`, 'proxy'), 404);
});

test('a proxy files on someone\'s behalf', async () => {
  const { lic } = await catalog();
  const citizenId = Number(sql("SELECT id FROM users WHERE login = 'citizen'"));
  const c = await ok(await post('/api/v1/cases', { item_id: lic.id, applicant_name: '田婆婆', id_number: idNumber('1942-06-06', '622'), applicant_user_id: citizenId }, 'proxy'), 201);
  assert.equal(c.channel, 'proxy');
  assert.equal(c.on_behalf, true);
  assert.equal(c.state, 'received');
  assert.ok(c.actions.includes('withdraw'));
  // the relative's account sees it too; the proxy lists it as his
  assert.ok((await ok(await get('/api/v1/my/cases?limit=200', 'citizen'))).items.some((x) => x.id === c.id));
  assert.ok((await ok(await get('/api/v1/my/cases', 'proxy'))).items.some((x) => x.id === c.id));
  await problem(await post('/api/v1/cases', { item_id: lic.id, applicant_name: 'x', id_number: idNumber('1942-06-06', '622'), applicant_user_id: Number(sql("SELECT id FROM users WHERE login = 'clerk'")) }, 'proxy'), 422, 'applicant_user_id');
});

test('deemed acceptance: the sweep accepts cases whose acceptance period ran out', async () => {
  const { lic } = await catalog();
  const c = await ok(await post('/api/v1/cases', { item_id: lic.id, applicant_name: '周五', id_number: idNumber('1970-07-07', '707') }, 'clerk'), 201);
  // received two weeks ago: the 5-working-day period is over
  sql(`UPDATE cases SET received_at = received_at - 14 * 86400, accept_due = accept_due - 14 WHERE id = ${c.id}`);
  const seen = await ok(await get(`/api/v1/cases/${c.id}`, 'clerk'));
  assert.ok(seen.actions.includes('review') === false && !seen.actions.includes('accept'), 'treated as accepted: ' + seen.actions);
  await problem(await post('/api/v1/cases/sweep', {}, 'clerk'), 403);
  const r = await ok(await req('POST', '/api/v1/cases/sweep', { as: 'sysadmin' }));
  assert.ok(r.deemed >= 1, JSON.stringify(r));
  const after = await ok(await get(`/api/v1/cases/${c.id}`, 'clerk'));
  assert.equal(after.state, 'accepted');
  assert.equal(after.clock.deemed, true);
  const tl = await ok(await get(`/api/v1/cases/${c.id}/timeline`, 'clerk'));
  assert.ok(tl.events.some((e) => e.action === 'deem_accept'));
});

test('the server runs the sweep by itself every case_sweep_minutes', async () => {
  const t = await startServer({ args: ['--case_sweep_minutes', '1'] });
  try {
    const clerk = await login(t.url, 'clerk', t.accounts.clerk.password);
    const { lic } = await catalog();
    const res = await fetch(t.url + '/api/v1/cases', { method: 'POST', headers: { Cookie: clerk, 'Content-Type': 'application/json' },
      body: JSON.stringify({ item_id: lic.id, applicant_name: '吴六', id_number: idNumber('1966-06-06', '606') }) });
    const c = await ok(res, 201);
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', t.db, `UPDATE cases SET accept_due = accept_due - 14 WHERE id = ${c.id}`]);
    // the first run comes with the first beat of the main loop (15 s)
    let state = c.state;
    for (let i = 0; i < 60 && state !== 'accepted'; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      state = (await ok(await fetch(t.url + `/api/v1/cases/${c.id}`, { headers: { Cookie: clerk } }))).state;
    }
    assert.equal(state, 'accepted', 'deemed accepted by the periodic sweep');
    assert.match(t.stderr, /case sweep: [1-9]\d* deemed accepted/);
  } finally {
    assert.equal((await t.stop()).code, 0);
  }
});

test('the form is checked against the item: required, types, unknown names; a draft is edited (PATCH) or corrected on submit', async () => {
  const { lic } = await catalog();
  const fields = lic.form_fields;
  const need = fields.find((f) => f.required);
  const idf = fields.find((f) => f.type === 'id_number');
  const n0 = Number(sql('SELECT count(*) FROM cases'));
  const full = formFor(lic);
  const without = { ...full };
  delete without[need.name];
  await problem(await post('/api/v1/cases', { item_id: lic.id, form: without }, 'citizen'), 422, `form.${need.name}`);
  await problem(await post('/api/v1/cases', { item_id: lic.id, form: { ...full, colour: 'red' } }, 'citizen'), 422, 'form.colour');
  const wrongId = full[idf.name].slice(0, 17) + (full[idf.name][17] === '0' ? '1' : '0');
  await problem(await post('/api/v1/cases', { item_id: lic.id, form: { ...full, [idf.name]: wrongId } }, 'citizen'), 422, `form.${idf.name}`);
  await problem(await post('/api/v1/cases', { item_id: lic.id, form: { ...full, [need.name]: 'x'.repeat(201) } }, 'citizen'), 422, `form.${need.name}`);
  if (fields.some((f) => f.type === 'uscc')) {
    const u = fields.find((f) => f.type === 'uscc');
    await problem(await post('/api/v1/cases', { item_id: lic.id, form: { ...full, [u.name]: '91430802MA4L0000XX' } }, 'citizen'), 422, `form.${u.name}`);
  }
  // at the window too
  await problem(await post('/api/v1/cases', { item_id: lic.id, applicant_name: '王五', id_number: idNumber('1979-09-09'), form: without }, 'clerk'), 422, `form.${need.name}`);
  assert.equal(Number(sql('SELECT count(*) FROM cases')), n0, 'nothing stored');

  // a draft saved without a form: submit names the missing field
  const d = await ok(await post('/api/v1/cases', { item_id: lic.id }, 'citizen'), 201);
  const f = await ok(await upload('id.pdf', PDF), 201);
  await attachRequired(d.id, f.id);
  await problem(await act(d.id, 'submit', {}, 'citizen'), 422, `form.${need.name}`);
  // PATCH: the owner only, checked, a draft only
  await problem(await req('PATCH', `/api/v1/cases/${d.id}`, { body: { form: without }, as: 'citizen' }), 422, `form.${need.name}`);
  await problem(await req('PATCH', `/api/v1/cases/${d.id}`, { body: { form: full }, as: 'enterprise' }), 404);
  const p = await ok(await req('PATCH', `/api/v1/cases/${d.id}`, { body: { form: { ...full, [need.name]: '改过的' } }, as: 'citizen' }));
  assert.equal(p.state, 'draft');
  assert.equal((await ok(await get(`/api/v1/cases/${d.id}`, 'citizen'))).form[need.name], '改过的');
  // the submit's own form: checked, then it replaces the draft's
  await problem(await act(d.id, 'submit', { form: { ...full, colour: 1 } }, 'citizen'), 422, 'form.colour');
  await problem(await act(d.id, 'withdraw', { form: full }, 'citizen'), 422, 'form');
  const sub = await ok(await act(d.id, 'submit', { form: { ...full, [need.name]: '提交时改' } }, 'citizen'));
  assert.equal(sub.state, 'prereview');
  assert.equal((await ok(await get(`/api/v1/cases/${d.id}`, 'citizen'))).form[need.name], '提交时改');
  await problem(await req('PATCH', `/api/v1/cases/${d.id}`, { body: { form: full }, as: 'citizen' }), 409, 'form');
});

test('an enterprise at the window is identified by its credit code (GB 32100), masked as a code', async () => {
  const { lic } = await catalog();
  const code = uscc('91430802MA4L7777Q');
  const c = await ok(await post('/api/v1/cases', { item_id: lic.id, applicant_name: '张家界某某公司', id_number: code.toLowerCase(), form: formFor(lic) }, 'clerk'), 201);
  assert.equal(c.applicant.id_number, `${code.slice(0, 8)}******${code.slice(14)}`);
  const full = await ok(await get(`/api/v1/cases/${c.id}?reveal=true`, 'clerk'));
  assert.equal(full.applicant.id_number, code);
  const bad = code.slice(0, 17) + (code[17] === 'A' ? 'B' : 'A');
  await problem(await post('/api/v1/cases', { item_id: lic.id, applicant_name: '某公司', id_number: bad }, 'clerk'), 422, 'id_number');
  // names in English for the pages
  assert.ok(c.department.name_en && c.site.name_en, JSON.stringify([c.department, c.site]));
});

test('the timeline names the filing, the site and the window', async () => {
  const { lic } = await catalog();
  const c = await ok(await post('/api/v1/cases', { item_id: lic.id, applicant_name: '王五', id_number: idNumber('1979-09-09'), form: formFor(lic) }, 'clerk'), 201);
  const tl = await ok(await get(`/api/v1/cases/${c.id}/timeline`, 'clerk'));
  const first = tl.events[0];
  assert.equal(first.action, 'file');
  assert.equal(first.action_zh, '收件');
  assert.equal(first.site.id, c.site.id);
  assert.equal(first.site.name, c.site.name);
  assert.ok(first.site.name_en);
  assert.equal(first.window.number, 1, 'the demo clerk sits at window 1');
  const d = await ok(await post('/api/v1/cases', { item_id: lic.id }, 'citizen'), 201);
  const t2 = await ok(await get(`/api/v1/cases/${d.id}/timeline`, 'citizen'));
  assert.equal(t2.events[0].action, 'file');
  assert.equal(t2.events[0].window, null);
});

test('proxy_request_id is checked: the request exists, the filer serves it, its authorisation covers the item', async () => {
  const { lic, imm } = await catalog();
  const person = { person_name: '向翠兰', id_number: idNumber('1948-09-12', '342'), phone: '13974401234', address: '永定区王家坪镇向家湾村4组7号' };
  const r = await ok(await post('/api/v1/proxy/requests', { kind: 'agency', filer: 'self', ...person, item_id: lic.id, consent: true }, 'citizen'), 201);
  const walkIn = { applicant_name: person.person_name, id_number: person.id_number, form: formFor(lic) };
  const n0 = Number(sql('SELECT count(*) FROM cases'));
  await problem(await post('/api/v1/cases', { item_id: lic.id, ...walkIn, proxy_request_id: 99999999 }, 'proxy'), 422, 'proxy_request_id');
  // a clerk neither serves the request nor is a proxy specialist
  await problem(await post('/api/v1/cases', { item_id: lic.id, ...walkIn, proxy_request_id: r.id }, 'clerk'), 422, 'proxy_request_id');
  // the authorisation names the licensing item only
  const p = await problem(await post('/api/v1/cases', { item_id: imm.id, applicant_name: person.person_name, id_number: person.id_number, proxy_request_id: r.id }, 'proxy'), 422, 'proxy_request_id');
  assert.match(p.detail, /authorisation/);
  assert.equal(Number(sql('SELECT count(*) FROM cases')), n0, 'nothing stored');
  // the proxy specialist of the site files it: linked to the request
  const c = await ok(await post('/api/v1/cases', { item_id: lic.id, ...walkIn, proxy_request_id: r.id }, 'proxy'), 201);
  assert.equal(Number(c.proxy_request_id), r.id);
  assert.equal(sql(`SELECT proxy_request_id FROM cases WHERE id = ${c.id}`), String(r.id));
  // the request's own file_case action still records it
  await ok(await post(`/api/v1/proxy/requests/${r.id}/actions/assign`, {}, 'proxy'));
  const q = await ok(await post(`/api/v1/proxy/requests/${r.id}/actions/file_case`, { case_id: c.id }, 'proxy'));
  assert.equal(q.state, 'cases_filed');
});
