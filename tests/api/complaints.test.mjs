// The complaint window (办不成事反映窗口) over HTTP against the real binary:
// someone not signed in records what could not get done and follows it by
// its lookup token; a coordinator takes it (a second coordinator is refused),
// brings in a department and records its response, contacts the person
// before the deadline, answers with outcome and cause within 15 working days,
// tags it as a typical case; the typical list and the figures show it. Also:
// out-of-scope matters (recorded at the window and explained later), a
// manager's reassignment, who may do what, bad inputs changing nothing, the
// audit rows, sealed phones, and the rate limit for anonymous recording.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, run } from '../lib/server.mjs';
import { apiClient, signInAll, stopClean, ok, problem } from '../lib/api.mjs';

let s;
const who = {}; // cookies by login
const { get, post, sql } = apiClient(() => s, who);
const SECOND = 'complaint.b';
const SECOND_PW = 'a long passphrase for the second coordinator';
before(async () => {
  s = await startServer();
  await signInAll(s, who, ['complaint', 'manager', 'citizen', 'clerk']);
  // a second coordinator at the district center
  const r = run(['user', 'add', '--db', s.db, '--username', SECOND, '--role', 'complaint', '--site', '430802'], { input: SECOND_PW + '\n' });
  assert.equal(r.code, 0, r.stderr);
  who[SECOND] = await login(s.url, SECOND, SECOND_PW);
});
after(() => stopClean(s));

const action = (id, name, body, as = 'complaint') => post(`/api/v1/complaints/${id}/${name}`, body, as);

const dept = (code) => Number(sql(`SELECT id FROM departments WHERE code = '${code}'`));
const anItem = () => Number(sql('SELECT id FROM catalog_items WHERE current_version > 0 ORDER BY id LIMIT 1'));
const events = (id) => Number(sql(`SELECT count(*) FROM complaint_events WHERE complaint_id = ${id}`));
const figures = (as = 'manager') => get('/api/v1/complaints/figures', as).then((r) => ok(r));
const thisMonth = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 7);
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

const PHONE = '13807449911';
async function record(extra = {}, as) {
  return ok(await post('/api/v1/complaints', {
    site_id: 1, item_id: anItem(), summary: '办营业执照变更时窗口要求的材料与网上指南不一致，跑了两趟。',
    contact_name: '向春梅', contact_phone: PHONE, ...extra,
  }, as), 201);
}
const byNo = async (no, view = 'all', as = 'complaint') =>
  (await ok(await get(`/api/v1/complaints?view=${view}&limit=200`, as))).items.find((c) => c.no === no);

