// The hall under concurrency and crashes, over HTTP against the real binary:
// 32 windows calling at once over 600 waiting tickets call each exactly once
// (the 10,000-ticket version runs in tests/unit/test_hall_concurrency.c
// against the store directly); and kill -9 while tickets are issued and
// called: after a restart every acknowledged ticket exists in its
// acknowledged state (or a later one) and none was called twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { startServer, login } from '../lib/server.mjs';

const ARGS = ['--rate_ticket_per_hour', '1000000', '--queue_policy', 'strict'];
let s;
let manager;
let queueA;
before(async () => {
  s = await startServer({ args: ARGS });
  manager = await login(s.url, s.accounts.manager.login, s.accounts.manager.password);
  const qs = await (await fetch(s.url + '/api/v1/hall/sites/1/queues')).json();
  queueA = qs.items.find((q) => q.prefix === 'A').id;
});
after(async () => {
  const r = await s.stop({ keep: true });
  assert.equal(r.code, 0, 'clean exit on SIGTERM');
  rmSync(s.dir, { recursive: true, force: true });
});

const sql = (q) => execFileSync('sqlite3', [s.db, q], { encoding: 'utf8' }).trim();
const send = (url, method, path, body, cookie) =>
  fetch(url + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function issueMany(url, n, width = 16) {
  const out = [];
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) {
      next++;
      const res = await send(url, 'POST', '/api/v1/hall/sites/1/tickets', { queue_id: queueA });
      assert.equal(res.status, 201);
      out.push(await res.json());
    }
  }));
  return out;
}

test('32 windows calling at once over HTTP call every ticket exactly once', async () => {
  // windows 13-32 serve queue A too (1-12 are comprehensive)
  for (let w = 13; w <= 32; w++) {
    const res = await send(s.url, 'PUT', `/api/v1/hall/windows/${w}/queues`, { queues: String(queueA) }, manager);
    assert.equal(res.status, 200, await res.text());
  }
  const tickets = await issueMany(s.url, 600);
  assert.equal(new Set(tickets.map((t) => t.number)).size, 600, 'distinct numbers');
  const called = new Map(); // number -> window
  const twice = [];
  await Promise.all(Array.from({ length: 32 }, async (_, i) => {
    const w = i + 1;
    for (;;) {
      const res = await send(s.url, 'POST', `/api/v1/hall/windows/${w}/call`, undefined, manager);
      assert.equal(res.status, 200, await res.clone().text());
      const { ticket } = await res.json();
      if (!ticket) return;
      assert.equal(ticket.window, w);
      if (called.has(ticket.number)) twice.push(ticket.number);
      called.set(ticket.number, w);
      const ns = await send(s.url, 'POST', `/api/v1/hall/tickets/${ticket.id}/no-show`, undefined, manager);
      assert.equal(ns.status, 200);
    }
  }));
  assert.deepEqual(twice, []);
  assert.equal(called.size, 600);
  for (const t of tickets) assert.ok(called.has(t.number), t.number);
  assert.ok(new Set(called.values()).size > 1, 'several windows took part');
  assert.equal(sql('SELECT count(*) FROM hall_calls c JOIN hall_tickets t ON t.id = c.ticket_id WHERE t.day = (SELECT max(day) FROM hall_tickets)'), '600');
  const board = await (await fetch(s.url + '/api/v1/hall/sites/1/board')).json();
  assert.equal(board.queues.find((q) => q.id === queueA).waiting, 0);
});

