// The demo year of cases and its public figures (issue 6, items 10 and 12),
// against the real binary with the FULL year: Yongding's 2022 report —
// 458,143 cases received, accepted and completed, 100% on time. The page's
// API shows those totals; the rows by department, tier, month and site add
// up to them; filters agree with the rows; bad queries are refused naming
// the parameter; and after the server stops, `onestop cases figures
// --recount` counts the same figures again from the cases table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer, login, run } from '../lib/server.mjs';

// The ASan+UBSan run of the same file loads a smaller year: the sanitizers
// make the full load several times slower and prove nothing more about it.
const YEAR = /asan/.test(process.env.ONESTOP_BIN || '') ? 20000 : 458143;
const T = { timeout: 600_000 };
let s;
let stopped = false;

before(async () => {
  s = await startServer({ demoCases: YEAR });
}, T);
after(async () => {
  if (!stopped) await s.stop();
  else rmSync(s.dir, { recursive: true, force: true });
});

async function figures(query = '', headers = {}) {
  const res = await fetch(`${s.url}/api/v1/cases/figures${query}`, { headers });
  const body = await res.json();
  return { status: res.status, body };
}

const KEYS = ['received', 'accepted', 'completed', 'on_time', 'overdue'];
function sum(rows) {
  const t = Object.fromEntries(KEYS.map((k) => [k, 0]));
  for (const r of rows) for (const k of KEYS) t[k] += r[k];
  return t;
}
const pick = (f) => Object.fromEntries(KEYS.map((k) => [k, f[k]]));

let year; // the default period's answer

