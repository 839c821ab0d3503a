// The port-visa office (issue 8) against the real binary and its demo week:
// a 30-member group from pre-submission to an issued PDF with one absentee,
// a walk-in study visa, MRZ errors per member, duplicates across groups,
// agency isolation, officer-only routes, the watch list, the receipt's
// no-surcharge statement and the first-week figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, login } from '../lib/server.mjs';

let s;
const jar = {};
before(async () => {
  s = await startServer();
  jar.agency = await login(s.url, 'agency', s.accounts.agency.password);
  jar.officer = await login(s.url, 'officer', s.accounts.officer.password);
  jar.citizen = await login(s.url, 'citizen', s.accounts.citizen.password);
  // A second agency's account: the demo has one agency login; this one shares
  // its password hash and belongs to the second demo agency.
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', s.db,
    "INSERT INTO users(login, display_name, role, password_hash, created_at, agency_id) " +
    "SELECT 'agency.b', '张家界天门国际旅行社', 'agency', password_hash, created_at, 2 FROM users WHERE login = 'agency'"]);
  jar.agencyB = await login(s.url, 'agency.b', s.accounts.agency.password);
});
after(async () => { const r = await s.stop(); assert.equal(r.code, 0, 'clean exit'); });

async function call(who, method, path, body) {
  const headers = { Accept: 'application/json' };
  if (who) headers.Cookie = jar[who];
  if (method !== 'GET') headers['Content-Type'] = 'application/json';
  const res = await fetch(s.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json() : type.includes('pdf') ? Buffer.from(await res.arrayBuffer()) : await res.text();
  return { status: res.status, type, data };
}
const get = (who, path) => call(who, 'GET', path);
const post = (who, path, body) => call(who, 'POST', path, body);

// ---- passports and their MRZ (ICAO 9303 TD3) ----
function checkDigit(str) {
  const w = [7, 3, 1];
  let t = 0;
  for (let i = 0; i < str.length; i++) {
    const c = str[i];
    const v = c === '<' ? 0 : /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    t += v * w[i % 3];
  }
  return String(t % 10);
}
const pad = (x, n) => (x + '<'.repeat(n)).slice(0, n);
const yymmdd = (d) => d.slice(2, 4) + d.slice(5, 7) + d.slice(8, 10);
function mrz(p) {
  const l1 = 'P<' + p.nationality + pad(`${p.surname}<<${p.given}`.replace(/ /g, '<'), 39);
  const doc = pad(p.passport, 9) + checkDigit(pad(p.passport, 9));
  const birth = yymmdd(p.birth) + checkDigit(yymmdd(p.birth));
  const exp = yymmdd(p.expiry) + checkDigit(yymmdd(p.expiry));
  const opt = '<'.repeat(14) + '0';
  const l2 = doc + p.nationality + birth + p.sex + exp + opt;
  return [l1, l2 + checkDigit(doc + birth + exp + opt)];
}
const SUR = ['KIM', 'LEE', 'PARK', 'CHOI', 'JUNG', 'KANG', 'CHO', 'YOON', 'JANG', 'LIM'];
const GIV = ['MINJUN', 'SEOYEON', 'JIHOON', 'JIWOO', 'HYUNWOO', 'SOYEON', 'YOUNGHO', 'EUNJI'];
let serial = 0;
function person(i) {
  serial++;
  return {
    surname: SUR[i % SUR.length], given: `${GIV[i % GIV.length]} ${String.fromCharCode(65 + (serial % 26))}${String.fromCharCode(65 + ((serial * 7) % 26))}`,
    nationality: 'KOR', passport: `T${String(40000000 + serial * 7919 + Math.floor(Math.random() * 7000)).slice(0, 8)}`,
    birth: `19${60 + (i % 35)}-0${1 + (i % 9)}-1${i % 10}`, sex: i % 2 ? 'F' : 'M', expiry: '2035-06-30',
  };
}
const block = (people) => people.map((p) => mrz(p).join('\n')).join('\n\n');
const shanghaiDay = (plusDays = 0) => new Date(Date.now() + 8 * 3600e3 + plusDays * 86400e3).toISOString().slice(0, 10);
let groupSerial = 0;
function groupBody(extra = {}) {
  groupSerial++;
  return {
    group_no: `T-${Date.now() % 100000}-${groupSerial}`, flight: '7c8567', arrival_date: shanghaiDay(3), arrival_time: '12:55',
    itinerary: '张家界国家森林公园—天门山—大峡谷玻璃桥', stay_days: 6, leader_name: '李明', leader_phone: '13900000000', ...extra,
  };
}
function pdfText(buf) {
  const dir = mkdtempSync(join(tmpdir(), 'visa-pdf-'));
  try {
    writeFileSync(join(dir, 'v.pdf'), buf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'v.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const squash = (t) => t.replace(/\s+/g, ' ');

test('a 30-member group: pre-submission, review, arrival with one absentee, issued PDF', async () => {
  const people = Array.from({ length: 30 }, (_, i) => person(i));
  let r = await post('agency', '/api/v1/visa/groups', groupBody({ mrz: block(people) }));
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const g = r.data;
  assert.equal(g.status, 'draft');
  assert.equal(g.flight, '7C8567', 'flight upper-cased');
  assert.equal(g.members.length, 30);
  assert.equal(g.agency.name, '张家界国际旅行社');
  assert.equal(g.port.name, '张家界荷花国际机场');
  // personal data is masked in the agency's view
  assert.match(g.members[0].passport_number, /^T4\*+\d\d$/);
  assert.match(g.members[0].birth_date, /^\d{4}-\*\*-\*\*$/);
  assert.ok(!JSON.stringify(g).includes(people[0].passport));

  // the agency corrects the leader and the stay, then submits
  r = await call('agency', 'PUT', `/api/v1/visa/groups/${g.id}`, groupBody({ group_no: g.group_no, stay_days: 7 }));
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.stay_days, 7);
  r = await post('agency', `/api/v1/visa/groups/${g.id}/submit`);
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.status, 'submitted');
  r = await post('agency', `/api/v1/visa/groups/${g.id}/submit`);
  assert.equal(r.status, 409, 'submitted once');
  r = await call('agency', 'PUT', `/api/v1/visa/groups/${g.id}`, groupBody({ group_no: g.group_no }));
  assert.equal(r.status, 409, 'no changes after submission');

  // the officer reviews: the queue, one member in full (audited), approval
  r = await get('officer', '/api/v1/visa/review?limit=200');
  assert.equal(r.status, 200);
  assert.ok(r.data.items.some((x) => x.id === g.id), 'in the review queue');
  const m0 = g.members[0];
  r = await get('officer', `/api/v1/visa/groups/${g.id}/members/${m0.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.passport_number, people[0].passport, 'the officer sees the full number');
  assert.equal(r.data.birth_date, people[0].birth);
  r = await post('officer', `/api/v1/visa/groups/${g.id}/members/${m0.id}/decision`, { decision: 'approve' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.status, 'under_review');
  r = await post('officer', `/api/v1/visa/groups/${g.id}/decision`, { decision: 'approve', reason: '材料齐全' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.status, 'approved');
  assert.equal(r.data.counts.approved, 30);

  // arrival: the day board by flight, 29 MRZ scans, one struck off
  r = await get('officer', `/api/v1/visa/arrivals?date=${g.arrival_date}`);
  assert.equal(r.status, 200);
  const flight = r.data.flights.find((f) => f.flight === '7C8567');
  assert.ok(flight?.groups.some((x) => x.id === g.id), 'on the day board');
  for (const p of people.slice(0, 29)) {
    r = await post('officer', `/api/v1/visa/groups/${g.id}/scan`, { mrz: mrz(p).join('\n') });
    assert.equal(r.status, 200, JSON.stringify(r.data));
  }
  assert.equal(r.data.status, 'arrived');
  assert.equal(r.data.counts.present, 29);
  assert.equal(r.data.scanned.status, 'present');
  // a stranger's passport is not on the list; a misread MRZ is refused
  r = await post('officer', `/api/v1/visa/groups/${g.id}/scan`, { mrz: mrz(person(3)).join('\n') });
  assert.equal(r.status, 422);
  assert.equal(r.data.type, '/problems/not-on-list');
  const bad = mrz(people[29]);
  bad[1] = bad[1].slice(0, 9) + String((Number(bad[1][9]) + 1) % 10) + bad[1].slice(10);
  r = await post('officer', `/api/v1/visa/groups/${g.id}/scan`, { mrz: bad.join('\n') });
  assert.equal(r.status, 422);
  assert.equal(r.data.errors[0].field, 'passport_number');
  assert.equal(r.data.errors[0].code, 'check-digit');
  // issuing with one member neither scanned nor struck off is refused
  r = await post('officer', `/api/v1/visa/groups/${g.id}/issue`, {});
  assert.equal(r.status, 409);
  const absent = g.members[29];
  r = await post('officer', `/api/v1/visa/groups/${g.id}/members/${absent.id}/attendance`, { status: 'absent', reason: '未随团抵达' });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.counts.absent, 1);

  r = await post('officer', `/api/v1/visa/groups/${g.id}/issue`, {});
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const v = r.data;
  assert.match(v.number, /^ZJJ\d{4}\d{6}$/);
  assert.equal(v.persons, 29);
  assert.equal(v.people.length, 29);
  assert.equal(v.entries, 1);
  assert.equal(v.type, 'group_tourist');
  assert.match(v.people[0].passport_number, /\*/, 'masked in JSON');

  // the printable document: Chinese title, the 29 names, not the absentee
  r = await get('officer', `/api/v1/visa/visas/${v.id}/pdf`);
  assert.equal(r.status, 200);
  assert.match(r.type, /^application\/pdf/);
  assert.equal(r.data.subarray(0, 5).toString(), '%PDF-');
  const text = squash(pdfText(r.data));
  assert.ok(text.includes('中华人民共和国口岸签证'), 'Chinese title');
  assert.ok(text.includes('团体旅游签证'), 'group tourist visa');
  assert.ok(text.includes(v.number), 'the number');
  assert.ok(text.includes('张家界荷花国际机场'), 'the port');
  assert.ok(text.includes('除规定费用外，不收取任何其他费用'), 'no surcharge');
  assert.ok(text.includes('卓建国'), 'issuing officer');
  const names = people.slice(0, 29).map((p) => `${p.surname} ${p.given}`);
  for (const n of names) assert.ok(text.includes(n), `name ${n} on the visa`);
  assert.ok(!text.includes(`${people[29].surname} ${people[29].given}`), 'absentee not listed');
  assert.ok(text.includes(people[0].passport), 'full passport number on the document');

  // reprint: recorded and marked
  r = await post('officer', `/api/v1/visa/visas/${v.id}/reprint`, { reason: '原件污损' });
  assert.equal(r.status, 200);
  assert.equal(r.data.prints, 1);
  r = await get('officer', `/api/v1/visa/visas/${v.id}/pdf`);
  assert.ok(squash(pdfText(r.data)).includes('Reprint no. 1'));

  // the group is issued; the agency sees its visa but not the PDF
  r = await get('agency', `/api/v1/visa/groups/${g.id}`);
  assert.equal(r.data.status, 'issued');
  assert.equal(r.data.visa_id, v.id);
  r = await get('agency', `/api/v1/visa/visas/${v.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.number, v.number);
  r = await get('agency', '/api/v1/visa/visas?limit=200');
  assert.ok(r.data.items.some((x) => x.id === v.id));
  r = await get('agency', `/api/v1/visa/visas/${v.id}/pdf`);
  assert.equal(r.status, 403);

  // the receipt: the official fee times persons, and the statement
  r = await get('agency', `/api/v1/visa/receipts/${v.receipt.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.persons, 29);
  assert.equal(r.data.total_fen, r.data.fee_per_person_fen * 29);
  assert.equal(r.data.statement.zh, '除规定费用外，不收取任何其他费用');
  assert.equal(r.data.statement.en, 'No charge beyond the official fee');
  const fees = await get(null, '/api/v1/visa/fees');
  assert.equal(fees.status, 200);
  const tourist = fees.data.items.find((x) => x.type === 'group_tourist');
  assert.equal(r.data.fee_per_person_fen, tourist.fee_fen, 'the fee comes from the schedule');
  assert.ok(fees.data.items.some((x) => x.fee_fen === 0), 'a fee may be zero');
  assert.ok(!JSON.stringify(fees.data).match(/surcharge_|extra_fee/), 'no surcharge field');
  r = await get('agency', `/api/v1/visa/receipts/${v.receipt.id}/pdf`);
  assert.equal(r.status, 200);
  const rt = squash(pdfText(r.data));
  assert.ok(rt.includes('除规定费用外，不收取任何其他费用'));
  assert.ok(rt.includes('No charge beyond the official fee'));
  assert.ok(rt.includes(`¥${r.data ? (tourist.fee_fen * 29 / 100).toFixed(2) : ''}`), 'the total');
});

test('a walk-in study visa at once (特事特办)', async () => {
  const p = person(5);
  let r = await post('officer', '/api/v1/visa/special', {
    category: 'study', document_ref: '吉首大学录取通知书 2026-001', mrz: mrz(p).join('\n'), stay_days: 30, flight: 'ke8131', note: '报到',
  });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.type, 'study');
  assert.equal(r.data.persons, 1);
  assert.equal(r.data.special.category, 'study');
  assert.equal(r.data.flight, 'KE8131');
  assert.equal(r.data.agency, null);
  const id = r.data.id;
  r = await get('officer', '/api/v1/visa/visas?special=true&limit=200');
  assert.ok(r.data.items.some((x) => x.id === id));
  assert.ok(r.data.items.every((x) => x.special));
  r = await get('officer', `/api/v1/visa/visas/${id}/pdf`);
  const text = squash(pdfText(r.data));
  assert.ok(text.includes('入境求学'));
  assert.ok(text.includes(`${p.surname} ${p.given}`));
  // the same passport again: issued already, but not in a group; a bad MRZ is refused
  const bad = mrz(person(6));
  bad[1] = bad[1].slice(0, 43) + String((Number(bad[1][43]) + 1) % 10);
  r = await post('officer', '/api/v1/visa/special', { category: 'sports', document_ref: 'X', mrz: bad.join('\n'), stay_days: 5 });
  assert.equal(r.status, 422);
  assert.equal(r.data.errors[0].code, 'check-digit');
  r = await post('officer', '/api/v1/visa/special', { category: 'group_tourist', document_ref: 'X', mrz: mrz(person(7)).join('\n'), stay_days: 5 });
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'category');
  // an agency cannot
  r = await post('agency', '/api/v1/visa/special', { category: 'study', document_ref: 'X', mrz: mrz(person(8)).join('\n'), stay_days: 5 });
  assert.equal(r.status, 403);
});

test('MRZ and CSV errors are reported per member and nothing is saved', async () => {
  const before = (await get('agency', '/api/v1/visa/groups?limit=200')).data.total;
  const people = [person(1), person(2), person(3)];
  const lines = people.map(mrz);
  // member 2 (index 1): a wrong birth-date check digit; member 3: passport expires during the stay
  lines[1][1] = lines[1][1].slice(0, 19) + String((Number(lines[1][1][19]) + 1) % 10) + lines[1][1].slice(20);
  lines[2] = mrz({ ...people[2], expiry: shanghaiDay(5) });
  const text = lines.map((l) => l.join('\n')).join('\n');
  let r = await post('agency', '/api/v1/visa/groups', groupBody({ mrz: text }));
  assert.equal(r.status, 422);
  assert.equal(r.data.type, '/problems/invalid-members');
  const errs = r.data.errors.map((e) => [e.index, e.member, e.field, e.code]);
  assert.deepEqual(errs, [
    [1, 2, 'birth_date', 'check-digit'],
    [2, 3, 'passport_expiry', 'passport-expires'],
  ]);
  assert.equal((await get('agency', '/api/v1/visa/groups?limit=200')).data.total, before, 'no group saved');

  // CSV: header, one good row, one with a bad date and an unknown country
  const csv = 'surname,given_names,sex,birth_date,nationality,passport_number,expiry\n' +
    'SRISUK,SOMCHAI,M,1970-01-02,THA,AB1234567,2034-01-01\n' +
    'BOONMEE,NARUMON,F,1971-02-30,XXX,AB7654321,2034-01-01\n';
  r = await post('agency', '/api/v1/visa/groups', groupBody({ csv }));
  assert.equal(r.status, 422);
  assert.deepEqual(r.data.errors.map((e) => [e.index, e.field]), [[1, 'birth_date'], [1, 'nationality']]);

  // group fields are checked too: stay over 30 days is refused by the schema
  r = await post('agency', '/api/v1/visa/groups', groupBody({ stay_days: 31 }));
  assert.equal(r.status, 422);
  assert.equal(r.data.field, 'stay_days');
  r = await post('agency', '/api/v1/visa/groups', groupBody({ flight: '1234', arrival_date: '2020-01-01' }));
  assert.equal(r.status, 422);
  assert.ok(r.data.errors.some((e) => e.field === 'flight') && r.data.errors.some((e) => e.code === 'past'));

  // an empty draft, then members by hand, by CSV, corrected, removed
  r = await post('agency', '/api/v1/visa/groups', groupBody());
  assert.equal(r.status, 201);
  const g = r.data;
  const p = person(9);
  r = await post('agency', `/api/v1/visa/groups/${g.id}/members`, {
    surname: p.surname, given_names: p.given, sex: p.sex, birth_date: p.birth, nationality: 'kor', passport_number: p.passport, passport_expiry: p.expiry,
  });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.members.length, 1);
  r = await post('agency', `/api/v1/visa/groups/${g.id}/members`, { csv: 'A,B,M,1970-01-02,THA,AB1111111,2034-01-01\nC,D,F,1971-01-02,THA,AB2222222,2034-01-01' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.members.length, 3);
  // a duplicate within the group, and a mix of ways, are refused
  r = await post('agency', `/api/v1/visa/groups/${g.id}/members`, { csv: 'E,F,M,1970-01-02,THA,AB1111111,2034-01-01' });
  assert.equal(r.status, 422);
  assert.equal(r.data.errors[0].code, 'duplicate');
  r = await post('agency', `/api/v1/visa/groups/${g.id}/members`, { csv: 'E,F,M,1970-01-02,THA,AB3333333,2034-01-01', mrz: 'x' });
  assert.equal(r.status, 422);
  const m = r.data && (await get('agency', `/api/v1/visa/groups/${g.id}`)).data.members[1];
  r = await call('agency', 'PUT', `/api/v1/visa/groups/${g.id}/members/${m.id}`, { mrz: mrz(person(10)).join('\n') });
  assert.equal(r.status, 200, JSON.stringify(r.data));
  assert.equal(r.data.members[1].surname, person(10).surname);
  r = await call('agency', 'DELETE', `/api/v1/visa/groups/${g.id}/members/${m.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.data.members.length, 2);
  r = await post('agency', `/api/v1/visa/groups/${g.id}/cancel`, { reason: '行程取消' });
  assert.equal(r.status, 200);
  assert.equal(r.data.status, 'cancelled');
});

test('a passport in another active group is refused', async () => {
  const p = person(11);
  let r = await post('agency', '/api/v1/visa/groups', groupBody({ mrz: mrz(p).join('\n') }));
  assert.equal(r.status, 201);
  r = await post('agency', '/api/v1/visa/groups', groupBody({ mrz: [mrz(person(12)), mrz(p)].map((l) => l.join('\n')).join('\n') }));
  assert.equal(r.status, 409);
  assert.equal(r.data.type, '/problems/duplicate-passport');
  assert.deepEqual(r.data.errors.map((e) => [e.index, e.field, e.code]), [[1, 'passport_number', 'duplicate-other-group']]);
  // another agency is refused the same way, without learning whose group it is
  r = await post('agencyB', '/api/v1/visa/groups', groupBody({ mrz: mrz(p).join('\n') }));
  assert.equal(r.status, 409);
  assert.ok(!JSON.stringify(r.data).includes('张家界国际旅行社'));
});

test('agency isolation: another agency gets 404, a citizen 403, nobody 401', async () => {
  let r = await post('agency', '/api/v1/visa/groups', groupBody({ mrz: mrz(person(13)).join('\n') }));
  const g = r.data;
  const m = g.members[0];
  for (const [method, path, body] of [
    ['GET', `/api/v1/visa/groups/${g.id}`],
    ['PUT', `/api/v1/visa/groups/${g.id}`, groupBody()],
    ['POST', `/api/v1/visa/groups/${g.id}/members`, { mrz: mrz(person(14)).join('\n') }],
    ['PUT', `/api/v1/visa/groups/${g.id}/members/${m.id}`, { mrz: mrz(person(15)).join('\n') }],
    ['DELETE', `/api/v1/visa/groups/${g.id}/members/${m.id}`],
    ['POST', `/api/v1/visa/groups/${g.id}/submit`],
    ['POST', `/api/v1/visa/groups/${g.id}/cancel`, { reason: 'x' }],
  ]) {
    r = await call('agencyB', method, path, body);
    assert.equal(r.status, 404, `${method} ${path}: ${JSON.stringify(r.data)}`);
  }
  r = await get('agencyB', '/api/v1/visa/groups?limit=200');
  assert.equal(r.status, 200);
  assert.ok(!r.data.items.some((x) => x.id === g.id));
  r = await get('agencyB', '/api/v1/visa/agencies');
  assert.deepEqual(r.data.items.map((a) => a.id), [2]);
  // the demo week's visas of agency A are not B's
  const visasA = (await get('agency', '/api/v1/visa/visas?limit=5')).data.items;
  r = await get('agencyB', `/api/v1/visa/visas/${visasA[0].id}`);
  assert.equal(r.status, 404);
  r = await get('agencyB', `/api/v1/visa/receipts/${visasA[0].receipt.id}`);
  assert.equal(r.status, 404);
  r = await get('agency', `/api/v1/visa/groups/${g.id}`);
  assert.equal(r.status, 200, 'the owner still sees it');
  r = await get('citizen', `/api/v1/visa/groups/${g.id}`);
  assert.equal(r.status, 403);
  r = await get('citizen', '/api/v1/visa/groups');
  assert.equal(r.status, 403);
  r = await get(null, '/api/v1/visa/groups');
  assert.equal(r.status, 401);
});

test('officer-only routes refuse the agency', async () => {
  const g = (await post('agency', '/api/v1/visa/groups', groupBody({ mrz: mrz(person(16)).join('\n') }))).data;
  const m = g.members[0];
  for (const [method, path, body] of [
    ['GET', '/api/v1/visa/review'],
    ['POST', `/api/v1/visa/groups/${g.id}/decision`, { decision: 'approve' }],
    ['POST', `/api/v1/visa/groups/${g.id}/members/${m.id}/decision`, { decision: 'approve' }],
    ['GET', `/api/v1/visa/groups/${g.id}/members/${m.id}`],
    ['GET', '/api/v1/visa/arrivals'],
    ['POST', `/api/v1/visa/groups/${g.id}/scan`, { mrz: 'x' }],
    ['POST', `/api/v1/visa/groups/${g.id}/members/${m.id}/attendance`, { status: 'present' }],
    ['POST', `/api/v1/visa/groups/${g.id}/issue`, {}],
    ['GET', '/api/v1/visa/watchlist'],
    ['POST', '/api/v1/visa/watchlist', { surname: 'X', reason: 'x' }],
    ['DELETE', '/api/v1/visa/watchlist/1'],
    ['GET', '/api/v1/visa/stats'],
    ['POST', '/api/v1/visa/agencies', { name: 'X', licence_no: 'L-X-0001' }],
  ]) {
    const r = await call('agency', method, path, body);
    assert.equal(r.status, 403, `${method} ${path}`);
  }
  // and the officer cannot act as an agency
  const r = await post('officer', '/api/v1/visa/groups', groupBody());
  assert.equal(r.status, 403);
});

test('the watch list flags a member; the officer decides before approval', async () => {
  const p = person(17);
  let r = await post('officer', '/api/v1/visa/watchlist', { passport_number: p.passport.toLowerCase(), nationality: 'KOR', reason: '护照已报失（测试）' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  const wid = r.data.id;
  r = await post('officer', '/api/v1/visa/watchlist', { reason: 'nothing to match' });
  assert.equal(r.status, 422);
  r = await get('officer', '/api/v1/visa/watchlist');
  assert.ok(r.data.items.some((x) => x.id === wid && x.passport_number === p.passport));

  r = await post('agency', '/api/v1/visa/groups', groupBody({ mrz: [mrz(person(18)), mrz(p)].map((l) => l.join('\n')).join('\n') }));
  const g = r.data;
  r = await post('agency', `/api/v1/visa/groups/${g.id}/submit`);
  assert.equal(r.status, 200);
  assert.equal(r.data.members[1].status, 'pending', 'the agency does not learn of the watch list');
  assert.equal(r.data.counts.flagged, 0);
  r = await get('officer', `/api/v1/visa/groups/${g.id}`);
  assert.equal(r.data.members[1].status, 'flagged');
  assert.equal(r.data.members[1].watch_hit, true);
  r = await get('officer', `/api/v1/visa/groups/${g.id}/members/${g.members[1].id}`);
  assert.equal(r.data.watch.reason, '护照已报失（测试）');
  r = await post('officer', `/api/v1/visa/groups/${g.id}/decision`, { decision: 'approve' });
  assert.equal(r.status, 409);
  r = await post('officer', `/api/v1/visa/groups/${g.id}/members/${g.members[1].id}/decision`, { decision: 'refuse' });
  assert.equal(r.status, 422, 'a refusal needs a reason');
  r = await post('officer', `/api/v1/visa/groups/${g.id}/members/${g.members[1].id}/decision`, { decision: 'refuse', reason: '护照已报失' });
  assert.equal(r.status, 200);
  r = await post('officer', `/api/v1/visa/groups/${g.id}/decision`, { decision: 'approve' });
  assert.equal(r.status, 200);
  assert.deepEqual([r.data.counts.approved, r.data.counts.refused], [1, 1]);
  // the refused member cannot be checked in; the other can, by hand
  r = await post('officer', `/api/v1/visa/groups/${g.id}/scan`, { mrz: mrz(p).join('\n') });
  assert.equal(r.status, 409);
  r = await post('officer', `/api/v1/visa/groups/${g.id}/members/${g.members[0].id}/attendance`, { status: 'present' });
  assert.equal(r.status, 200);
  assert.equal(r.data.status, 'arrived');
  r = await post('officer', `/api/v1/visa/groups/${g.id}/issue`, { strike_off: true });
  assert.equal(r.status, 201);
  assert.equal(r.data.persons, 1);
  r = await call('officer', 'DELETE', `/api/v1/visa/watchlist/${wid}`);
  assert.equal(r.status, 204);
  r = await call('officer', 'DELETE', `/api/v1/visa/watchlist/${wid}`);
  assert.equal(r.status, 404);
});

test('returns, refusals and the submission deadline', async () => {
  let g = (await post('agency', '/api/v1/visa/groups', groupBody({ mrz: mrz(person(19)).join('\n') }))).data;
  await post('agency', `/api/v1/visa/groups/${g.id}/submit`);
  let r = await post('officer', `/api/v1/visa/groups/${g.id}/members/${g.members[0].id}/decision`, { decision: 'return', reason: '姓名拼写与护照不符' });
  assert.equal(r.status, 200);
  assert.equal(r.data.members[0].needs_correction, true);
  r = await post('officer', `/api/v1/visa/groups/${g.id}/decision`, { decision: 'approve' });
  assert.equal(r.status, 409, 'members marked for correction');
  r = await post('officer', `/api/v1/visa/groups/${g.id}/decision`, { decision: 'return' });
  assert.equal(r.status, 422, 'a return states its reason');
  r = await post('officer', `/api/v1/visa/groups/${g.id}/decision`, { decision: 'return', reason: '请更正第 1 名成员' });
  assert.equal(r.status, 200);
  assert.equal(r.data.status, 'returned');
  r = await get('agency', `/api/v1/visa/groups/${g.id}`);
  assert.equal(r.data.note, '请更正第 1 名成员');
  r = await call('agency', 'PUT', `/api/v1/visa/groups/${g.id}/members/${g.members[0].id}`, { mrz: mrz(person(20)).join('\n') });
  assert.equal(r.status, 200);
  assert.equal(r.data.members[0].needs_correction, false);
  r = await post('agency', `/api/v1/visa/groups/${g.id}/submit`);
  assert.equal(r.status, 200);
  r = await post('officer', `/api/v1/visa/groups/${g.id}/decision`, { decision: 'refuse', reason: '不符合条件' });
  assert.equal(r.status, 200);
  assert.equal(r.data.status, 'refused');
  assert.equal(r.data.counts.refused, 1);
  r = await post('officer', `/api/v1/visa/groups/${g.id}/decision`, { decision: 'maybe' });
  assert.equal(r.status, 422);

  // arriving in two hours: past the 24-hour deadline
  const soon = new Date(Date.now() + 8 * 3600e3 + 2 * 3600e3);
  g = (await post('agency', '/api/v1/visa/groups', groupBody({
    arrival_date: soon.toISOString().slice(0, 10), arrival_time: soon.toISOString().slice(11, 16), mrz: mrz(person(21)).join('\n'),
  }))).data;
  r = await post('agency', `/api/v1/visa/groups/${g.id}/submit`);
  assert.equal(r.status, 409);
  assert.match(r.data.detail, /deadline/);
});

test('agencies: listed, registered by an officer, names and licences unique', async () => {
  let r = await get('agency', '/api/v1/visa/agencies');
  assert.deepEqual(r.data.items.map((a) => a.name), ['张家界国际旅行社']);
  r = await get('officer', '/api/v1/visa/agencies');
  assert.ok(r.data.items.length >= 6);
  r = await post('officer', '/api/v1/visa/agencies', { name: '张家界测试国际旅行社', licence_no: 'l-hun-cj09999', contact_phone: '0744-1234567' });
  assert.equal(r.status, 201, JSON.stringify(r.data));
  assert.equal(r.data.licence_no, 'L-HUN-CJ09999');
  r = await post('officer', '/api/v1/visa/agencies', { name: '另一家', licence_no: 'L-HUN-CJ09999' });
  assert.equal(r.status, 409);
  r = await post('officer', '/api/v1/visa/agencies', { name: '坏的', licence_no: 'L HUN' });
  assert.equal(r.status, 422);
});

test('the first week: about 1,000 persons in 7 days, 300+ on the busiest days', async () => {
  const r = await get('officer', '/api/v1/visa/stats?from=2023-04-10&to=2023-04-16');
  assert.equal(r.status, 200);
  const t = r.data.totals;
  assert.ok(t.persons >= 950 && t.persons < 1000, `${t.persons} persons`);
  assert.equal(r.data.days.length, 7);
  const busy = r.data.days.filter((d) => d.persons >= 300);
  assert.ok(busy.length >= 1, 'a day with 300+');
  assert.equal(t.busiest_day, '2023-04-13');
  assert.equal(r.data.days.reduce((a, d) => a + d.persons, 0), t.persons);
  const tourist = t.by_type.find((x) => x.key === 'group_tourist');
  assert.ok(tourist.persons / t.persons > 0.9, 'mostly group tourist visas');
  assert.ok(t.by_type.some((x) => x.key === 'study') && t.by_type.some((x) => x.key === 'sports'));
  assert.ok(t.by_agency.length >= 5 && t.by_agency.some((x) => x.name.zh === '张家界国际旅行社'));
  assert.ok(t.by_nationality[0].key === 'KOR' && t.by_nationality.length >= 4);
  assert.ok(t.by_flight.length >= 5);
  assert.ok(Number.isInteger(t.median_minutes) && t.median_minutes > 0);
  // periods are bounded
  assert.equal((await get('officer', '/api/v1/visa/stats?from=2023-01-01&to=2023-12-31')).status, 422);
  assert.equal((await get('officer', '/api/v1/visa/stats?from=2023-04-16&to=2023-04-10')).status, 422);
  assert.equal((await get('officer', '/api/v1/visa/stats')).status, 200);
  // the demo agency's upcoming group arrives tomorrow and waits for review
  const q = await get('officer', '/api/v1/visa/review');
  assert.ok(q.data.items.some((g) => g.arrival_date === shanghaiDay(1) && g.agency.name === '张家界国际旅行社'));
  const a = await get('officer', '/api/v1/visa/arrivals?date=2023-04-13');
  assert.ok(a.data.flights.length >= 3);
});
