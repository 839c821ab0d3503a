// The working-day calendar over HTTP against the real binary: the public
// years and working-day questions (the same answers as `onestop workday`),
// problems naming the field or the year, the system administrator's changes
// (a year's notice, closures) and the refusals of other roles, audit rows,
// and a change made with the CLI while the server runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, login, run } from '../lib/server.mjs';

// The second factor of administrators is issue 3's subject, tested there;
// here the system administrator signs in with the password alone (when the
// binary has that setting).
const passwordOnlyAdmin = () =>
  /totp_required_roles/.test(run(['help', 'serve']).stdout) ? ['--totp_required_roles', 'secadmin,auditor'] : [];

let s;
let admin; // the sysadmin's cookie
let clerk;
before(async () => {
  s = await startServer({ nextYear: false, args: passwordOnlyAdmin() }); // the tests publish 2027 themselves
  admin = await login(s.url, s.accounts.sysadmin.login, s.accounts.sysadmin.password);
  clerk = await login(s.url, s.accounts.clerk.login, s.accounts.clerk.password);
});
after(async () => {
  const r = await s.stop();
  assert.equal(r.code, 0, 'clean exit on SIGTERM');
});

const get = (path) => fetch(s.url + path);
const json = async (path, status = 200) => {
  const res = await get(path);
  const body = await res.json();
  assert.equal(res.status, status, `${path}: ${JSON.stringify(body)}`);
  return body;
};
function send(method, path, body, cookie) {
  const headers = { 'Content-Type': 'application/json' };
  if (cookie) headers.Cookie = cookie;
  return fetch(s.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}
async function problem(res, status, field) {
  const p = await res.json();
  assert.equal(res.status, status, JSON.stringify(p));
  assert.match(res.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(p.status, status);
  if (field !== undefined) assert.equal(p.field, field, JSON.stringify(p));
  return p;
}
// The sysadmin's id, for the audit rows.
const adminId = async () => (await (await fetch(s.url + '/api/v1/me', { headers: { Cookie: admin } })).json()).user.id;
const sql = (q) => execFileSync('sqlite3', [s.db, q], { encoding: 'utf8' }).trim();

test('the public list of years: 2023-2026 with sources and counts', async () => {
  const y = await json('/api/v1/calendar/years');
  assert.deepEqual(y.items.map((x) => x.year), [2023, 2024, 2025, 2026]);
  const y26 = y.items[3];
  assert.match(y26.source, /2026年部分节假日安排/);
  assert.equal(y26.holidays, 33);
  assert.equal(y26.workdays, 6);
  assert.equal(y.closures, 0);
});

test('one year: holidays, make-up days and closures; unknown and malformed years', async () => {
  const y = await json('/api/v1/calendar/years/2026');
  assert.equal(y.year, 2026);
  assert.ok(y.holidays.includes('2026-02-16'), 'Spring Festival');
  assert.ok(y.workdays.includes('2026-02-14'), 'make-up Saturday');
  assert.deepEqual(y.holidays, [...y.holidays].sort());
  assert.deepEqual(y.closures, []);
  let p = await problem(await get('/api/v1/calendar/years/2031'), 404, 'year');
  assert.equal(p.type, '/problems/no-calendar');
  assert.match(p.detail, /2031/);
  for (const bad of ['20x6', '1899', '12026', 'abcd'])
    await problem(await get(`/api/v1/calendar/years/${bad}`), 422, 'year');
});

// The same questions to the CLI (embedded calendar) and the API (database seeded from it).
const QUESTIONS = [
  ['add', { date: '2026-02-12', n: '3' }, ['2026-02-12', '3']],
  ['add', { date: '2025-12-31', n: '1' }, ['2025-12-31', '1']],
  ['add', { date: '2026-09-30', n: '4' }, ['2026-09-30', '4']],
  ['add', { date: '2026-02-12', n: '0' }, ['2026-02-12', '0']],
  ['between', { from: '2026-02-12', to: '2026-02-24' }, ['2026-02-12', '2026-02-24']],
  ['between', { from: '2026-01-31', to: '2026-02-28' }, ['2026-01-31', '2026-02-28']],
  ['between', { from: '2026-02-24', to: '2026-02-12' }, ['2026-02-24', '2026-02-12']],
  ['is', { date: '2026-02-14' }, ['2026-02-14']],
  ['is', { date: '2026-02-16' }, ['2026-02-16']],
  ['is', { date: '2022-12-31' }, ['2022-12-31']],
  ['is', { date: '2024-05-11' }, ['2024-05-11']],
];

test('workdays add, between and is give the same answers as `onestop workday`', async () => {
  for (const [op, q, args] of QUESTIONS) {
    const cli = run(['workday', op, ...args]);
    assert.equal(cli.code, 0, cli.stderr);
    const a = await json(`/api/v1/workdays/${op}?${new URLSearchParams(q)}`);
    const answer = op === 'add' ? a.result : op === 'between' ? String(a.count) : a.workday ? 'yes' : 'no';
    assert.equal(answer, cli.stdout.trim(), `${op} ${args.join(' ')}`);
  }
  const is = await json('/api/v1/workdays/is?date=2026-02-14');
  assert.deepEqual(is, { date: '2026-02-14', workday: true, kind: 'makeup' });
  assert.equal((await json('/api/v1/workdays/is?date=2026-02-16')).kind, 'holiday');
  assert.equal((await json('/api/v1/workdays/is?date=2026-03-01')).kind, 'weekend');
  assert.deepEqual(await json('/api/v1/workdays/add?date=2026-02-12&n=3'), { date: '2026-02-12', n: 3, result: '2026-02-24' });
  assert.deepEqual(await json('/api/v1/workdays/between?from=2026-02-12&to=2026-02-24'), { from: '2026-02-12', to: '2026-02-24', count: 3 });
});

test('a year without a calendar: 422 no-calendar naming the year', async () => {
  // (2027 is added by a later test)
  for (const [path, year] of [
    ['/api/v1/workdays/is?date=2030-01-04', 2030],
    ['/api/v1/workdays/add?date=2026-12-30&n=5', 2027],
    ['/api/v1/workdays/between?from=2026-12-01&to=2027-01-10', 2027],
    ['/api/v1/workdays/is?date=2022-06-01', 2022],
  ]) {
    const p = await problem(await get(path), 422);
    assert.equal(p.type, '/problems/no-calendar', path);
    assert.equal(p.year, year, path);
    assert.match(p.detail, new RegExp(`the year ${year}$`));
  }
});

test('malformed input: 422 naming the field; undeclared parameters 400', async () => {
  const cases = [
    ['/api/v1/workdays/is?date=2026-02-30', 'date'],
    ['/api/v1/workdays/is?date=2026-2-3', 'date'],
    ['/api/v1/workdays/is?date=%202026-02-03', 'date'],
    ['/api/v1/workdays/add?date=2026-02-12&n=-3', 'n'],
    ['/api/v1/workdays/add?date=2026-02-12&n=abc', 'n'],
    ['/api/v1/workdays/add?date=2026-02-12&n=3x', 'n'],
    ['/api/v1/workdays/add?date=2026-02-12&n=99999999999', 'n'],
    ['/api/v1/workdays/add?date=2026-02-12', 'n'],
    ['/api/v1/workdays/add?date=2026/02/12&n=1', 'date'],
    ['/api/v1/workdays/between?from=2026-02-12&to=2026-13-01', 'to'],
    ['/api/v1/workdays/between?from=x&to=2026-02-12', 'from'],
    ['/api/v1/workdays/between?from=2026-02-12', 'to'],
    ['/api/v1/workdays/is', 'date'],
  ];
  for (const [path, field] of cases) await problem(await get(path), 422, field);
  await problem(await get('/api/v1/workdays/is?date=2026-02-12&when=now'), 400, 'when');
});

test('only the system administrator changes the calendar: anonymous 401, clerk 403', async () => {
  const year = { holidays: '2027-01-01', workdays: '' };
  const closure = { date: '2026-03-03', reason: 'x' };
  await problem(await send('PUT', '/api/v1/calendar/years/2027', year), 401);
  await problem(await send('PUT', '/api/v1/calendar/years/2027', year, clerk), 403);
  await problem(await send('POST', '/api/v1/calendar/closures', closure), 401);
  await problem(await send('POST', '/api/v1/calendar/closures', closure, clerk), 403);
  await problem(await send('DELETE', '/api/v1/calendar/closures/2026-03-03'), 401);
  await problem(await send('DELETE', '/api/v1/calendar/closures/2026-03-03', undefined, clerk), 403);
  await problem(await get('/api/v1/calendar/years/2027'), 404, 'year');
  assert.equal((await json('/api/v1/workdays/is?date=2026-03-03')).workday, true);
});

test('the administrator puts 2027: created, answered, replaced, audited', async () => {
  const id = await adminId();
  let res = await send('PUT', '/api/v1/calendar/years/2027', {
    source: '国务院办公厅关于2027年部分节假日安排的通知 (test)',
    holidays: '2027-01-01, 2027-02-06,2027-02-07 ,2027-02-08',
    workdays: '2027-02-13',
  }, admin);
  let y = await res.json();
  assert.equal(res.status, 201, JSON.stringify(y));
  assert.deepEqual(y.holidays, ['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08']);
  assert.deepEqual(y.workdays, ['2027-02-13']);
  assert.deepEqual(await json('/api/v1/workdays/is?date=2027-02-13'), { date: '2027-02-13', workday: true, kind: 'makeup' });
  assert.equal((await json('/api/v1/workdays/add?date=2026-12-30&n=4')).result, '2027-01-06');
  assert.ok((await json('/api/v1/calendar/years')).items.some((x) => x.year === 2027 && x.holidays === 4));

  res = await send('PUT', '/api/v1/calendar/years/2027', { holidays: '2027-01-01', workdays: '' }, admin);
  y = await res.json();
  assert.equal(res.status, 200, 'replaced');
  assert.deepEqual([y.holidays, y.workdays, y.source], [['2027-01-01'], [], '']);
  assert.equal((await json('/api/v1/workdays/is?date=2027-02-08')).workday, true, 'the old holidays are gone');

  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'calendar.year.add' AND object = 'calendar/year/2027' AND actor_id = ${id} AND detail LIKE 'api %'`), '1');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'calendar.year.replace' AND object = 'calendar/year/2027' AND actor_id = ${id}`), '1');
});

