// Every declared route was exercised by the API suite (runs last; the other
// files record what /metrics counted when their servers stopped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { run } from '../lib/server.mjs';

test('every route in the table was exercised', (t) => {
  const file = process.env.ONESTOP_ROUTE_HITS;
  if (!file) { t.skip('ONESTOP_ROUTE_HITS not set (run through make check)'); return; }
  assert.ok(existsSync(file), 'hits recorded');
  const hit = new Set();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = line.match(/method="([A-Z]+)",route="([^"]+)"\} (\d+)/);
    if (m && Number(m[3]) > 0) hit.add(`${m[1]} ${m[2]}`);
  }
  const routes = JSON.parse(run(['routes']).stdout);
  const missing = routes.map((r) => `${r.method} ${r.path}`).filter((k) => !hit.has(k));
  assert.deepEqual(missing, [], 'routes never exercised');
});
