// Proxy service (帮代办), home visits (上门办) and volunteer butlers (政务管家)
// over HTTP against the real binary: the demo's figures (1,200 / 2,140 /
// 245), filing a request with its authorisation and the checks that refuse
// bad input (naming the field, changing nothing), the desk's priority order
// (green channel first), assignment and reassignment with the workload, home
// visits with a team and their outcome (a missed visit keeps the request
// scheduled), a video assessment recorded as such, filing a case under the
// request (refused for a case not filed under it), completion by post, the
// people-served counter, butler registration with an account, and who sees
// what: a butler sees ONLY his own assignments (404 for another butler's),
// a citizen only his own requests, personal data masked and sealed at rest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { startServer, login } from '../lib/server.mjs';
import { apiClient, signInAll, stopClean, ok, problem, idNumber } from '../lib/api.mjs';

let s;
const who = {};
const { req, get, post, sql } = apiClient(() => s, who);
before(async () => {
  s = await startServer();
  await signInAll(s, who, ['citizen', 'proxy', 'butler', 'clerk', 'clerk.township', 'manager', 'approver']);
});
after(() => stopClean(s));

const act = (id, action, body, as) => post(`/api/v1/proxy/requests/${id}/actions/${action}`, body ?? {}, as);

const OLD = idNumber('1941-04-09', '512'); // well over 60
const YOUNG = idNumber('1992-07-01', '611');

let item; // the disability certificate item of the demo catalog (残联)
async function disabilityItem() {
  if (item) return item;
  const r = await ok(await get('/api/v1/catalog/items?q=' + encodeURIComponent('残疾人证') + '&limit=5'));
  item = r.items.find((x) => x.department.code === 'YD-CL');
  assert.ok(item, 'a 残联 disability certificate item in the demo catalog');
  return item;
}

function tomorrow(h = 9) {
  const d = new Date(Date.now() + 8 * 3600e3 + 86400e3).toISOString().slice(0, 10);
  return `${d}T${String(h).padStart(2, '0')}:00`;
}

test('the figures show the demo year: 1,200 butlers, 2,140 people served, 245 home visits', async () => {
  const f = await ok(await get('/api/v1/proxy/figures'));
  assert.equal(f.total.butlers_active, 1200);
  assert.equal(f.total.people_served, 2140);
  assert.equal(f.total.home_visits, 245);
  assert.ok(f.total.items_handled >= 2140);
  const bySite = f.by_site.reduce((a, x) => a + x.butlers_active, 0);
  assert.equal(bySite, 1200, 'villages counted under their townships');
  assert.equal(f.by_site.filter((x) => x.butlers_active > 0).length, 24, 'every township has butlers');
  assert.equal(f.by_month.reduce((a, x) => a + x.people_served, 0), 2140);
  assert.equal(f.by_month.reduce((a, x) => a + x.home_visits, 0), 245);
  assert.ok(f.by_month.length >= 12);
  assert.equal(f.by_month.at(-1).butlers_active, 1200, 'cumulative at the last month');
  // one township only
  const town = f.by_site.find((x) => x.butlers_active > 0);
  const t = await ok(await get(`/api/v1/proxy/figures?site_id=${town.site_id}&group=site`));
  assert.equal(t.total.butlers_active, town.butlers_active);
  assert.equal(t.by_month, undefined);
  await problem(await get('/api/v1/proxy/figures?group=day'), 422, 'group');
  await problem(await get('/api/v1/proxy/figures?from=2026-13-01'), 422, 'from');
  // a butler registration counts at once (in the same transaction) ...
  const b = await ok(await post('/api/v1/proxy/butlers', { name: '向阳', phone: '13800001234', items: item?.code ?? 'X-1', availability: '周末' }, 'proxy'), 201);
  let g = await ok(await get('/api/v1/proxy/figures'));
  assert.equal(g.total.butlers_active, 1201);
  // ... and so does a deactivation
  const u = await ok(await req('PATCH', `/api/v1/proxy/butlers/${b.id}`, { body: { active: false }, as: 'proxy' }));
  assert.equal(u.active, false);
  g = await ok(await get('/api/v1/proxy/figures'));
  assert.equal(g.total.butlers_active, 1200);
});

