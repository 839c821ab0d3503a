// The service hall over HTTP against the real binary: queues and windows
// (administration), tickets from the kiosk, the guide desk, the phone and
// appointment check-in, the window console (call by the rule, recall, no-show
// and return, start, hold and resume, transfer keeping the original time,
// finish with items and cases), the board from memory and its live events,
// the spoken call, appointments, the figures, bad inputs, and who may do what
// where (a township clerk cannot act at the district center's windows).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, login } from '../lib/server.mjs';

let s;
const who = {}; // cookies by login
before(async () => {
  s = await startServer({ args: ['--queue_policy', 'strict'] });
  for (const u of ['clerk', 'clerk.sj', 'clerk.township', 'guide', 'manager', 'citizen'])
    who[u] = await login(s.url, s.accounts[u].login, s.accounts[u].password);
});
after(async () => {
  const r = await s.stop();
  assert.equal(r.code, 0, 'clean exit on SIGTERM');
});

const sql = (q) => execFileSync('sqlite3', [s.db, q], { encoding: 'utf8' }).trim();

function req(method, path, { body, as } = {}) {
  // state changes are JSON, with or without a body
  const headers = method === 'GET' ? {} : { 'Content-Type': 'application/json' };
  if (as) headers.Cookie = who[as];
  return fetch(s.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}
async function ok(res, status = 200) {
  const text = await res.text();
  assert.equal(res.status, status, text);
  return text ? JSON.parse(text) : null;
}
async function problem(res, status, field) {
  const p = await res.json();
  assert.equal(res.status, status, JSON.stringify(p));
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  if (field !== undefined) assert.equal(p.field, field, JSON.stringify(p));
  return p;
}
const get = (path, as) => req('GET', path, { as });
const post = (path, body, as) => req('POST', path, { body, as });

// A valid resident ID number (GB 11643 check character) for a birth date.
function idNumber(birth, seq = '123') {
  const base = `430802${birth.replaceAll('-', '')}${seq}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...base].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return base + '10X98765432'[sum % 11];
}
const YOUNG = idNumber('1990-05-17', '201');
const OLD = idNumber('1940-01-01', '302');

let queues; // district queues by prefix
const issue = (prefix, extra = {}, as) => post('/api/v1/hall/sites/1/tickets', { queue_id: queues[prefix].id, ...extra }, as);

// Serve whatever the clerk's window 1 has in hand, so a test starts clean.
async function clearWindow(as = 'clerk', win = 1) {
  const c = await ok(await get(`/api/v1/hall/windows/${win}`, as));
  const t = c.current;
  if (!t) return;
  if (t.state === 'called') await ok(await post(`/api/v1/hall/tickets/${t.id}/no-show`, undefined, as));
  else await ok(await post(`/api/v1/hall/tickets/${t.id}/finish`, {}, as));
}
// Call everything waiting at window 1 away (no-show), for a clean queue.
async function drain() {
  for (let i = 0; i < 200; i++) {
    await clearWindow();
    const r = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
    if (!r.ticket) return;
  }
}

test('queues of a hall: public list; created and updated by the manager only', async () => {
  const list = await ok(await get('/api/v1/hall/sites/1/queues'));
  queues = Object.fromEntries(list.items.map((q) => [q.prefix, q]));
  assert.deepEqual(Object.keys(queues), ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
  assert.equal(queues.A.name, '综合受理');
  assert.deepEqual(queues.B.departments, [1]);
  assert.equal((await ok(await get('/api/v1/hall/sites/2/queues'))).items[0].prefix, 'A');

  const created = await ok(await post('/api/v1/hall/sites/1/queues', { prefix: 'K', name: '测试事项', name_en: 'Test', departments: '1, 3', items: 'YD-SJ-001,YD-SJ-002' }, 'manager'), 201);
  assert.deepEqual([created.prefix, created.departments, created.items], ['K', [1, 3], ['YD-SJ-001', 'YD-SJ-002']]);
  await problem(await post('/api/v1/hall/sites/1/queues', { prefix: 'K', name: 'again' }, 'manager'), 409, 'prefix');
  await problem(await post('/api/v1/hall/sites/1/queues', { prefix: 'k', name: 'x' }, 'manager'), 422, 'prefix');
  await problem(await post('/api/v1/hall/sites/1/queues', { prefix: 'L', name: 'x', departments: '999' }, 'manager'), 422, 'departments');
  await problem(await post('/api/v1/hall/sites/1/queues', { prefix: 'L', name: 'x', departments: 'a,b' }, 'manager'), 422, 'departments');
  await problem(await post('/api/v1/hall/sites/1/queues', { prefix: 'L', name: 'x', items: 'bad code' }, 'manager'), 422, 'items');
  await problem(await post('/api/v1/hall/sites/1/queues', { prefix: 'L', name: 'x', colour: 'red' }, 'manager'), 422, 'colour');
  await problem(await post('/api/v1/hall/sites/1/queues', { prefix: 'L', name: 'x' }, 'clerk'), 403);
  await problem(await post('/api/v1/hall/sites/1/queues', { prefix: 'L', name: 'x' }), 401);
  await problem(await post('/api/v1/hall/sites/99999/queues', { prefix: 'L', name: 'x' }, 'manager'), 404);

  const upd = await ok(await req('PATCH', `/api/v1/hall/queues/${created.id}`, { body: { name: '测试', active: false }, as: 'manager' }));
  assert.deepEqual([upd.name, upd.active, upd.name_en], ['测试', false, 'Test']);
  await problem(await req('PATCH', '/api/v1/hall/queues/99999', { body: { name: 'x' }, as: 'manager' }), 404);
  // a closed queue takes no tickets
  await problem(await post('/api/v1/hall/sites/1/tickets', { queue_id: created.id }), 422, 'queue_id');
});

test('windows serve an ordered set of queues; only queues of their own site', async () => {
  const r = await ok(await req('PUT', '/api/v1/hall/windows/13/queues', { body: { queues: `${queues.B.id},${queues.A.id}` }, as: 'manager' }));
  assert.deepEqual(r.queues, [queues.B.id, queues.A.id]);
  const township = (await ok(await get('/api/v1/hall/sites/2/queues'))).items[0];
  await problem(await req('PUT', '/api/v1/hall/windows/13/queues', { body: { queues: String(township.id) }, as: 'manager' }), 422, 'queues');
  await problem(await req('PUT', '/api/v1/hall/windows/13/queues', { body: { queues: '1,1' }, as: 'manager' }), 422, 'queues');
  await problem(await req('PUT', '/api/v1/hall/windows/13/queues', { body: { queues: '1' }, as: 'clerk.sj' }), 403);
  await problem(await req('PUT', '/api/v1/hall/windows/99999/queues', { body: { queues: '1' }, as: 'manager' }), 404);
  // back to B only (the demo's assignment)
  await ok(await req('PUT', '/api/v1/hall/windows/13/queues', { body: { queues: String(queues.B.id) }, as: 'manager' }));
});

test('a ticket from the kiosk: number, token, QR code, live page by token', async () => {
  await drain();
  const t = await ok(await issue('D'), 201);
  assert.match(t.number, /^D\d{3,}$/);
  const day = sql(`SELECT day FROM hall_tickets WHERE token = '${t.token}'`);
  assert.equal(Number(t.number.slice(1)), Number(sql(`SELECT seq FROM hall_days WHERE queue_id = ${queues.D.id} AND day = ${day}`)));
  assert.equal(t.state, 'waiting');
  assert.equal(t.source, 'kiosk');
  assert.equal(t.green, 'none');
  assert.match(t.token, /^[A-Za-z0-9_-]{20,}$/);
  assert.equal(t.url, `/ticket?t=${t.token}`);
  assert.equal(typeof t.estimate_s, 'number');
  assert.equal(t.estimate_at_issue_s, Number(sql(`SELECT estimate_s FROM hall_tickets WHERE token = '${t.token}'`)));
  const t2 = await ok(await issue('D', { channel: 'remote' }), 201);
  assert.equal(Number(t2.number.slice(1)), Number(t.number.slice(1)) + 1);
  assert.equal(t2.source, 'remote');
  assert.equal(t2.ahead, 1);

  const pub = await ok(await get(`/api/v1/hall/t/${t2.token}`));
  assert.deepEqual([pub.number, pub.state, pub.ahead], [t2.number, 'waiting', 1]);
  assert.equal(pub.id_number, undefined, 'no personal data on the public page');
  assert.equal(pub.id, undefined, 'no sequential id on the public page');
  await problem(await get('/api/v1/hall/t/no-such-token-000000'), 404);
  const qr = await get(`/api/v1/hall/t/${t.token}/qr`);
  assert.equal(qr.status, 200);
  assert.match(qr.headers.get('content-type'), /^image\/svg\+xml/);
  const svg = await qr.text();
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.ok(svg.length > 1000);
  await problem(await get('/api/v1/hall/t/nope-nope-nope-nope/qr'), 404);

  // the holder gives up the second ticket
  const c = await ok(await post(`/api/v1/hall/t/${t2.token}/cancel`));
  assert.equal(c.state, 'cancelled');
  await problem(await post(`/api/v1/hall/t/${t2.token}/cancel`), 409);
  await problem(await post('/api/v1/hall/t/nope-nope-nope-nope/cancel'), 404);
});

test('issuing: green channel by age or declared; bad inputs name the field', async () => {
  const old = await ok(await issue('A', { id_number: OLD }), 201);
  assert.equal(old.green, 'elderly', 'aged 70+ by the ID number');
  assert.equal(old.priority, true);
  const young = await ok(await issue('A', { id_number: YOUNG }), 201);
  assert.equal(young.green, 'none');
  const preg = await ok(await issue('A', { green: 'pregnant' }, 'guide'), 201);
  assert.deepEqual([preg.green, preg.source], ['pregnant', 'guide']);
  await problem(await issue('A', { id_number: YOUNG, green: 'elderly' }), 422, 'green');
  await problem(await issue('A', { green: 'elderly' }), 422, 'id_number');
  await problem(await issue('A', { green: 'royal' }), 422, 'green');
  await problem(await issue('A', { id_number: '430802199005171234' }), 422, 'id_number');
  await problem(await issue('A', { channel: 'guide' }), 422, 'channel');
  await problem(await post('/api/v1/hall/sites/1/tickets', { queue_id: 999999 }), 422, 'queue_id');
  await problem(await post('/api/v1/hall/sites/1/tickets', {}), 422, 'queue_id');
  await problem(await post('/api/v1/hall/sites/2/tickets', { queue_id: queues.A.id }), 422, 'queue_id');
  await problem(await post('/api/v1/hall/sites/1/tickets', { queue_id: 'A' }), 422, 'queue_id');
  // the ID number is stored for the clerk, masked on the console
  assert.equal(sql(`SELECT id_number_plain FROM hall_tickets WHERE token = '${old.token}'`), OLD);
});

test('the console calls by the rule: green channel first, then time taken', async () => {
  await drain();
  const walk = await ok(await issue('A'), 201);
  const green = await ok(await issue('A', { green: 'disabled' }, 'guide'), 201);
  const r1 = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
  assert.equal(r1.ticket.number, green.number, 'the green channel goes first');
  assert.equal(r1.ticket.green, 'disabled');
  assert.equal(r1.ticket.state, 'called');
  assert.equal(r1.ticket.window, 1);
  // the window has a called ticket: no second call
  await problem(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'), 409);
  await ok(await post(`/api/v1/hall/tickets/${r1.ticket.id}/start`, undefined, 'clerk'));
  const fin = await ok(await post(`/api/v1/hall/tickets/${r1.ticket.id}/finish`, { items: 'YD-CL-001', case_ids: '12,13' }, 'clerk'));
  assert.deepEqual([fin.ticket.state, fin.ticket.items, fin.ticket.case_ids], ['finished', ['YD-CL-001'], [12, 13]]);
  const r2 = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
  assert.equal(r2.ticket.number, walk.number);
  const pub = await ok(await get(`/api/v1/hall/t/${walk.token}`));
  assert.deepEqual([pub.state, pub.window], ['called', 1]);
  await clearWindow();
  // nothing waits: an empty call
  const none = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
  assert.equal(none.ticket, null);
});

test('recall, spoken call, no-show and return within the time; errors for wrong states', async () => {
  await drain();
  const t = await ok(await issue('A'), 201);
  const c = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
  assert.equal(c.ticket.number, t.number);
  const again = await ok(await post(`/api/v1/hall/tickets/${c.ticket.id}/recall`, undefined, 'clerk'));
  assert.ok(again.call_id > c.call_id);
  assert.equal(again.ticket.calls, 2);
  const audio = await get(`/api/v1/hall/calls/${again.call_id}/audio`);
  assert.equal(audio.status, 200);
  assert.equal(audio.headers.get('content-type'), 'audio/wav');
  const wav = Buffer.from(await audio.arrayBuffer());
  assert.equal(wav.subarray(0, 4).toString(), 'RIFF');
  assert.equal(wav.subarray(8, 12).toString(), 'WAVE');
  assert.ok(wav.length > 20000, 'a few seconds of speech');
  await problem(await get('/api/v1/hall/calls/999999/audio'), 404);

  await problem(await post(`/api/v1/hall/tickets/${c.ticket.id}/finish`, {}, 'clerk'), 409);
  await problem(await post(`/api/v1/hall/tickets/${c.ticket.id}/resume`, undefined, 'clerk'), 409);
  const ns = await ok(await post(`/api/v1/hall/tickets/${c.ticket.id}/no-show`, undefined, 'clerk'));
  assert.equal(ns.ticket.state, 'no_show');
  await problem(await post(`/api/v1/hall/tickets/${c.ticket.id}/recall`, undefined, 'clerk'), 409);
  // the person comes back to the guide desk within the time
  const back = await ok(await post(`/api/v1/hall/tickets/${c.ticket.id}/return`, undefined, 'guide'));
  assert.equal(back.ticket.state, 'waiting');
  await problem(await post(`/api/v1/hall/tickets/${c.ticket.id}/return`, undefined, 'guide'), 409);
  const c2 = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
  assert.equal(c2.ticket.id, c.ticket.id);
  assert.equal(c2.ticket.calls, 3);
  // too late to come back: the setting's minutes are over
  await ok(await post(`/api/v1/hall/tickets/${c.ticket.id}/no-show`, undefined, 'clerk'));
  sql(`UPDATE hall_tickets SET noshow_at = noshow_at - 31 * 60 WHERE id = ${c.ticket.id}`);
  const late = await problem(await post(`/api/v1/hall/tickets/${c.ticket.id}/return`, undefined, 'clerk'), 409);
  assert.match(late.detail, /too late/);
});

test('hold and resume; transfer to a queue or a window keeps the original time', async () => {
  await drain();
  const first = await ok(await issue('A'), 201);
  const c = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
  await ok(await post(`/api/v1/hall/tickets/${c.ticket.id}/start`, undefined, 'clerk'));
  const held = await ok(await post(`/api/v1/hall/tickets/${c.ticket.id}/hold`, undefined, 'clerk'));
  assert.equal(held.ticket.state, 'held');
  const console1 = await ok(await get('/api/v1/hall/windows/1', 'clerk'));
  assert.equal(console1.current, null);
  assert.equal(console1.held.length, 1);
  const resumed = await ok(await post(`/api/v1/hall/tickets/${c.ticket.id}/resume`, undefined, 'clerk'));
  assert.equal(resumed.ticket.state, 'serving');

  // B tickets taken later than `first` wait at window 13 (B only)
  const laterB = await ok(await issue('B'), 201);
  const tr = await ok(await post(`/api/v1/hall/tickets/${c.ticket.id}/transfer`, { queue_id: queues.B.id }, 'clerk'));
  assert.deepEqual([tr.ticket.state, tr.ticket.queue.prefix, tr.ticket.number, tr.ticket.transfers], ['waiting', 'B', first.number, 1]);
  const atB = await ok(await post('/api/v1/hall/windows/13/call', undefined, 'clerk.sj'));
  assert.equal(atB.ticket.number, first.number, 'the transferred ticket keeps its place (taken before)');
  // to one window by name
  const tw = await ok(await post(`/api/v1/hall/tickets/${atB.ticket.id}/transfer`, { window_id: 1 }, 'clerk.sj'));
  assert.equal(tw.ticket.target_window, 1);
  const at1 = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
  assert.equal(at1.ticket.number, first.number);
  await problem(await post(`/api/v1/hall/tickets/${at1.ticket.id}/transfer`, {}, 'clerk'), 422, 'queue_id');
  await problem(await post(`/api/v1/hall/tickets/${at1.ticket.id}/transfer`, { window_id: 1 }, 'clerk'), 422, 'window_id');
  await problem(await post(`/api/v1/hall/tickets/${at1.ticket.id}/transfer`, { window_id: 100 }, 'clerk'), 422, 'window_id');
  await problem(await post(`/api/v1/hall/tickets/${at1.ticket.id}/transfer`, { queue_id: 999999 }, 'clerk'), 422, 'queue_id');
  await clearWindow();
  const b2 = await ok(await post('/api/v1/hall/windows/13/call', undefined, 'clerk.sj'));
  assert.equal(b2.ticket.number, laterB.number);
  await clearWindow('clerk.sj', 13);
});

test('site and role isolation: clerks act only at their own window', async () => {
  await drain();
  const t = await ok(await issue('A'), 201);
  // a township clerk (no window at the district center) cannot call there
  await problem(await post('/api/v1/hall/windows/1/call', undefined, 'clerk.township'), 404);
  await problem(await get('/api/v1/hall/windows/1', 'clerk.township'), 404);
  // nor a clerk at another window of the same hall
  await problem(await post('/api/v1/hall/windows/1/call', undefined, 'clerk.sj'), 404);
  await problem(await post('/api/v1/hall/windows/13/pause', { paused: true }, 'clerk'), 404);
  await problem(await post('/api/v1/hall/windows/1/call', {}), 401);
  await problem(await post('/api/v1/hall/windows/1/call', undefined, 'citizen'), 403);
  await problem(await post('/api/v1/hall/windows/1/call', undefined, 'guide'), 403);
  const c = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
  assert.equal(c.ticket.number, t.number);
  for (const act of ['recall', 'no-show', 'start', 'hold', 'resume', 'finish'])
    await problem(await post(`/api/v1/hall/tickets/${c.ticket.id}/${act}`, act === 'finish' ? {} : undefined, 'clerk.sj'), 404);
  await problem(await post(`/api/v1/hall/tickets/${c.ticket.id}/return`, undefined, 'clerk.township'), 404);
  await problem(await post('/api/v1/hall/tickets/999999/start', undefined, 'clerk'), 404);
  // the manager of the district covers any of its windows
  const m = await ok(await get('/api/v1/hall/windows/1', 'manager'));
  assert.equal(m.current.number, t.number);
  assert.match(m.current.id_number ?? '', /^$|\*/);
  await ok(await post(`/api/v1/hall/tickets/${c.ticket.id}/no-show`, undefined, 'manager'));
  // the stats are the manager's
  await problem(await get('/api/v1/hall/sites/1/stats', 'clerk'), 403);
  // a denial is audited
  assert.ok(Number(sql("SELECT count(*) FROM audit_log WHERE result LIKE 'denied%' AND object LIKE '/api/v1/hall/%'")) > 0);
});

test('pause a window: no calls until it reopens', async () => {
  await drain();
  await ok(await issue('A'), 201);
  const p = await ok(await post('/api/v1/hall/windows/1/pause', { paused: true }, 'clerk'));
  assert.equal(p.paused, true);
  const why = await problem(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'), 409);
  assert.match(why.detail, /paused/);
  assert.equal((await ok(await get('/api/v1/hall/windows/1', 'clerk'))).paused, true);
  await ok(await post('/api/v1/hall/windows/1/pause', { paused: false }, 'clerk'));
  await problem(await post('/api/v1/hall/windows/1/pause', {}, 'clerk'), 422, 'paused');
  assert.ok((await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'))).ticket);
  await clearWindow();
});

test('the board: waiting counts and last calls from memory; live events on hall:1', async () => {
  await drain();
  const b0 = await ok(await get('/api/v1/hall/sites/1/board'));
  const waitingA = () => b0.queues.find((q) => q.prefix === 'A').waiting;
  assert.equal(waitingA(), 0);
  await ok(await issue('A'), 201);
  await ok(await issue('A'), 201);
  const b1 = await ok(await get('/api/v1/hall/sites/1/board'));
  assert.equal(b1.queues.find((q) => q.prefix === 'A').waiting, 2);
  // the board agrees with the database
  const day = sql(`SELECT day FROM hall_tickets ORDER BY id DESC LIMIT 1`);
  assert.equal(Number(sql(`SELECT w0 + w1 + w2 FROM hall_days WHERE queue_id = ${queues.A.id} AND day = ${day}`)), 2);

  const ctrl = new AbortController();
  const res = await fetch(s.url + '/api/v1/events?topic=hall:1', { signal: ctrl.signal });
  assert.equal(res.status, 200);
  const reader = res.body.getReader();
  let text = '';
  const seen = (async () => {
    const dec = new TextDecoder();
    while (!/event: call\n[^\n]*\n/.test(text) || !/event: counts/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value);
    }
  })();
  const c = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
  await seen;
  ctrl.abort();
  const call = JSON.parse(text.match(/event: call\n(?:id: \d+\n)?data: (.*)\n/)[1]);
  assert.deepEqual([call.number, call.window, call.id], [c.ticket.number, 1, c.call_id]);
  const b2 = await ok(await get('/api/v1/hall/sites/1/board'));
  assert.equal(b2.queues.find((q) => q.prefix === 'A').waiting, 1);
  assert.deepEqual([b2.calls[0].number, b2.calls[0].window], [c.ticket.number, 1]);
  await problem(await get('/api/v1/hall/sites/99999/board'), 404);
  await clearWindow();
});

// HH:MM now in Asia/Shanghai and today's date there.
function shanghaiNow() {
  const d = new Date(Date.now() + 8 * 3600 * 1000).toISOString();
  return { date: d.slice(0, 10), time: d.slice(11, 16) };
}

test('appointments: slots, book and cancel with an ID number, check-in ahead of walk-ins', async () => {
  await drain();
  const { date, time } = shanghaiNow();
  const made = await ok(await post('/api/v1/hall/sites/1/slots', { queue_id: queues.C.id, date, start: time, minutes: 30, count: 1, capacity: 2 }, 'manager'), 201);
  assert.equal(made.created, 1);
  assert.equal((await ok(await post('/api/v1/hall/sites/1/slots', { queue_id: queues.C.id, date, start: time, minutes: 30 }, 'manager'), 201)).created, 0);
  await problem(await post('/api/v1/hall/sites/1/slots', { queue_id: queues.C.id, date: '2026-13-01', start: time }, 'manager'), 422, 'date');
  await problem(await post('/api/v1/hall/sites/1/slots', { queue_id: queues.C.id, date, start: '25:00' }, 'manager'), 422, 'start');
  await problem(await post('/api/v1/hall/sites/1/slots', { queue_id: 999999, date, start: time }, 'manager'), 422, 'queue_id');
  await problem(await post('/api/v1/hall/sites/1/slots', { queue_id: queues.C.id, date, start: time }, 'clerk'), 403);

  const slots = await ok(await get(`/api/v1/hall/sites/1/slots?date=${date}&queue_id=${queues.C.id}`));
  const slot = slots.items.find((x) => x.start === time);
  assert.ok(slot, JSON.stringify(slots.items.map((x) => x.start)));
  assert.deepEqual([slot.capacity, slot.booked, slot.available], [2, 0, 2]);
  await problem(await get('/api/v1/hall/sites/1/slots?date=tomorrow'), 422, 'date');
  // the demo has slots on the next working days
  assert.ok(Number(sql('SELECT count(*) FROM hall_slots')) > 100);

  const a = await ok(await post(`/api/v1/hall/slots/${slot.id}/book`, { id_number: YOUNG }), 201);
  assert.equal(a.state, 'booked');
  assert.match(a.id_number, /^430802\*+/);
  await problem(await post(`/api/v1/hall/slots/${slot.id}/book`, { id_number: YOUNG }), 409);
  await problem(await post(`/api/v1/hall/slots/${slot.id}/book`, { id_number: '123' }), 422, 'id_number');
  await problem(await post(`/api/v1/hall/slots/${slot.id}/book`, { id_number: '430802199005171234' }), 422, 'id_number');
  await problem(await post('/api/v1/hall/slots/999999/book', { id_number: OLD }), 404);
  const other = idNumber('1985-02-03', '404');
  const b = await ok(await post(`/api/v1/hall/slots/${slot.id}/book`, { id_number: other }), 201);
  await problem(await post(`/api/v1/hall/slots/${slot.id}/book`, { id_number: idNumber('1986-02-03', '405') }), 409);
  assert.equal((await ok(await get(`/api/v1/hall/appointments/${b.code}`))).state, 'booked');
  await problem(await get('/api/v1/hall/appointments/nope-nope-nope-nope'), 404);
  await problem(await post(`/api/v1/hall/appointments/${b.code}/cancel`, { id_number: YOUNG }), 404);
  const cancelled = await ok(await post(`/api/v1/hall/appointments/${b.code}/cancel`, { id_number: other }));
  assert.equal(cancelled.state, 'cancelled');
  await problem(await post(`/api/v1/hall/appointments/${b.code}/cancel`, { id_number: other }), 409);

  // a walk-in of queue C first, then the check-in: the appointment goes ahead
  const walk = await ok(await issue('C'), 201);
  await problem(await post('/api/v1/hall/sites/1/checkin', { id_number: OLD }), 404, 'id_number');
  const ci = await ok(await post('/api/v1/hall/sites/1/checkin', { id_number: YOUNG }), 201);
  assert.deepEqual([ci.source, ci.priority, ci.queue.prefix], ['appointment', true, 'C']);
  assert.equal((await ok(await get(`/api/v1/hall/appointments/${a.code}`))).state, 'checked_in');
  await problem(await post('/api/v1/hall/sites/1/checkin', { id_number: YOUNG }), 404);
  const first = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
  assert.equal(first.ticket.number, ci.number);
  assert.equal(first.ticket.appointment, true);
  await clearWindow();
  const second = await ok(await post('/api/v1/hall/windows/1/call', undefined, 'clerk'));
  assert.equal(second.ticket.number, walk.number);
  await clearWindow();

  // a booking never checked in is recorded as a no-show after its time
  const late = await ok(await post(`/api/v1/hall/slots/${slot.id}/book`, { id_number: idNumber('1975-07-07', '506') }), 201);
  sql(`UPDATE hall_slots SET start_at = start_at - 7200 WHERE id = ${slot.id}`);
  await ok(await get(`/api/v1/hall/sites/1/slots?date=${date}`));
  assert.equal((await ok(await get(`/api/v1/hall/appointments/${late.code}`))).state, 'no_show');
});

test('figures: per queue, window, clerk and hour from the counters; manager only', async () => {
  const f = await ok(await get('/api/v1/hall/sites/1/stats', 'manager'));
  assert.ok(f.total.issued >= 455, 'yesterday of the demo and today');
  assert.ok(f.total.finished > 300);
  assert.ok(f.total.avg_wait_s > 0 && f.total.avg_service_s > 0);
  assert.ok(f.total.noshows > 0);
  assert.ok(f.total.green > 0);
  assert.equal(f.by_queue.reduce((a, x) => a + x.issued, 0), f.total.issued);
  assert.equal(f.by_hour.reduce((a, x) => a + x.called, 0), f.total.called);
  assert.ok(f.by_window.some((x) => x.label === '1 号窗口' && x.label_en === 'Window 1'));
  assert.ok(f.by_clerk.some((x) => x.label === s.accounts.clerk.name));
  assert.ok(f.by_hour.every((x) => /^\d\d:00$/.test(x.label)));
  // the counters agree with the tickets (checked here, never computed so by the server)
  const today = sql('SELECT max(day) FROM hall_tickets');
  assert.equal(Number(sql(`SELECT coalesce(sum(finished), 0) FROM hall_counters WHERE site_id = 1 AND day = ${today}`)),
    Number(sql(`SELECT count(*) FROM hall_tickets WHERE site_id = 1 AND day = ${today} AND state = 4`)));
  const one = await ok(await get(`/api/v1/hall/sites/1/stats?from=${f.to}&to=${f.to}`, 'manager'));
  assert.ok(one.total.issued < f.total.issued);
  await problem(await get('/api/v1/hall/sites/1/stats?from=2026-02-10&to=2026-02-01', 'manager'), 422, 'to');
  await problem(await get('/api/v1/hall/sites/1/stats?from=xx', 'manager'), 422, 'from');
  await problem(await get('/api/v1/hall/sites/1/stats?site=1', 'manager'), 400);
});