test('a refused year names the field and the date, and changes nothing', async () => {
  const before = await json('/api/v1/calendar/years/2027');
  const gen = sql('SELECT generation FROM calendar_state');
  const cases = [
    [{ holidays: '2027-01-01,2027-02-30', workdays: '' }, 'holidays', /2027-02-30/],
    [{ holidays: '2027-01-01,', workdays: '' }, 'holidays', /bad date ""/],
    [{ holidays: '', workdays: '2027-01-29' }, 'workdays', /2027-01-29 is not a Saturday or Sunday/],
    [{ holidays: '2026-01-01', workdays: '' }, 'holidays', /already listed by the 2026 notice/],
    [{ holidays: '2029-05-01', workdays: '' }, 'holidays', /2029-05-01/],
    [{ holidays: '2027-01-02', workdays: '2027-01-02' }, 'holidays', /holiday and as working day/],
    [{ holidays: '2027-01-01', workdays: 'soon' }, 'workdays', /bad date "soon"/],
    [{ holidays: ['2027-01-01'], workdays: '' }, 'holidays', /string/],
    [{ holidays: '2027-01-01' }, 'workdays', /required/],
    [{ holidays: '2027-01-01', workdays: '', colour: 'red' }, 'colour', /not accepted/],
    [{ holidays: 'x'.repeat(4401), workdays: '' }, 'holidays', /length/],
    [{ holidays: Array(367).fill('2027-01-01').join(','), workdays: '' }, 'holidays', /more than 366/],
    [{ holidays: '2027-01-01', workdays: '', source: 's'.repeat(513) }, 'source', /length/],
  ];
  for (const [body, field, detail] of cases) {
    const p = await problem(await send('PUT', '/api/v1/calendar/years/2027', body, admin), 422, field);
    assert.match(p.detail, detail, JSON.stringify(body).slice(0, 80));
  }
  await problem(await send('PUT', '/api/v1/calendar/years/1899', { holidays: '', workdays: '' }, admin), 422, 'year');
  assert.deepEqual(await json('/api/v1/calendar/years/2027'), before);
  assert.equal(sql('SELECT generation FROM calendar_state'), gen, 'no change was stored');
});