test('filing: bad input names the field and changes nothing', async () => {
  const it = await disabilityItem();
  const base = { kind: 'home', filer: 'relative', relation: '儿子', person_name: '田秀英', id_number: OLD, phone: '13912345678', address: '永定区测试村1组', item_id: it.id, consent: true };
  const before = sql('SELECT count(*) FROM proxy_requests');
  await problem(await post('/api/v1/proxy/requests', { ...base, consent: false }, 'citizen'), 422, 'consent');
  await problem(await post('/api/v1/proxy/requests', { ...base, address: '' }, 'citizen'), 422, 'address');
  await problem(await post('/api/v1/proxy/requests', { ...base, relation: '' }, 'citizen'), 422, 'relation');
  await problem(await post('/api/v1/proxy/requests', { ...base, id_number: '430802194104095121' }, 'citizen'), 422, 'id_number');
  await problem(await post('/api/v1/proxy/requests', { ...base, kind: 'visit' }, 'citizen'), 422, 'kind');
  await problem(await post('/api/v1/proxy/requests', { ...base, filer: 'station' }, 'citizen'), 422, 'filer');
  await problem(await post('/api/v1/proxy/requests', { ...base, item_id: 999999 }, 'citizen'), 422, 'item_id');
  await problem(await post('/api/v1/proxy/requests', { ...base, auth_items: 'OTHER-1' }, 'citizen'), 422, 'auth_items');
  await problem(await post('/api/v1/proxy/requests', { ...base, auth_until: '2001-01-01' }, 'citizen'), 422, 'auth_until');
  await problem(await post('/api/v1/proxy/requests', { ...base, green: 'elderly', id_number: YOUNG }, 'citizen'), 422, 'green');
  await problem(await post('/api/v1/proxy/requests', { ...base, extra: 1 }, 'citizen'), 422, 'extra');
  await problem(await post('/api/v1/proxy/requests', base), 401);
  await problem(await post('/api/v1/proxy/requests', base, 'approver'), 403);
  assert.equal(sql('SELECT count(*) FROM proxy_requests'), before, 'nothing filed');
});

test('the desk: green channel first; assign, workload, reassign; a butler sees only his own', async () => {
  const it = await disabilityItem();
  // a young person's plain help request, then an old person's: the old one comes first
  const young = await ok(await post('/api/v1/proxy/requests', { kind: 'help', filer: 'self', person_name: '李明', id_number: YOUNG, item_id: it.id, consent: true }, 'citizen'), 201);
  assert.equal(young.green, 'none');
  assert.equal(young.state, 'submitted');
  assert.equal(young.channel, 'online');
  const old = await ok(await post('/api/v1/proxy/requests', { kind: 'agency', filer: 'relative', relation: '女儿', person_name: '田秀英', id_number: OLD, phone: '13912345678', item_id: it.id, consent: true }, 'citizen'), 201);
  assert.equal(old.green, 'elderly', 'the ID number gives the age');
  assert.equal(old.priority, true);
  assert.equal(old.offer_home, true);
  assert.match(old.no, /^PX\d{8}-\d{4}$/);
  assert.equal(old.person.name, '田**', 'masked');
  assert.equal(old.person.id_number, OLD.slice(0, 6) + '********' + OLD.slice(14));
  const desk = await ok(await get('/api/v1/proxy/requests', 'proxy'));
  const ids = desk.items.map((x) => x.id);
  assert.ok(ids.indexOf(old.id) < ids.indexOf(young.id), 'green channel before the others');
  const firstPlain = desk.items.findIndex((x) => !x.priority);
  assert.ok(desk.items.slice(firstPlain).every((x) => !x.priority), 'all green requests first');
  // the citizen's own list
  const mine = await ok(await get('/api/v1/proxy/my-requests', 'citizen'));
  assert.ok(mine.items.some((x) => x.id === old.id));
  // assign to the butler
  const staff = await ok(await get('/api/v1/proxy/staff', 'proxy'));
  const butler = staff.items.find((x) => x.role === 'butler');
  assert.ok(butler && butler.butler_id, 'the demo butler account is linked to a butler record');
  const open0 = butler.open_requests;
  await problem(await act(old.id, 'assign', { assignee_id: 1 }, 'proxy'), 422, 'assignee_id');
  await problem(await act(old.id, 'assign', { assignee_id: butler.user_id }, 'butler'), 404, undefined); // not his
  let r = await ok(await act(old.id, 'assign', { assignee_id: butler.user_id }, 'proxy'));
  assert.equal(r.state, 'assigned');
  assert.equal(r.assignee.id, butler.user_id);
  await problem(await act(old.id, 'assign', { assignee_id: butler.user_id }, 'proxy'), 409, 'action');
  const staff2 = await ok(await get('/api/v1/proxy/staff', 'proxy'));
  assert.equal(staff2.items.find((x) => x.user_id === butler.user_id).open_requests, open0 + 1, 'workload shown');
  // the butler sees it now, and only his own
  const list = await ok(await get('/api/v1/proxy/requests?state=all', 'butler'));
  assert.ok(list.items.length >= 1);
  assert.ok(list.items.every((x) => x.assignee?.id === butler.user_id), 'only his assignments');
  await problem(await get(`/api/v1/proxy/requests/${young.id}`, 'butler'), 404);
  const detail = await ok(await get(`/api/v1/proxy/requests/${old.id}`, 'butler'));
  assert.equal(detail.person.name, '田秀英', 'the assignee sees whom he serves');
  assert.equal(detail.person.phone, '13912345678');
  assert.ok(detail.actions.includes('schedule_visit'));
  assert.ok(!detail.actions.includes('reassign'), 'a butler does not reassign');
  await problem(await act(old.id, 'reassign', { assignee_id: 1, reason: 'x' }, 'butler'), 403, 'action');
  // the clerk (not involved) gets nothing
  await problem(await get(`/api/v1/proxy/requests/${old.id}`, 'clerk'), 404);
  // reassign needs a reason; then to the specialist himself
  const proxyId = staff.items.find((x) => x.role === 'proxy').user_id;
  await problem(await act(old.id, 'reassign', { assignee_id: proxyId }, 'proxy'), 422, 'reason');
  r = await ok(await act(old.id, 'reassign', { assignee_id: proxyId, reason: '需要上门评估' }, 'proxy'));
  assert.equal(r.assignee.id, proxyId);
  assert.equal(r.state, 'assigned');
  await problem(await get(`/api/v1/proxy/requests/${old.id}`, 'butler'), 404, undefined);
  // the requester cancels the young person's request (before work starts)
  await problem(await act(young.id, 'cancel', {}, 'citizen'), 422, 'reason');
  r = await ok(await act(young.id, 'cancel', { reason: '已自行办理' }, 'citizen'));
  assert.equal(r.state, 'cancelled');
  await problem(await act(young.id, 'assign', {}, 'proxy'), 409, 'action');
  // the timeline names every step
  const tl = await ok(await get(`/api/v1/proxy/requests/${old.id}`, 'proxy'));
  assert.deepEqual(tl.events.map((e) => e.action), ['file', 'assign', 'reassign']);
  assert.equal(tl.events[2].note, '需要上门评估');
});