test('the story: recorded anonymously → owned → department → contact → answered in time → typical → figures', async () => {
  const before = await figures();
  // 1. someone not signed in records it
  const rec = await record();
  assert.match(rec.no, /^BC-\d{8}-\d{4}$/);
  assert.match(rec.token, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(rec.lookup, `/complaint?t=${rec.token}`);
  assert.equal(rec.state, 'recorded');
  assert.equal(rec.complaint, undefined, 'the public answer carries no staff view');
  // the deadline: 15 working days on the legal calendar
  // (receipt rule: a complaint recorded on a non-working day counts from the next working day)
  const work = await ok(await get(`/api/v1/workdays/is?date=${today()}`));
  const receipt = work.workday ? today() : (await ok(await get(`/api/v1/workdays/add?date=${today()}&n=1`))).result;
  const due = await ok(await get(`/api/v1/workdays/add?date=${receipt}&n=15`));
  assert.equal(rec.due, due.result);
  // the phone and the name are sealed at rest, the token is not stored
  const id = Number(sql(`SELECT id FROM complaints WHERE no = '${rec.no}'`));
  assert.equal(sql(`SELECT instr(phone_enc, '${PHONE}') FROM complaints WHERE id = ${id}`), '0');
  assert.equal(sql(`SELECT count(*) FROM complaints WHERE instr(CAST(phone_enc AS TEXT), '9911') > 0 OR instr(CAST(name_enc AS TEXT), '春梅') > 0`), '0');
  assert.equal(sql(`SELECT count(*) FROM complaints WHERE instr(token_hash, '${rec.token}') > 0`), '0');

  // 2. the person follows it by the token, without signing in
  let pub = await ok(await get(`/api/v1/complaints/t/${rec.token}`));
  assert.equal(pub.no, rec.no);
  assert.equal(pub.state, 'recorded');
  assert.equal(pub.answer, null);
  assert.equal(pub.clock.due, rec.due);

  // 3. the coordinator sees it among the new ones, contact masked
  const listed = await byNo(rec.no, 'new');
  assert.ok(listed, 'in the new list');
  assert.equal(listed.contact.phone, '138****9911');
  assert.equal(listed.contact.name, '向**');
  assert.deepEqual(listed.actions.sort(), ['out_of_scope', 'take']);
  assert.equal(listed.clock.warning, 'ok');
  // the detail shows the contact in full (an audited read)
  const detail = await ok(await get(`/api/v1/complaints/${id}`, 'complaint'));
  assert.equal(detail.contact.phone, PHONE);
  assert.equal(detail.contact.name, '向春梅');
  assert.ok(Number(sql(`SELECT count(*) FROM audit_log WHERE action = 'GET /api/v1/complaints/{id}' AND object = '/api/v1/complaints/${id}' AND result LIKE 'read%'`)) >= 1);

  // 4. takes ownership; a second coordinator is refused and changes nothing
  let c = await ok(await action(id, 'take'));
  assert.equal(c.state, 'owned');
  assert.equal(c.owner.name, s.accounts.complaint.name);
  const n = events(id);
  await problem(await action(id, 'take', undefined, SECOND), 409, 'action');
  await problem(await action(id, 'contact', { note: '我来联系' }, SECOND), 403, 'action');
  assert.equal(events(id), n, 'refusals leave no event');
  assert.equal(sql(`SELECT owner_id FROM complaints WHERE id = ${id}`), sql("SELECT id FROM users WHERE login = 'complaint'"));

  // 5. brings in market supervision and records its response
  const sj = dept('YD-SJ');
  c = await ok(await action(id, 'departments', { department_id: sj, note: '请核实经营场所证明材料要求。' }));
  assert.equal(c.state, 'in_progress');
  assert.equal(c.departments, 1);
  c = await ok(await action(id, 'responses', { department_id: sj, response: '租赁合同即可，已更正指南。' }));
  assert.equal(c.responses, 1);

  // 6. contacts the person before the deadline
  c = await ok(await action(id, 'contact', { note: '电话告知：答复将在三日内给出。' }));
  assert.ok(c.contacted_at > 0);

  // 7. answers: done, missing material rules, in time
  c = await ok(await action(id, 'answer', { outcome: 'done', cause: 'material_rules', answer: '凭租赁合同即可办理，已当日办结。' }));
  assert.equal(c.state, 'answered');
  assert.equal(c.answer.outcome, 'done');
  assert.equal(c.answer.cause, 'material_rules');
  assert.equal(c.answer.cause_zh, '材料规则缺失');
  assert.equal(c.answer.in_time, true);
  assert.equal(c.clock.warning, 'none');

  // 8. the lookup shows the answer and nobody's personal data or notes
  pub = await ok(await get(`/api/v1/complaints/t/${rec.token}`));
  assert.equal(pub.state, 'answered');
  assert.equal(pub.answer.text, '凭租赁合同即可办理，已当日办结。');
  assert.equal(pub.answer.in_time, true);
  assert.equal(pub.contacted, true);
  assert.deepEqual(pub.timeline.map((e) => e.action), ['record', 'take', 'involve', 'contact', 'answer']);
  assert.equal(pub.timeline[2].department, sql(`SELECT name FROM departments WHERE id = ${sj}`));
  const text = JSON.stringify(pub);
  for (const secret of [PHONE, '向春梅', s.accounts.complaint.name, '请核实', '租赁合同即可，已更正', '电话告知'])
    assert.ok(!text.includes(secret), `the lookup does not show ${secret}`);
  assert.equal(pub.contact, undefined);
  assert.equal(pub.owner, undefined);

  // 9. tagged typical with an improvement, then closed
  c = await ok(await action(id, 'tag', { typical: true, improvement: '核对市监类事项的材料清单。' }));
  assert.equal(c.typical, true);
  c = await ok(await action(id, 'close', { note: '群众满意。' }));
  assert.equal(c.state, 'closed');
  assert.deepEqual(c.actions.sort(), ['tag']);

  // the typical list and the figures
  const typical = await byNo(rec.no, 'typical');
  assert.equal(typical.improvement, '核对市监类事项的材料清单。');
  const after = await figures();
  assert.equal(after.total.opened, before.total.opened + 1);
  assert.equal(after.total.answered, before.total.answered + 1);
  assert.equal(after.total.on_time, before.total.on_time + 1);
  assert.equal(after.total.typical, before.total.typical + 1);
  assert.equal(after.total.overdue, before.total.overdue);
  const cause = (f, k) => f.by_cause.find((x) => x.key === k).n;
  const outcome = (f, k) => f.by_outcome.find((x) => x.key === k).n;
  assert.equal(cause(after, 'material_rules'), cause(before, 'material_rules') + 1);
  assert.equal(outcome(after, 'done'), outcome(before, 'done') + 1);
  const month = (f) => f.by_month.find((m) => m.month === thisMonth()) ?? { opened: 0 };
  assert.equal(month(after).opened, month(before).opened + 1);
  const site1 = (f) => f.by_site.find((x) => x.site_id === 1) ?? { answered: 0 };
  assert.equal(site1(after).answered, site1(before).answered + 1);
  const t = after.typical.find((x) => x.no === rec.no);
  assert.ok(t, 'in the typical cases for improvement');
  assert.equal(t.cause, 'material_rules');
  assert.ok(!JSON.stringify(after).includes(PHONE));
  // the counters equal a recount of the rows
  assert.equal(String(after.total.opened), sql(`SELECT count(*) FROM complaints WHERE recorded_day BETWEEN ${dayNo(after.from + '-01')} AND ${dayNo(lastDay(after.to))}`));

  // the timeline: who, when, what
  const full = await ok(await get(`/api/v1/complaints/${id}`, 'complaint'));
  assert.deepEqual(full.timeline.map((e) => e.action), ['record', 'take', 'involve', 'respond', 'contact', 'answer', 'tag', 'close']);
  assert.equal(full.timeline[0].actor, null, 'recorded anonymously');
  assert.equal(full.timeline[1].actor.name, s.accounts.complaint.name);
  assert.equal(full.timeline[3].note, '租赁合同即可，已更正指南。');
  assert.ok(full.timeline.every((e) => e.at > 0));
  assert.equal(full.department_list[0].response, '租赁合同即可，已更正指南。');
  // every action audited with its request
  for (const p of ['take', 'departments', 'responses', 'contact', 'answer', 'tag', 'close'])
    assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'POST /api/v1/complaints/{id}/${p}' AND object = '/api/v1/complaints/${id}/${p}' AND result = 'ok'`), '1', p);
  assert.ok(Number(sql("SELECT count(*) FROM audit_log WHERE action = 'POST /api/v1/complaints' AND actor_role = 'anonymous' AND result = 'ok'")) >= 1);
});

function dayNo(iso) {
  return Math.round(Date.parse(iso + 'T00:00:00Z') / 86400e3);
}
function lastDay(ym) {
  const [y, m] = ym.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

test('out of scope: recorded at the window and explained; or explained after recording', async () => {
  const before = await figures();
  // the coordinator at the window, for someone in front of him
  const w = await record({ channel: 'window', scope: 'lawsuit', summary: '要求撤销法院判决。', explanation: '已进入司法程序，请依法上诉或申请再审。' }, 'complaint');
  assert.equal(w.state, 'answered');
  assert.equal(w.complaint.channel, 'window');
  assert.equal(w.complaint.answer.outcome, 'explained');
  assert.equal(w.complaint.answer.scope, 'lawsuit');
  assert.equal(w.complaint.answer.cause, 'none');
  assert.equal(w.complaint.answer.in_time, true);
  const pub = await ok(await get(`/api/v1/complaints/t/${w.token}`));
  assert.equal(pub.answer.scope_zh, '涉诉');
  assert.equal(pub.answer.text, '已进入司法程序，请依法上诉或申请再审。');
  // only coordinators record out-of-scope matters or at the window
  await problem(await post('/api/v1/complaints', { site_id: 1, summary: 'x', scope: 'petition', explanation: 'y' }), 422, 'scope');
  await problem(await post('/api/v1/complaints', { site_id: 1, summary: 'x', channel: 'window' }, 'citizen'), 422, 'channel');
  await problem(await post('/api/v1/complaints', { site_id: 1, summary: 'x', scope: 'petition' }, 'complaint'), 422, 'explanation');
  // recorded online, then explained as a private dispute by a coordinator
  const r = await record({ summary: '邻居占用我家宅基地，请窗口处理。' }, 'citizen');
  const id = (await byNo(r.no, 'new')).id;
  await problem(await action(id, 'out-of-scope', { scope: 'in_scope', explanation: 'x' }), 422, 'scope');
  const c = await ok(await action(id, 'out-of-scope', { scope: 'private_dispute', explanation: '属民事纠纷，可申请人民调解或向法院起诉。' }, SECOND));
  assert.equal(c.state, 'answered');
  assert.equal(c.owner.id, Number(sql(`SELECT id FROM users WHERE login = '${SECOND}'`)));
  assert.equal(sql(`SELECT owner_id FROM complaints WHERE id = ${id}`), sql(`SELECT id FROM users WHERE login = '${SECOND}'`));
  const after = await figures();
  assert.equal(after.total.out_of_scope, before.total.out_of_scope + 2);
  const scope = (f, k) => f.by_scope.find((x) => x.key === k).n;
  assert.equal(scope(after, 'lawsuit'), scope(before, 'lawsuit') + 1);
  assert.equal(scope(after, 'private_dispute'), scope(before, 'private_dispute') + 1);
});

test('a manager reassigns; the work follows the owner', async () => {
  const r = await record({ summary: '公积金提取要求单位证明，单位已注销。' });
  const id = (await byNo(r.no, 'new')).id;
  // a manager may not take, only assign
  await problem(await action(id, 'take', undefined, 'manager'), 403);
  await ok(await action(id, 'take'));
  const coords = await ok(await get('/api/v1/complaints/coordinators', 'manager'));
  const second = coords.items.find((x) => x.id === Number(sql(`SELECT id FROM users WHERE login = '${SECOND}'`)));
  assert.ok(second, 'the second coordinator is listed');
  const mine = coords.items.find((x) => x.name === s.accounts.complaint.name);
  assert.ok(mine.open >= 1);
  await problem(await action(id, 'assign', { owner_id: second.id }, 'complaint'), 403);
  await problem(await action(id, 'assign', { owner_id: Number(sql("SELECT id FROM users WHERE login = 'clerk'")) }, 'manager'), 422, 'owner_id');
  const c = await ok(await action(id, 'assign', { owner_id: second.id }, 'manager'));
  assert.equal(c.owner.id, second.id);
  // the former owner may no longer act; the new owner does
  await problem(await action(id, 'contact', { note: '联系' }), 403, 'action');
  const mineNow = await ok(await get('/api/v1/complaints?view=mine', SECOND));
  assert.ok(mineNow.items.some((x) => x.id === id));
  const a = await ok(await action(id, 'answer', { outcome: 'referred', cause: 'policy', answer: '已转公积金中心按注销单位政策处理。', referred_to: '市住房公积金中心永定管理部' }, SECOND));
  assert.equal(a.answer.referred_to, '市住房公积金中心永定管理部');
  const detail = await ok(await get(`/api/v1/complaints/${id}`, 'manager'));
  const assign = detail.timeline.find((e) => e.action === 'assign');
  assert.equal(assign.actor.role, 'manager');
  assert.equal(assign.target, second.name);
});

test('bad inputs get 422 naming the field and change nothing', async () => {
  const count = () => sql('SELECT count(*) || \'/\' || (SELECT count(*) FROM complaint_events) || \'/\' || (SELECT coalesce(sum(opened), 0) FROM complaint_counters) FROM complaints');
  const n0 = count();
  await problem(await post('/api/v1/complaints', { site_id: 1 }), 422, 'summary');
  await problem(await post('/api/v1/complaints', { site_id: 1, summary: '   ' }), 422, 'summary');
  await problem(await post('/api/v1/complaints', { site_id: 1, summary: 'a\u0007b' }), 422, 'summary');
  await problem(await post('/api/v1/complaints', { summary: 'x' }), 422, 'site_id');
  await problem(await post('/api/v1/complaints', { site_id: 999999, summary: 'x' }), 422, 'site_id');
  await problem(await post('/api/v1/complaints', { site_id: 1, item_id: 99999999, summary: 'x' }), 422, 'item_id');
  await problem(await post('/api/v1/complaints', { site_id: 1, summary: 'x', contact_phone: 'call me' }), 422, 'contact_phone');
  await problem(await post('/api/v1/complaints', { site_id: 1, summary: 'x', contact_phone: '123' }), 422, 'contact_phone');
  await problem(await post('/api/v1/complaints', { site_id: 1, summary: 'x', channel: 'postal' }), 422, 'channel');
  await problem(await post('/api/v1/complaints', { site_id: 1, summary: 'x', explanation: 'y' }), 422, 'explanation');
  await problem(await post('/api/v1/complaints', { site_id: 1, summary: 'x'.repeat(2001) }), 422, 'summary');
  await problem(await post('/api/v1/complaints', { site_id: 1, summary: 'x', owner_id: 3 }), 422, 'owner_id');
  assert.equal(count(), n0, 'nothing recorded');

  const r = await record({ summary: '测试错误输入。' });
  const id = (await byNo(r.no, 'new')).id;
  const n1 = events(id);
  await problem(await action(id, 'answer', { outcome: 'done', cause: 'staff', answer: 'x' }), 409, 'action'); // not owned yet
  await ok(await action(id, 'take'));
  const n2 = events(id);
  const state = () => sql(`SELECT state || '/' || coalesce(answered_at, '') || '/' || outcome || cause FROM complaints WHERE id = ${id}`);
  const s0 = state();
  await problem(await action(id, 'answer', { outcome: 'great', cause: 'staff', answer: 'x' }), 422, 'outcome');
  await problem(await action(id, 'answer', { outcome: 'done', cause: 'weather', answer: 'x' }), 422, 'cause');
  await problem(await action(id, 'answer', { outcome: 'done', cause: 'none', answer: 'x' }), 422, 'cause');
  await problem(await action(id, 'answer', { outcome: 'done', answer: 'x' }), 422, 'cause');
  await problem(await action(id, 'answer', { outcome: 'done', cause: 'staff', answer: ' ' }), 422, 'answer');
  await problem(await action(id, 'answer', { outcome: 'referred', cause: 'staff', answer: 'x' }), 422, 'referred_to');
  await problem(await action(id, 'departments', { department_id: 999999, note: 'x' }), 422, 'department_id');
  await problem(await action(id, 'departments', { department_id: dept('YD-SJ') }), 422, 'note');
  await problem(await action(id, 'responses', { department_id: dept('YD-CL'), response: 'x' }), 409, 'action'); // nobody brought in
  await problem(await action(id, 'contact', {}), 422, 'note');
  await problem(await action(id, 'tag', { typical: true, improvement: 'x' }), 409, 'action'); // not answered yet
  await problem(await action(id, 'close', {}), 409, 'action');
  assert.equal(state(), s0);
  assert.equal(events(id), n2);
  assert.equal(n2, n1 + 1);
  // a response only from a department brought in; a department only once
  await ok(await action(id, 'departments', { department_id: dept('YD-SJ'), note: '请核实。' }));
  await problem(await action(id, 'departments', { department_id: dept('YD-SJ'), note: '再次' }), 422, 'department_id');
  await problem(await action(id, 'responses', { department_id: dept('YD-CL'), response: 'x' }), 422, 'department_id');
  await problem(await action(id, 'responses', { department_id: dept('YD-SJ'), response: '' }), 422, 'response');
  assert.equal(events(id), n2 + 1);
  // answered: tagging as typical needs the improvement
  await ok(await action(id, 'answer', { outcome: 'explained', cause: 'staff', answer: '已向您说明并致歉。' }));
  await problem(await action(id, 'tag', { typical: true }), 422, 'improvement');
  await problem(await action(id, 'answer', { outcome: 'done', cause: 'staff', answer: 'again' }), 409, 'action');
  // queries
  await problem(await get('/api/v1/complaints?view=everything', 'complaint'), 422, 'view');
  await problem(await get('/api/v1/complaints/figures?from=2026-13', 'manager'), 422, 'from');
  await problem(await get('/api/v1/complaints/figures?from=2026-05&to=2026-04', 'manager'), 422, 'to');
  await problem(await get('/api/v1/complaints/figures?color=red', 'manager'), 400, 'color');
  // lookups with a wrong token find nothing
  await problem(await get('/api/v1/complaints/t/AAAAAAAAAAAAAAAAAAAAAA'), 404);
  await problem(await get('/api/v1/complaints/t/short'), 404);
  await problem(await get('/api/v1/complaints/999999', 'complaint'), 404);
});

test('who may reach the workbench', async () => {
  await problem(await get('/api/v1/complaints'), 401);
  await problem(await get('/api/v1/complaints', 'citizen'), 403);
  await problem(await get('/api/v1/complaints/1', 'clerk'), 403);
  await problem(await get('/api/v1/complaints/figures', 'citizen'), 403);
  await problem(await action(1, 'take', undefined, 'citizen'), 403);
  // a township's coordinator reaches its township (and villages) only: a
  // district complaint is someone else's object (404, as if absent)
  const r0 = run(['user', 'add', '--db', s.db, '--username', 'complaint.town', '--role', 'complaint', '--site', '430802001'], { input: SECOND_PW + '\n' });
  assert.equal(r0.code, 0, r0.stderr);
  who.town = await login(s.url, 'complaint.town', SECOND_PW);
  const all = await ok(await get('/api/v1/complaints?view=all&limit=200', 'town'));
  assert.ok(all.items.length >= 1, 'the demo has a township complaint');
  const below = new Set(sql("SELECT id FROM sites WHERE id = 2 OR parent_id = 2").split('\n').map(Number));
  assert.ok(all.items.every((c) => below.has(c.site.id)), 'only its own sites');
  const district = Number(sql("SELECT id FROM complaints WHERE site_id = 1 AND state = 1 ORDER BY id LIMIT 1"));
  const before = sql(`SELECT state || coalesce(owner_id, '') FROM complaints WHERE id = ${district}`);
  await problem(await get(`/api/v1/complaints/${district}`, 'town'), 404);
  await problem(await action(district, 'take', undefined, 'town'), 404);
  await problem(await action(district, 'out-of-scope', { scope: 'petition', explanation: 'x' }, 'town'), 404);
  assert.equal(sql(`SELECT state || coalesce(owner_id, '') FROM complaints WHERE id = ${district}`), before);
  await problem(await get('/api/v1/complaints?site_id=1', 'town'), 422, 'site_id');
  const f = await ok(await get('/api/v1/complaints/figures', 'town'));
  assert.ok(f.by_site.every((x) => below.has(x.site_id)));
  assert.ok(Number(sql("SELECT count(*) FROM audit_log WHERE actor_role = 'complaint' AND result LIKE 'denied 404%'")) >= 3, 'the denials are audited');
  // anyone signed in may record (a clerk on someone's behalf too)
  const r = await record({ summary: '窗口代为登记：群众反映叫号机故障。' }, 'clerk');
  assert.equal(r.state, 'recorded');
});

test('the demo: complaints in every state, the warning stage and overdue ones', async () => {
  const open = await ok(await get('/api/v1/complaints?view=open&limit=200', 'complaint'));
  const warnings = new Set(open.items.map((c) => c.clock.warning));
  assert.ok(warnings.has('warn'), 'one in its warning stage');
  assert.ok(warnings.has('overdue'), 'one overdue');
  const states = new Set((await ok(await get('/api/v1/complaints?view=all&limit=200', 'complaint'))).items.map((c) => c.state));
  for (const st of ['recorded', 'owned', 'in_progress', 'answered', 'closed']) assert.ok(states.has(st), st);
  const f = await figures();
  assert.ok(f.total.overdue >= 2, 'the late answer and the open overdue one');
  assert.ok(f.typical.length >= 2);
  assert.ok(f.by_scope.find((x) => x.key === 'lawsuit').n >= 1);
  // sorted by deadline
  const dues = open.items.map((c) => c.clock.due);
  assert.deepEqual(dues, [...dues].sort());
});

test('anonymous recording is rate-limited per address', async () => {
  const t = await startServer({ demo: false, args: ['--rate_ticket_per_hour', '2'] });
  try {
    const send = () => fetch(t.url + '/api/v1/complaints', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ site_id: 1, summary: 'x' }) });
    for (let i = 0; i < 2; i++) {
      const res = await send();
      assert.notEqual(res.status, 429);
      await res.arrayBuffer();
    }
    const res = await send();
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    await res.arrayBuffer();
  } finally {
    await t.stop();
  }
});