test('kill -9 while issuing and calling: acknowledged tickets survive, none called twice', async () => {
  const acked = new Map(); // token -> {number, state}
  const byId = new Map(); // ticket id -> token (learned from calls)
  let stop = false;
  const errors = [];
  const issuer = async () => {
    while (!stop) {
      try {
        const res = await send(s.url, 'POST', '/api/v1/hall/sites/1/tickets', { queue_id: queueA });
        if (res.status === 201) {
          const t = await res.json();
          acked.set(t.number, { number: t.number, state: 'waiting', token: t.token });
        }
      } catch { /* the server died mid-request: not acknowledged */ }
    }
  };
  const callerAt = (w) => async () => {
    while (!stop) {
      try {
        const res = await send(s.url, 'POST', `/api/v1/hall/windows/${w}/call`, undefined, manager);
        if (res.status !== 200) continue;
        const { ticket } = await res.json();
        if (!ticket) continue;
        const prev = acked.get(ticket.number);
        if (prev && prev.state !== 'waiting') errors.push(`${ticket.number} called twice`);
        acked.set(ticket.number, { ...(prev ?? {}), number: ticket.number, state: 'called', id: ticket.id });
        byId.set(ticket.id, ticket.number);
        const ns = await send(s.url, 'POST', `/api/v1/hall/tickets/${ticket.id}/no-show`, undefined, manager);
        if (ns.status === 200) acked.get(ticket.number).state = 'no_show';
      } catch { /* not acknowledged */ }
    }
  };
  const workers = [...Array.from({ length: 8 }, issuer), ...Array.from({ length: 8 }, (_, i) => callerAt(i + 1)())];
  // let it run, then pull the plug
  await new Promise((r) => setTimeout(r, 1500));
  s.proc.kill('SIGKILL');
  const died = await s.exited;
  assert.equal(died.signal, 'SIGKILL');
  stop = true;
  await Promise.all(workers);
  assert.deepEqual(errors, []);
  assert.ok(acked.size > 20, `enough acknowledged work (${acked.size})`);

  // restart on the same data
  s = await startServer({ dir: s.dir, args: ARGS });
  manager = await login(s.url, s.accounts.manager.login, s.accounts.manager.password);
  const day = sql('SELECT max(day) FROM hall_tickets');
  const rows = new Map(
    sql(`SELECT number, state, calls FROM hall_tickets WHERE day = ${day} AND issue_queue_id = ${queueA}`)
      .split('\n').filter(Boolean).map((l) => { const [n, st, c] = l.split('|'); return [n, { state: Number(st), calls: Number(c) }]; }),
  );
  const rank = { waiting: 1, called: 2, no_show: 5 };
  for (const [number, a] of acked) {
    const r = rows.get(number);
    assert.ok(r, `acknowledged ticket ${number} exists after the crash`);
    if (a.state === 'waiting') assert.ok([1, 2, 5].includes(r.state), `${number}: ${r.state}`);
    if (a.state === 'called') assert.ok([2, 5].includes(r.state), `${number} was called: ${r.state}`);
    if (a.state === 'no_show') assert.equal(r.state, rank.no_show, `${number} no-show`);
  }
  // nobody was called twice: one call row per ticket, calls <= 1
  assert.equal(sql(`SELECT count(*) FROM (SELECT ticket_id FROM hall_calls GROUP BY ticket_id HAVING count(*) > 1)`), '0');
  for (const [n, r] of rows) assert.ok(r.calls <= 1, `${n} calls ${r.calls}`);
  // the counts agree with the tickets, and calling goes on where it stopped
  const waiting = Number(sql(`SELECT count(*) FROM hall_tickets WHERE day = ${day} AND queue_id = ${queueA} AND state = 1`));
  assert.equal(Number(sql(`SELECT w0 + w1 + w2 FROM hall_days WHERE queue_id = ${queueA} AND day = ${day}`)), waiting);
  const board = await (await fetch(s.url + '/api/v1/hall/sites/1/board')).json();
  assert.equal(board.queues.find((q) => q.id === queueA).waiting, waiting);
  if (waiting > 0) {
    const res = await send(s.url, 'POST', '/api/v1/hall/windows/12/call', undefined, manager);
    const { ticket } = await res.json();
    assert.ok(ticket);
    assert.ok(!acked.get(ticket.number) || acked.get(ticket.number).state === 'waiting', 'a ticket never called before');
  }
  // numbers stay unique across the crash
  assert.equal(sql(`SELECT count(*) - count(DISTINCT number) FROM hall_tickets WHERE day = ${day} AND issue_queue_id = ${queueA}`), '0');
});