test('home visit with a doctor, a missed visit, a video assessment, a case, completion by post', async () => {
  const it = await disabilityItem();
  const q = await ok(await post('/api/v1/proxy/requests', { kind: 'home', filer: 'relative', relation: '儿子', person_name: '覃桂花', id_number: idNumber('1950-02-02', '722'), phone: '13700001111', address: '永定区后坪镇覃家溪村5组', item_id: it.id, consent: true, note: '卧床，需上门评估' }, 'citizen'), 201);
  const staff = await ok(await get('/api/v1/proxy/staff', 'proxy'));
  const butler = staff.items.find((x) => x.role === 'butler');
  await ok(await act(q.id, 'assign', { assignee_id: butler.user_id }, 'proxy'));
  const path = `/api/v1/proxy/requests/${q.id}/visits`;
  await problem(await post(path, { scheduled_at: 'tomorrow', team: 'doctor:王医生' }, 'butler'), 422, 'scheduled_at');
  await problem(await post(path, { scheduled_at: tomorrow(), team: '王医生' }, 'butler'), 422, 'team');
  await problem(await post(path, { scheduled_at: tomorrow(), team: 'doctor:王医生', mode: 'phone' }, 'butler'), 422, 'mode');
  let v = await ok(await post(path, { scheduled_at: tomorrow(9), team: 'doctor:王医生,butler:周强' }, 'butler'), 201);
  assert.equal(v.state, 'visit_scheduled');
  assert.ok(v.visit_id);
  assert.ok(v.next_visit_at > Date.now() / 1000);
  // nobody home: the request stays scheduled
  await problem(await post(`${path}/${v.visit_id}/outcome`, { done: true, outcome: '' }, 'butler'), 422, 'outcome');
  let r = await ok(await post(`${path}/${v.visit_id}/outcome`, { done: false, outcome: '家中无人，电话改约' }, 'butler'));
  assert.equal(r.state, 'visit_scheduled');
  // the schedule of the butler: his visit, with the address (sealed in the database)
  const sched = await ok(await get('/api/v1/proxy/visits', 'butler'));
  const mine = sched.items.find((x) => x.id === v.visit_id);
  assert.equal(mine.state, 'missed');
  assert.equal(mine.address, '永定区后坪镇覃家溪村5组');
  assert.deepEqual(mine.team, [{ role: 'doctor', name: '王医生' }, { role: 'butler', name: '周强' }]);
  assert.equal(mine.has_doctor, true);
  // a video assessment instead, recorded as such
  const homeBefore = (await ok(await get('/api/v1/proxy/figures'))).total;
  v = await ok(await post(path, { scheduled_at: tomorrow(15), mode: 'video', team: 'doctor:王医生;approver:赵敏' }, 'butler'), 201);
  r = await ok(await post(`${path}/${v.visit_id}/outcome`, { done: true, outcome: '视频评估：肢体残疾二级' }, 'butler'));
  assert.equal(r.state, 'visit_done');
  const after1 = (await ok(await get('/api/v1/proxy/figures'))).total;
  assert.equal(after1.video_visits, homeBefore.video_visits + 1);
  assert.equal(after1.home_visits, homeBefore.home_visits, 'a video assessment is not a home visit');
  await problem(await post(`${path}/${v.visit_id}/outcome`, { done: true, outcome: 'again' }, 'butler'), 409, 'action');
  // a case not filed under this request is refused
  await problem(await act(q.id, 'file_case', {}, 'butler'), 422, 'case_id');
  await problem(await act(q.id, 'file_case', { case_id: 99999999 }, 'butler'), 422, 'case_id');
  // the case, straight in the database (the cases API is tested in story.test.mjs)
  const caseId = sql(`INSERT INTO cases(no, item_id, item_version, department_id, site_id, channel, state, applicant_id, filed_by, on_behalf, proxy_request_id, created_at, updated_at) VALUES ('PXTEST-${q.id}', ${it.id}, 1, ${it.department.id}, 1, 3, 3, (SELECT id FROM users WHERE login = 'citizen'), (SELECT id FROM users WHERE login = 'butler'), 1, ${q.id}, strftime('%s','now'), strftime('%s','now')) RETURNING id`);
  const other = sql(`INSERT INTO cases(no, item_id, item_version, department_id, site_id, channel, state, created_at, updated_at) VALUES ('PXTEST-O${q.id}', ${it.id}, 1, ${it.department.id}, 1, 3, 3, strftime('%s','now'), strftime('%s','now')) RETURNING id`);
  await problem(await act(q.id, 'file_case', { case_id: Number(other) }, 'butler'), 422, 'case_id');
  const itemsBefore = after1.items_handled;
  r = await ok(await act(q.id, 'file_case', { case_id: Number(caseId) }, 'butler'));
  assert.equal(r.state, 'cases_filed');
  assert.equal(r.cases_filed, 1);
  await problem(await act(q.id, 'file_case', { case_id: Number(caseId) }, 'butler'), 409, 'case_id');
  assert.equal((await ok(await get('/api/v1/proxy/figures'))).total.items_handled, itemsBefore + 1);
  // completed by post: the tracking number is required
  await problem(await act(q.id, 'complete', { delivery: 'post' }, 'butler'), 422, 'tracking');
  await problem(await act(q.id, 'complete', { delivery: 'pigeon' }, 'butler'), 422, 'delivery');
  const peopleBefore = (await ok(await get('/api/v1/proxy/figures'))).total.people_served;
  r = await ok(await act(q.id, 'complete', { delivery: 'post', tracking: 'EMS1234567890' }, 'butler'));
  assert.equal(r.state, 'completed');
  assert.equal(r.delivery.method, 'post');
  assert.equal(r.delivery.tracking, 'EMS1234567890');
  assert.ok(r.delivery.posted_at);
  assert.equal((await ok(await get('/api/v1/proxy/figures'))).total.people_served, peopleBefore + 1, 'one more person served');
  // the requester sees it done
  const mine2 = await ok(await get(`/api/v1/proxy/requests/${q.id}`, 'citizen'));
  assert.equal(mine2.state, 'completed');
  assert.equal(mine2.person.address, null, 'the address is not shown back');
  assert.deepEqual(mine2.actions, []);
  assert.deepEqual(mine2.case_ids, [Number(caseId)]);
});

