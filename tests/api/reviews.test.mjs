// Good/bad reviews (好差评) over HTTP against the real binary: the tablet at a
// window rates the window's last finished ticket, the applicant rates his
// completed case, the link sent after completion rates once without signing
// in; one rating per service event; a bad review opens a follow-up that goes
// verify -> fix by a deadline on the legal calendar -> answer -> close; an
// appeal is decided by someone other than the appellant; the figures by site,
// department, window and clerk match the ratings made; a rating can be
// neither edited nor deleted; bad inputs name their field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { apiClient, signInAll, stopClean, ok, problem, idNumber } from '../lib/api.mjs';

process.env.ONESTOP_DEMO_CASES ??= '200'; // a short demo year: this file rates, it does not count cases

let s;
const who = {}; // cookies by login
const { req, get, post, sql } = apiClient(() => s, who);
before(async () => {
  s = await startServer({ args: ['--totp_required_roles', ''] });
  await signInAll(s, who, ['clerk', 'clerk.sj', 'manager', 'complaint', 'citizen', 'enterprise', 'auditor']);
});
after(() => stopClean(s));

const sqlErr = (q) => {
  try {
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', s.db, q], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    return '';
  } catch (e) {
    return String(e.stderr);
  }
};

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
async function workdaysAfter(n) {
  const r = await ok(await get(`/api/v1/workdays/add?date=${today()}&n=${n}`));
  return r.result ?? r.date ?? r.day;
}

// Serve one person at the demo clerk's window 1 of the district center:
// a kiosk ticket, call, start, finish. Returns the finished ticket.
let queueA;
async function serveOne() {
  if (!queueA) {
    const qs = await ok(await get('/api/v1/hall/sites/1/queues'));
    queueA = qs.items.find((q) => q.prefix === 'A').id;
  }
  const t = await ok(await post('/api/v1/hall/sites/1/tickets', { queue_id: queueA }), 201);
  const called = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
  assert.equal(called.ticket.number, t.number ?? t.ticket?.number ?? called.ticket.number);
  const id = called.ticket.id;
  await ok(await post(`/api/v1/hall/tickets/${id}/start`, undefined, 'clerk'));
  const fin = await ok(await post(`/api/v1/hall/tickets/${id}/finish`, {}, 'clerk'));
  assert.equal((fin.ticket ?? fin).state, 'finished');
  return called.ticket;
}

// What this file rated, to check the figures against.
const made = [];