test('the demo year: 458,143 received, accepted and completed, all on time', T, async () => {
  const r = await figures();
  assert.equal(r.status, 200);
  year = r.body;
  // the demo accounts' open cases (made through the store's operations, so
  // counted like any case) come on top of the year's
  const q = (x) => Number(execFileSync('sqlite3', ['-cmd', '.timeout 5000', s.db, x], { encoding: 'utf8' }).trim());
  const OPEN = 'FROM cases WHERE (applicant_id IS NOT NULL OR filed_by IS NOT NULL)';
  const open = { received: q(`SELECT count(*) ${OPEN} AND received_at IS NOT NULL`), accepted: q(`SELECT count(*) ${OPEN} AND accepted_at IS NOT NULL`), completed: q(`SELECT count(*) ${OPEN} AND completed_at IS NOT NULL`), overdue: q(`SELECT count(*) ${OPEN} AND overdue_counted = 1`) };
  assert.ok(open.received >= 8 && open.received < 40, JSON.stringify(open));
  assert.equal(year.totals.received, YEAR + open.received);
  assert.equal(year.totals.accepted, YEAR + open.accepted);
  assert.equal(year.totals.completed, YEAR + open.completed);
  assert.equal(year.totals.on_time, year.totals.completed);
  assert.equal(year.totals.overdue, open.overdue);
  assert.equal(year.totals.on_time_rate, 100);
  assert.match(year.from, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(year.rows, undefined, 'no rows without group');
  // the same for a signed-in visitor: the figures are public
  const cookie = await login(s.url, 'citizen', s.accounts.citizen.password);
  const again = await figures('', { Cookie: cookie });
  assert.deepEqual(again.body.totals, year.totals);
});

test('rows by department, tier, month and site add up to the totals', T, async () => {
  for (const group of ['department', 'tier', 'month', 'site']) {
    const r = await figures(`?group=${group}`);
    assert.equal(r.status, 200, group);
    assert.equal(r.body.group, group);
    assert.deepEqual(sum(r.body.rows), pick(year.totals), `${group} rows sum to the totals`);
    for (const row of r.body.rows) assert.equal(row.on_time, row.completed, `${group} on time`);
  }
  const dept = (await figures('?group=department')).body.rows;
  assert.equal(dept.length, 17, 'every department has cases');
  const byName = Object.fromEntries(dept.map((d) => [d.name, d]));
  // the spread: social security leads, medical insurance and tax follow
  const sb = byName['区人力资源和社会保障局'];
  assert.ok(sb && sb.name_en === 'Human Resources and Social Security');
  for (const d of dept) assert.ok(sb.received >= d.received, `${d.name} below social security`);
  assert.ok(sb.received > YEAR * 0.15 && sb.received < YEAR * 0.25, `social security share ${sb.received}`);
  const tiers = (await figures('?group=tier')).body.rows;
  assert.deepEqual(tiers.map((t) => t.key), ['district', 'township', 'village']);
  assert.ok(tiers[0].received > tiers[1].received && tiers[1].received > tiers[2].received);
  assert.ok(tiers[2].received > 0, 'villages receive cases too');
  const months = (await figures('?group=month')).body.rows;
  assert.ok(months.length >= 12 && months.length <= 13, `${months.length} months`);
  for (const m of months) assert.match(m.key, /^\d{4}-\d{2}$/);
  const sites = (await figures('?group=site')).body.rows;
  assert.ok(sites.length > 100, `${sites.length} sites with cases`);
});

test('filters agree with the rows', T, async () => {
  const tiers = (await figures('?group=tier')).body.rows;
  const village = await figures('?tier=village');
  assert.deepEqual(pick(village.body.totals), pick(tiers[2]));
  assert.equal(village.body.tier, 'village');
  const dept = (await figures('?group=department')).body.rows;
  const one = await figures(`?department_id=${dept[0].id}`);
  assert.deepEqual(pick(one.body.totals), pick(dept[0]));
  // a township and the villages below it
  const sites = (await figures('?group=site')).body.rows;
  const town = await figures('?site_id=2');
  const own = sites.find((x) => x.id === 2);
  assert.ok(town.body.totals.received >= (own ? own.received : 0));
  // the month rows are the months' periods
  const months = (await figures('?group=month')).body.rows;
  const m = months[Math.floor(months.length / 2)];
  const last = new Date(Date.UTC(+m.key.slice(0, 4), +m.key.slice(5, 7), 0)).getUTCDate();
  const period = await figures(`?from=${m.key}-01&to=${m.key}-${String(last).padStart(2, '0')}`);
  assert.deepEqual(pick(period.body.totals), pick(m));
  // a period before the year: nothing, and no rate
  const empty = await figures('?from=2023-01-01&to=2023-01-31');
  assert.equal(empty.body.totals.received, 0);
  assert.equal(empty.body.totals.on_time_rate, null);
});

test('bad queries are refused naming the parameter', T, async () => {
  const cases = [
    ['?from=2026-02-30', 'from'],
    ['?to=tomorrow!!', 'to'],
    ['?from=2026-03-01&to=2026-02-01', 'from'],
    ['?from=2020-01-01&to=2026-01-01', 'from'],
    ['?tier=country', 'tier'],
    ['?tier=moon', 'tier'],
    ['?group=weekly', 'group'],
    ['?site_id=999999', 'site_id'],
    ['?site_id=0', 'site_id'],
    ['?department_id=x', 'department_id'],
  ];
  for (const [q, field] of cases) {
    const r = await figures(q);
    assert.ok(r.status === 422 || r.status === 400, `${q}: ${r.status}`);
    assert.equal(r.body.field, field, `${q} names ${field}: ${JSON.stringify(r.body)}`);
  }
  const unknown = await figures('?year=2026');
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.field, 'year');
});

test('the page is served', T, async () => {
  const res = await fetch(`${s.url}/figures`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /assets\/figures\.js/);
});

test('the recount from the cases table equals the counters (CLI, server stopped)', T, async () => {
  const r = await s.stop({ keep: true });
  stopped = true;
  assert.equal(r.code, 0);
  const out = run(['cases', 'figures', '--db', s.db, '--from', year.from, '--to', year.to, '--recount']);
  assert.equal(out.code, 0, out.stderr);
  const line = (label) => out.stdout.split('\n').find((l) => l.startsWith(label)) || '';
  const numbers = (l) => Object.fromEntries([...l.matchAll(/(received|accepted|completed|on_time|overdue) (\d+)/g)].map((m) => [m[1], +m[2]]));
  assert.deepEqual(numbers(line('counters')), pick(year.totals));
  assert.deepEqual(numbers(line('recount')), pick(year.totals));
  assert.match(out.stdout, /recount matches the counters/);
});