test('closures: declare, see, refuse twice, remove; per site; audited', async () => {
  const id = await adminId();
  let res = await send('POST', '/api/v1/calendar/closures', { date: '2026-03-03', reason: '停电检修' }, admin);
  assert.equal(res.status, 201);
  assert.deepEqual(await res.json(), { date: '2026-03-03', reason: '停电检修', site_id: null });
  assert.deepEqual(await json('/api/v1/workdays/is?date=2026-03-03'), { date: '2026-03-03', workday: false, kind: 'closure', reason: '停电检修' });
  assert.equal((await json('/api/v1/workdays/add?date=2026-03-02&n=1')).result, '2026-03-04');
  assert.equal((await json('/api/v1/workdays/between?from=2026-03-01&to=2026-03-06')).count, 4);
  const y = await json('/api/v1/calendar/years/2026');
  assert.deepEqual(y.closures, [{ date: '2026-03-03', reason: '停电检修', site_id: null }]);
  assert.equal((await json('/api/v1/calendar/years')).closures, 1);

  let p = await problem(await send('POST', '/api/v1/calendar/closures', { date: '2026-03-03', reason: 'again' }, admin), 409, 'date');
  assert.match(p.detail, /already closed/);
  await problem(await send('POST', '/api/v1/calendar/closures', { date: '2026-02-30', reason: 'x' }, admin), 422, 'date');
  await problem(await send('POST', '/api/v1/calendar/closures', { date: '2026-03-04', reason: '' }, admin), 422, 'reason');
  await problem(await send('POST', '/api/v1/calendar/closures', { date: '2026-03-04', reason: 'r'.repeat(257) }, admin), 422, 'reason');
  await problem(await send('POST', '/api/v1/calendar/closures', { date: '2026-03-04', reason: 'bad\u0001' }, admin), 422, 'reason');
  await problem(await send('POST', '/api/v1/calendar/closures', { date: '2026-03-04', reason: 'x', site_id: 999999 }, admin), 422, 'site_id');
  await problem(await send('POST', '/api/v1/calendar/closures', { date: '2026-03-04' }, admin), 422, 'reason');

  // A township centre closes for a day: the district's calendar is unchanged.
  const town = (await json('/api/v1/sites?tier=township&limit=1')).items[0];
  res = await send('POST', '/api/v1/calendar/closures', { date: '2026-03-05', reason: '乡镇中心搬迁', site_id: town.id }, admin);
  assert.equal(res.status, 201);
  assert.equal((await res.json()).site_id, town.id);
  assert.equal((await json('/api/v1/workdays/is?date=2026-03-05')).workday, true);
  assert.ok((await json('/api/v1/calendar/years/2026')).closures.some((c) => c.site_id === town.id && c.date === '2026-03-05'));
  await problem(await send('DELETE', '/api/v1/calendar/closures/2026-03-05', undefined, admin), 404, 'date');
  res = await send('DELETE', `/api/v1/calendar/closures/2026-03-05?site_id=${town.id}`, undefined, admin);
  assert.equal(res.status, 204);

  res = await send('DELETE', '/api/v1/calendar/closures/2026-03-03', undefined, admin);
  assert.equal(res.status, 204);
  assert.equal((await json('/api/v1/workdays/is?date=2026-03-03')).workday, true);
  p = await problem(await send('DELETE', '/api/v1/calendar/closures/2026-03-03', undefined, admin), 404, 'date');
  assert.match(p.detail, /not closed/);
  await problem(await send('DELETE', '/api/v1/calendar/closures/2026-3-3', undefined, admin), 422, 'date');
  await problem(await send('DELETE', '/api/v1/calendar/closures/tomorrow', undefined, admin), 422, 'date');

  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'calendar.closure.add' AND actor_id = ${id}`), '2');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'calendar.closure.remove' AND actor_id = ${id} AND object = 'calendar/closure/2026-03-03'`), '1');
  assert.equal(sql(`SELECT count(*) FROM audit_log WHERE action = 'calendar.closure.remove' AND object = 'calendar/closure/2026-03-05/site/${town.id}'`), '1');
  assert.equal(sql('SELECT count(*) FROM calendar_closures'), '0');
});

test('a closure declared with the CLI while the server runs is answered within seconds', async () => {
  assert.equal((await json('/api/v1/workdays/is?date=2026-03-10')).workday, true);
  const r = run(['calendar', 'close', '--db', s.db, '2026-03-10', '全区停电']);
  assert.equal(r.code, 0, r.stderr);
  let answer;
  for (let i = 0; i < 100; i++) {
    answer = await json('/api/v1/workdays/is?date=2026-03-10');
    if (!answer.workday) break;
    await new Promise((res) => setTimeout(res, 200));
  }
  assert.deepEqual(answer, { date: '2026-03-10', workday: false, kind: 'closure', reason: '全区停电' });
  assert.equal(run(['calendar', 'reopen', '--db', s.db, '2026-03-10']).code, 0);
});