test('butlers: registration by a site with an account; another butler\'s request is 404', async () => {
  const it = await disabilityItem();
  await problem(await post('/api/v1/proxy/butlers', { name: '甲', items: 'bad code!' }, 'proxy'), 422, 'items');
  await problem(await post('/api/v1/proxy/butlers', { name: '甲', login: 'butler.new', password: 'short' }, 'proxy'), 422, 'password');
  await problem(await post('/api/v1/proxy/butlers', { name: '甲', login: 'butler' , password: 'A-long-enough-passphrase-1' }, 'proxy'), 409, 'login');
  // the township clerk registers a butler of his township
  const town = sql("SELECT site_id FROM users WHERE login = 'clerk.township'");
  await problem(await post('/api/v1/proxy/butlers', { name: '甲', site_id: 1 }, 'clerk.township'), 404);
  const b = await ok(await post('/api/v1/proxy/butlers', { name: '彭建华', phone: '13600002222', items: it.code, availability: '工作日下午', login: 'butler.peng', password: 'Peng-Butler-2026!' }, 'clerk.township'), 201);
  assert.equal(b.site.id, Number(town));
  assert.equal(b.login, 'butler.peng');
  assert.equal(b.name, '彭**');
  assert.equal(b.phone, '136****2222');
  assert.deepEqual(b.items, [it.code]);
  who['butler.peng'] = await login(s.url, 'butler.peng', 'Peng-Butler-2026!');
  const me = await ok(await get('/api/v1/proxy/butlers/me', 'butler.peng'));
  assert.equal(me.name, '彭建华');
  assert.equal(me.availability, '工作日下午');
  await problem(await get('/api/v1/proxy/butlers/me', 'proxy'), 403);
  const list = await ok(await get(`/api/v1/proxy/butlers?site_id=${town}&limit=200`, 'clerk.township'));
  assert.ok(list.items.some((x) => x.id === b.id));
  assert.ok(list.total >= 7 + 4, 'the township\'s and its villages\' demo butlers');
  await problem(await get('/api/v1/proxy/butlers?site_id=1', 'clerk.township'), 404);
  const upd = await ok(await req('PATCH', `/api/v1/proxy/butlers/${b.id}`, { body: { availability: '周末' }, as: 'clerk.township' }));
  assert.equal(upd.availability, '周末');
  // a request for the new butler: the demo butler must not reach it
  const q = await ok(await post('/api/v1/proxy/requests', { kind: 'agency', filer: 'station', relation: '村便民服务站', person_name: '彭大爷', item_id: it.id, consent: true, site_id: Number(town) }, 'clerk.township'), 201);
  assert.equal(q.filer, 'station');
  assert.equal(q.channel, 'window');
  await ok(await act(q.id, 'assign', { assignee_id: b.user_id }, 'proxy'));
  await problem(await get(`/api/v1/proxy/requests/${q.id}`, 'butler'), 404);
  await problem(await act(q.id, 'start', {}, 'butler'), 404);
  await problem(await post(`/api/v1/proxy/requests/${q.id}/visits`, { scheduled_at: tomorrow(), team: 'doctor:x' }, 'butler'), 404);
  const theirs = await ok(await get('/api/v1/proxy/requests', 'butler.peng'));
  assert.deepEqual(theirs.items.map((x) => x.id), [q.id]);
  const r = await ok(await act(q.id, 'start', {}, 'butler.peng'));
  assert.equal(r.state, 'in_progress');
  // the demo butler's visits list holds none of the new butler's
  const v = await ok(await get('/api/v1/proxy/visits', 'butler'));
  assert.ok(v.items.every((x) => x.assignee_id !== b.user_id));
});

test('personal data is sealed at rest and reads are audited', async () => {
  const files = [s.db, s.db + '-wal'].filter((f) => existsSync(f)).map((f) => readFileSync(f));
  for (const plain of ['田秀英', '13912345678', '永定区后坪镇覃家溪村5组', OLD, '13600002222'])
    for (const db of files) assert.equal(db.indexOf(Buffer.from(plain)), -1, `${plain} not in the database files in clear`);
  const n = Number(sql("SELECT count(*) FROM audit_chain WHERE action LIKE 'GET /api/v1/proxy/requests/%' AND actor_role = 'butler'"));
  assert.ok(n >= 1, 'the butler\'s reads of a request are in the audit log');
  const w = Number(sql("SELECT count(*) FROM audit_chain WHERE object LIKE '/api/v1/proxy/requests/%/actions/assign'"));
  assert.ok(w >= 2, 'assignments are audited');
});