test('levels and dimensions are public', async () => {
  const r = await ok(await get('/api/v1/reviews/levels'));
  assert.deepEqual(r.levels.map((l) => l.zh), ['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
  assert.deepEqual(r.levels.filter((l) => l.bad).map((l) => l.level), [4, 5]);
  const win = r.dimensions.filter((d) => d.services.includes('window')).map((d) => d.key);
  const online = r.dimensions.filter((d) => d.services.includes('online')).map((d) => d.key);
  assert.deepEqual(win, ['attitude', 'efficiency']);
  assert.deepEqual(online.sort(), ['accuracy', 'convenience', 'efficiency']);
});

test('the tablet rates the window\'s last finished ticket, once', async () => {
  const t = await serveOne();
  const p = await ok(await get('/api/v1/reviews/windows/1/pending'));
  assert.equal(p.window.number, 1);
  assert.equal(p.ticket.id, t.id);
  assert.equal(p.ticket.no, t.number);
  assert.deepEqual(p.ticket.dimensions, ['attitude', 'efficiency']);
  assert.equal(p.ticket.clerk.name, s.accounts.clerk.name);
  // bad inputs name their field and change nothing
  await problem(await post('/api/v1/reviews/windows/1', { ticket_id: t.id, level: 0 }), 422, 'level');
  await problem(await post('/api/v1/reviews/windows/1', { ticket_id: t.id, level: 6 }), 422, 'level');
  await problem(await post('/api/v1/reviews/windows/1', { level: 1 }), 422, 'ticket_id');
  await problem(await post('/api/v1/reviews/windows/1', { ticket_id: t.id, level: 1, accuracy: 2 }), 422, 'accuracy');
  await problem(await post('/api/v1/reviews/windows/1', { ticket_id: t.id, level: 1, attitude: 9 }), 422, 'attitude');
  await problem(await post('/api/v1/reviews/windows/1', { ticket_id: t.id, level: 1, comment: 'a\u0001b' }), 422, 'comment');
  await problem(await post('/api/v1/reviews/windows/1', { ticket_id: t.id, level: 1, phone: 'call me' }), 422, 'phone');
  await problem(await post('/api/v1/reviews/windows/1', { ticket_id: t.id, level: 1, stars: 5 }), 422, 'stars');
  // another window's tablet cannot rate this ticket
  await problem(await post('/api/v1/reviews/windows/13', { ticket_id: t.id, level: 1 }), 404, 'ticket_id');
  assert.equal(sql(`SELECT count(*) FROM review_ratings WHERE event_kind = 1 AND event_id = ${t.id}`), '0');
  const r = await ok(await post('/api/v1/reviews/windows/1', { ticket_id: t.id, level: 1, attitude: 1, efficiency: 2, comment: '很耐心，一次办好' }), 201);
  assert.equal(r.bad, false);
  assert.equal(r.followup_opened, false);
  made.push({ level: 1, window: 1, clerk: 'clerk' });
  // rated: the tablet waits for the next person; a second rating is refused
  assert.equal((await ok(await get('/api/v1/reviews/windows/1/pending'))).ticket, null);
  const p2 = await problem(await post('/api/v1/reviews/windows/1', { ticket_id: t.id, level: 5 }), 409);
  assert.match(p2.detail, /rated already/);
  // the responsible people are copied onto the rating
  const row = sql(`SELECT site_id, window_id, clerk_id, source, level FROM review_ratings WHERE id = ${r.id}`);
  const clerkId = sql("SELECT id FROM users WHERE login = 'clerk'");
  assert.equal(row, `1|1|${clerkId}|1|1`);
  // an older ticket is no longer the tablet's to rate
  const old = await serveOne();
  await serveOne();
  const p3 = await problem(await post('/api/v1/reviews/windows/1', { ticket_id: old.id, level: 1 }), 409);
  assert.match(p3.detail, /no longer/);
});

let badFollowup; // { id, ratingId }
test('a bad review opens a follow-up: verify, fix by a deadline on the legal calendar, answer in time, close', async () => {
  const t = await serveOne();
  const r = await ok(await post('/api/v1/reviews/windows/1', { ticket_id: t.id, level: 5, attitude: 5, efficiency: 4, comment: '态度差，让我跑了三趟', phone: '13800001234' }), 201);
  assert.equal(r.bad, true);
  assert.equal(r.followup_opened, true);
  made.push({ level: 5, window: 1, clerk: 'clerk' });
  // the comment and phone are sealed at rest
  for (const f of [s.db, s.db + '-wal']) {
    if (!existsSync(f)) continue;
    const bytes = readFileSync(f);
    assert.equal(bytes.includes(Buffer.from('13800001234')), false, `phone in clear in ${f}`);
    assert.equal(bytes.includes(Buffer.from('让我跑了三趟')), false, `comment in clear in ${f}`);
  }
  const list = await ok(await get('/api/v1/reviews/followups', 'manager'));
  const f = list.items.find((x) => x.rating.id === r.id);
  assert.ok(f, 'the manager sees the new follow-up');
  assert.equal(f.state, 'opened');
  assert.equal(f.due, await workdaysAfter(15));
  assert.equal(f.rating.comment, '态度差，让我跑了三趟');
  assert.equal(f.rating.phone, '13800001234', 'the manager calls back');
  assert.deepEqual(f.actions, ['verify']);
  badFollowup = { id: f.id, ratingId: r.id };
  // the clerk sees his own bad review, the phone masked
  const mine = await ok(await get('/api/v1/reviews/followups', 'clerk'));
  const fc = mine.items.find((x) => x.id === f.id);
  assert.ok(fc);
  assert.notEqual(fc.rating.phone, '13800001234');
  assert.deepEqual(fc.actions, []);
  // steps out of order and missing texts
  const act = (a, body = {}, as = 'manager') => post(`/api/v1/reviews/followups/${f.id}/actions/${a}`, body, as);
  await problem(await act('answer', { answer: 'x' }), 409, 'action');
  await problem(await act('verify', {}), 422, 'note');
  await problem(await act('verify', { note: '   ' }), 422, 'note');
  await problem(await act('delete', { note: 'x' }), 422, 'action');
  await problem(await act('verify', { note: 'x' }, 'clerk'), 403);
  let x = await ok(await act('verify', { note: '10:05 致电评价人，核实：窗口未一次性告知所需材料' }));
  assert.equal(x.state, 'verified');
  assert.deepEqual(x.actions.sort(), ['explain', 'fix_by_deadline', 'fix_now']);
  await problem(await act('explain', { note: '说明' }), 422, 'legal_basis');
  await problem(await act('fix_by_deadline', { note: '培训', days: 99 }), 422, 'days');
  await problem(await act('fix_by_deadline', { note: '培训', days: 16 }), 422, 'days');
  x = await ok(await act('fix_by_deadline', { note: '对窗口人员开展一次性告知培训', days: 5 }));
  assert.equal(x.state, 'fix_by_deadline');
  assert.equal(x.due, await workdaysAfter(5), 'five working days on the legal calendar');
  assert.ok(['green', 'yellow'].includes(x.warning), x.warning);
  await problem(await act('answer', {}), 422, 'answer');
  x = await ok(await act('answer', { answer: '已电话告知整改情况，并致歉' }));
  assert.equal(x.state, 'answered');
  assert.equal(x.in_time, true, 'answered before the deadline');
  x = await ok(await act('close'));
  assert.equal(x.state, 'closed');
  assert.deepEqual(x.events.map((e) => e.action), ['open', 'verify', 'fix_by_deadline', 'answer', 'close']);
  assert.equal(x.events[1].actor_name, s.accounts.manager.name);
  await problem(await act('close'), 409, 'action');
  // the open list no longer shows it; all does
  const open = await ok(await get('/api/v1/reviews/followups?state=open', 'manager'));
  assert.ok(!open.items.some((y) => y.id === f.id));
  const all = await ok(await get('/api/v1/reviews/followups?state=all', 'manager'));
  assert.ok(all.items.some((y) => y.id === f.id));
  await problem(await get('/api/v1/reviews/followups?state=some', 'manager'), 422, 'state');
  // every step is in the audit log with its actor
  const audit = await ok(await get('/api/v1/audit?action=POST%20/api/v1/reviews/followups&limit=50', 'auditor'));
  assert.ok(audit.items.filter((a) => a.result === 'ok' || a.result.startsWith('ok')).length >= 4, JSON.stringify(audit.items.slice(0, 3)));
});

test('an appeal is decided by someone else; upheld excludes the rating without changing it', async () => {
  // the clerk appeals a bad review of his own service
  const t1 = await serveOne();
  const r1 = await ok(await post('/api/v1/reviews/windows/1', { ticket_id: t1.id, level: 4, attitude: 4 }), 201);
  made.push({ level: 4, window: 1, clerk: 'clerk', appeal: 'rejected' });
  const t2 = await serveOne();
  const r2 = await ok(await post('/api/v1/reviews/windows/1', { ticket_id: t2.id, level: 5, comment: '评错了窗口' }), 201);
  made.push({ level: 5, window: 1, clerk: 'clerk', appeal: 'upheld' });
  // a good rating cannot be appealed; another clerk cannot appeal this one
  const good = sql("SELECT id FROM review_ratings WHERE level = 1 AND day = (SELECT max(day) FROM review_ratings) LIMIT 1");
  await problem(await post(`/api/v1/reviews/ratings/${good}/appeal`, { reasons: 'x' }, 'clerk'), 409);
  await problem(await post(`/api/v1/reviews/ratings/${r1.id}/appeal`, { reasons: 'x' }, 'clerk.sj'), 404);
  await problem(await post(`/api/v1/reviews/ratings/${r1.id}/appeal`, {}, 'clerk'), 422, 'reasons');
  const a1 = await ok(await post(`/api/v1/reviews/ratings/${r1.id}/appeal`, { reasons: '评价人反映的是邻窗的问题' }, 'clerk'), 201);
  await problem(await post(`/api/v1/reviews/ratings/${r1.id}/appeal`, { reasons: 'again' }, 'clerk'), 409);
  // the manager appeals the other one: he may not decide his own appeal
  const a2 = await ok(await post(`/api/v1/reviews/ratings/${r2.id}/appeal`, { reasons: '评价人在评价中写明评错了窗口' }, 'manager'), 201);
  const own = await problem(await post(`/api/v1/reviews/appeals/${a2.id}/decision`, { decision: 'upheld', reasons: 'x' }, 'manager'), 403);
  assert.match(own.detail, /other than the appellant/);
  await problem(await post(`/api/v1/reviews/appeals/${a2.id}/decision`, { decision: 'upheld', reasons: 'x' }, 'clerk'), 403);
  await problem(await post(`/api/v1/reviews/appeals/${a2.id}/decision`, { decision: 'maybe', reasons: 'x' }, 'complaint'), 422, 'decision');
  // the complaint coordinator decides the manager's appeal; the manager the clerk's
  const d2 = await ok(await post(`/api/v1/reviews/appeals/${a2.id}/decision`, { decision: 'upheld', reasons: '评价内容指向其他窗口，申诉成立' }, 'complaint'));
  assert.equal(d2.appeal.state, 'upheld');
  assert.equal(d2.appeal.decider.name, s.accounts.complaint.name);
  assert.equal(d2.rating.excluded, true);
  const d1 = await ok(await post(`/api/v1/reviews/appeals/${a1.id}/decision`, { decision: 'rejected', reasons: '回访核实属本窗口问题' }, 'manager'));
  assert.equal(d1.appeal.state, 'rejected');
  await problem(await post(`/api/v1/reviews/appeals/${a1.id}/decision`, { decision: 'upheld', reasons: 'x' }, 'complaint'), 409);
  // the rating itself is unchanged; the database refuses the appellant deciding too
  assert.equal(sql(`SELECT level FROM review_ratings WHERE id = ${r2.id}`), '5');
  const pending = await ok(await get('/api/v1/reviews/followups?appeals=true', 'manager'));
  assert.ok(!pending.items.some((x) => x.rating.id === r1.id || x.rating.id === r2.id));
});

async function completedCase(owner) {
  // A window case for the owner's account, completed at once (an immediate
  // item) through the cases API.
  const item = sql("SELECT item_id FROM catalog_versions v JOIN catalog_items i ON i.id = v.item_id AND i.current_version = v.version WHERE json_extract(v.doc, '$.immediate') = 1 AND json_extract(v.doc, '$.tiers') LIKE '%district%' ORDER BY v.item_id LIMIT 1")
    || sql("SELECT item_id FROM catalog_versions WHERE json_extract(doc, '$.immediate') = 1 ORDER BY item_id LIMIT 1");
  const ownerId = Number(sql(`SELECT id FROM users WHERE login = '${owner}'`));
  const c = await ok(await post('/api/v1/cases', {
    item_id: Number(item), applicant_name: '张伟', id_number: idNumber('1990-05-17', '201'), phone: '13900002222',
    address: '永定区子午路1号', applicant_user_id: ownerId,
  }, 'clerk'), 201);
  const done = await ok(await post(`/api/v1/cases/${c.id}/actions/complete_now`, {}, 'clerk'));
  assert.equal(done.state, 'completed');
  return done;
}

test('the applicant rates his completed case once; the link works once without signing in', async () => {
  const c = await completedCase('citizen');
  const mine = await ok(await get('/api/v1/reviews/mine', 'citizen'));
  const ev = mine.items.find((x) => x.id === c.id);
  assert.ok(ev, 'the completed case is offered for rating');
  assert.equal(ev.rateable, true);
  assert.equal(ev.service, 'window');
  assert.equal(ev.clerk.name, s.accounts.clerk.name, 'the clerk is who completed it');
  // not someone else's
  await problem(await get(`/api/v1/reviews/cases/${c.id}`, 'enterprise'), 404);
  await problem(await post(`/api/v1/reviews/cases/${c.id}`, { level: 1 }, 'enterprise'), 404);
  await problem(await post(`/api/v1/reviews/cases/${c.id}`, { level: 1, convenience: 1 }, 'citizen'), 422, 'convenience');
  const r = await ok(await post(`/api/v1/reviews/cases/${c.id}`, { level: 2, attitude: 1, efficiency: 2 }, 'citizen'), 201);
  made.push({ level: 2, window: c.window_id, clerk: 'clerk', site: c.site.id, department: c.department.id });
  await problem(await post(`/api/v1/reviews/cases/${c.id}`, { level: 1 }, 'citizen'), 409);
  const state = await ok(await get(`/api/v1/reviews/cases/${c.id}`, 'citizen'));
  assert.equal(state.rated, true);
  assert.equal(state.level, 2);
  assert.equal(sql(`SELECT source, department_id, rater_id IS NOT NULL FROM review_ratings WHERE id = ${r.id}`), `2|${c.department.id}|1`);
  // the link of a rated case says so and refuses a second rating
  const l1 = await ok(await get(`/api/v1/reviews/cases/${c.id}/link`, 'clerk'));
  assert.equal(l1.rated, true);
  await problem(await post(`/api/v1/reviews/t/${l1.token}`, { level: 5 }), 409);

  // a second case, rated through its link without signing in
  const c2 = await completedCase('citizen');
  const link = await ok(await get(`/api/v1/reviews/cases/${c2.id}/link`, 'manager'));
  assert.match(link.url, /^\/review\?t=c\d+\.[A-Za-z0-9_-]{22}$/);
  assert.equal(link.token, (await ok(await get(`/api/v1/reviews/cases/${c2.id}/link`, 'clerk'))).token);
  const info = await ok(await get(`/api/v1/reviews/t/${link.token}`));
  assert.equal(info.no, c2.no);
  assert.equal(info.rateable, true);
  const forged = link.token.slice(0, -2) + (link.token.endsWith('AA') ? 'BB' : 'AA');
  await problem(await get(`/api/v1/reviews/t/${forged}`), 404, 'token');
  const other = link.token.replace(/^c(\d+)/, (m, n) => `c${Number(n) + 1}`);
  await problem(await post(`/api/v1/reviews/t/${other}`, { level: 1 }), 404, 'token');
  await ok(await post(`/api/v1/reviews/t/${link.token}`, { level: 3, attitude: 3 }), 201);
  made.push({ level: 3, window: c2.window_id, clerk: 'clerk', site: c2.site.id, department: c2.department.id });
  await problem(await post(`/api/v1/reviews/t/${link.token}`, { level: 3 }), 409);
  assert.equal(sql(`SELECT source, rater_id IS NULL FROM review_ratings WHERE event_kind = 2 AND event_id = ${c2.id}`), '3|1');
  // a ticket's link (the clerk's own window only)
  const t = await serveOne();
  const tl = await ok(await get(`/api/v1/reviews/tickets/${t.id}/link`, 'clerk'));
  await problem(await get(`/api/v1/reviews/tickets/${t.id}/link`, 'clerk.sj'), 404);
  await ok(await post(`/api/v1/reviews/t/${tl.token}`, { level: 1, efficiency: 1 }), 201);
  made.push({ level: 1, window: 1, clerk: 'clerk' });
  assert.equal((await ok(await get('/api/v1/reviews/windows/1/pending'))).ticket, null, 'rated by link: the tablet has nothing to rate');
});

test('praise and follow-up rates by site, department, window and clerk match the ratings made', async () => {
  const d = today();
  const fig = (group) => ok(get(`/api/v1/reviews/figures?from=${d}&to=${d}&group=${group}&site_id=1`, 'manager'));
  // eslint-disable-next-line no-unused-vars
  const bySite = await ok(await get(`/api/v1/reviews/figures?from=${d}&to=${d}&group=site&site_id=1`, 'manager'));
  const ratings = made.length;
  const bad = made.filter((m) => m.level >= 4).length;
  const excluded = made.filter((m) => m.appeal === 'upheld').length;
  const good = ratings - bad;
  assert.equal(bySite.total.ratings, ratings);
  assert.equal(bySite.total.good, good);
  assert.equal(bySite.total.bad, bad);
  assert.equal(bySite.total.excluded, excluded);
  assert.equal(bySite.total.praise_rate, Math.round((good / (ratings - excluded)) * 1000) / 10);
  assert.equal(bySite.total.followed_up, 1);
  assert.equal(bySite.total.follow_up_rate, Math.round((1 / bad) * 1000) / 10);
  assert.equal(bySite.total.in_time, 1);
  // by clerk: every rating this file made was of the demo clerk's service
  const clerkId = Number(sql("SELECT id FROM users WHERE login = 'clerk'"));
  const byClerk = await ok(await get(`/api/v1/reviews/figures?from=${d}&to=${d}&group=clerk&site_id=1`, 'manager'));
  const row = byClerk.rows.find((x) => x.id === clerkId);
  assert.equal(row.name, s.accounts.clerk.name);
  assert.equal(row.ratings, ratings);
  assert.equal(row.bad, bad);
  // by window: window 1's tickets (cases were filed at no window)
  const byWindow = await ok(await get(`/api/v1/reviews/figures?from=${d}&to=${d}&group=window&site_id=1`, 'manager'));
  const w1 = byWindow.rows.find((x) => x.id === 1);
  assert.equal(w1.ratings, made.filter((m) => m.window === 1).length);
  // by department: the cases' departments, and the comprehensive window (0)
  const byDept = await ok(await get(`/api/v1/reviews/figures?from=${d}&to=${d}&group=department&site_id=1`, 'manager'));
  assert.equal(byDept.rows.reduce((a, x) => a + x.ratings, 0), ratings);
  for (const m of made.filter((x) => x.department)) assert.ok(byDept.rows.some((x) => x.id === m.department && x.ratings >= 1));
  // the counters agree with the ratings themselves
  const recount = sql(`SELECT count(*), sum(level <= 3), sum(level >= 4) FROM review_ratings WHERE day = CAST((strftime('%s','now') + 28800) / 86400 AS INTEGER)`);
  assert.equal(recount, `${ratings}|${good}|${bad}`);
  // yesterday's demo: the hall's tickets rated, one bad review still open
  const y = new Date(Date.now() + 8 * 3600e3 - 86400e3).toISOString().slice(0, 10);
  const demo = await ok(await get(`/api/v1/reviews/figures?from=${y}&to=${y}`, 'manager'));
  assert.ok(demo.total.ratings > 100, JSON.stringify(demo.total));
  assert.equal(demo.total.bad, 1);
  // inputs
  await problem(await get('/api/v1/reviews/figures?group=room', 'manager'), 422, 'group');
  await problem(await get(`/api/v1/reviews/figures?from=${d}&to=2020-01-01`, 'manager'), 422, 'to');
  await problem(await get('/api/v1/reviews/figures?from=2026-13-01', 'manager'), 422, 'from');
  await problem(await get('/api/v1/reviews/figures', 'clerk'), 403);
  void fig;
});

test('a rating can be neither edited nor deleted', async () => {
  const id = badFollowup.ratingId;
  for (const method of ['PUT', 'PATCH', 'DELETE']) {
    const res = await req(method, `/api/v1/reviews/ratings/${id}`, { body: { level: 1 }, as: 'manager' });
    assert.ok([404, 405].includes(res.status), `${method} -> ${res.status}`);
    await res.arrayBuffer();
  }
  assert.match(sqlErr(`UPDATE review_ratings SET level = 1 WHERE id = ${id}`), /cannot be edited/);
  assert.match(sqlErr(`UPDATE review_ratings SET clerk_id = 0 WHERE id = ${id}`), /cannot be edited/);
  assert.match(sqlErr(`UPDATE review_ratings SET comment_enc = NULL WHERE id = ${id}`), /cannot be edited/);
  assert.match(sqlErr(`DELETE FROM review_ratings WHERE id = ${id}`), /cannot be deleted/);
  assert.match(sqlErr('UPDATE review_followup_events SET note = \'x\''), /append-only/);
  assert.match(sqlErr('UPDATE review_appeals SET state = 1 WHERE state <> 1'), /decided appeal/);
  assert.match(sqlErr('UPDATE review_appeals SET decider_id = appellant_id'), /CHECK|decided/);
  assert.equal(sql(`SELECT level FROM review_ratings WHERE id = ${id}`), '5');
});

test('the demo\'s open bad review is on the manager\'s workbench', async () => {
  const list = await ok(await get('/api/v1/reviews/followups', 'manager'));
  const demo = list.items.find((x) => x.state === 'opened' && x.rating.day < today());
  assert.ok(demo, 'an open follow-up from the demo');
  assert.ok(demo.rating.comment.length > 0);
  assert.ok(['green', 'yellow', 'red'].includes(demo.warning));
  const one = await ok(await get(`/api/v1/reviews/followups/${demo.id}`, 'manager'));
  assert.equal(one.events[0].action, 'open');
  await problem(await get(`/api/v1/reviews/followups/${demo.id}`, 'clerk.sj'), 404);
});
