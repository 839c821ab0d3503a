// visa-stats.js - the port-visa figures (web/visa-stats.html) from GET
// /api/v1/visa/stats: totals, persons per day as an SVG bar chart (with the
// same numbers in a table), and breakdowns by visa type, nationality,
// agency and flight. The period is in the URL (?from=&to=).

import { t, pick, num } from './i18n.js';
import { api } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { problemText, shanghaiDay } from './visa-common.js';

const el = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
let data = null;
let period = readUrl();

function readUrl() {
  const q = new URLSearchParams(window.location.search);
  const ok = (d) => /^\d{4}-\d{2}-\d{2}$/.test(d ?? '');
  const to = ok(q.get('to')) ? q.get('to') : shanghaiDay();
  const from = ok(q.get('from')) ? q.get('from') : new Date(Date.parse(to) - 6 * 86400e3).toISOString().slice(0, 10);
  return { from, to };
}

function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function minutes(m) {
  return m == null ? '—' : t('visa.stats.minutes', { n: m });
}

function renderFigures() {
  const box = el('figures');
  const tt = data.totals;
  const items = [
    ['visa.stats.persons', num(tt.persons), 'fig-persons'],
    ['visa.stats.visas', num(tt.visas), 'fig-visas'],
    ['visa.stats.median', minutes(tt.median_minutes), 'fig-median'],
    ['visa.stats.busiest', tt.busiest_day ? `${tt.busiest_day.slice(5)} · ${num(tt.busiest_persons)}` : '—', 'fig-busiest'],
  ];
  box.replaceChildren(h('dl', { class: 'stat-figures' }, items.map(([k, v, id]) => h('div', {}, h('dt', {}, t(k)), h('dd', { id }, v)))),
    h('p', { class: 'muted' }, t('visa.stats.note')));
}

function chart(days) {
  const W = 720, H = 260, left = 44, bottom = 36, top = 16;
  const max = Math.max(300, ...days.map((d) => d.persons));
  const step = (W - left - 8) / Math.max(1, days.length);
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  const label = days.map((d) => `${d.date.slice(5)} ${d.persons}`).join(', ');
  const g = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': t('visa.stats.chartLabel', { days: label }) });
  g.append(svg('line', { class: 'axis', x1: left, y1: H - bottom, x2: W - 4, y2: H - bottom }));
  g.append(svg('line', { class: 'line-300', x1: left, y1: y(300), x2: W - 4, y2: y(300) }));
  g.append(svg('text', { x: 4, y: y(300) + 4 }, '300'));
  days.forEach((d, i) => {
    const bw = Math.max(4, step * 0.6);
    const x = left + i * step + (step - bw) / 2;
    g.append(svg('rect', { class: d.persons >= 300 ? 'bar bar-busy' : 'bar', x, y: y(d.persons), width: bw, height: H - bottom - y(d.persons), 'data-date': d.date }));
    g.append(svg('text', { x: x + bw / 2, y: y(d.persons) - 4, 'text-anchor': 'middle' }, d.persons));
    if (days.length <= 31 || i % Math.ceil(days.length / 31) === 0)
      g.append(svg('text', { x: x + bw / 2, y: H - bottom + 16, 'text-anchor': 'middle' }, d.date.slice(5)));
  });
  return g;
}

function renderDaily() {
  const days = data.days;
  el('daily').replaceChildren(
    chart(days),
    h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: 'days-table', 'aria-labelledby': 'daily-h' },
      h('thead', {}, h('tr', {}, ['visa.stats.date', 'visa.stats.visas', 'visa.stats.persons', 'visa.stats.median'].map((k, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t(k))))),
      h('tbody', {}, days.map((d) => h('tr', { 'data-date': d.date },
        h('th', { scope: 'row' }, d.date),
        h('td', { class: 'num' }, num(d.visas)),
        h('td', { class: 'num' }, num(d.persons)),
        h('td', { class: 'num' }, minutes(d.median_minutes))))))),
  );
}

function breakdown(id, key, rows) {
  return h('section', { class: 'panel', 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h` }, t(key)),
    rows.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'data-table', id: `${id}-table`, 'aria-labelledby': `${id}-h` },
      h('thead', {}, h('tr', {}, ['visa.stats.name', 'visa.stats.visas', 'visa.stats.persons'].map((k, i) => h('th', { scope: 'col', class: i ? 'num' : null }, t(k))))),
      h('tbody', {}, rows.map((r) => h('tr', { 'data-key': r.key },
        h('th', { scope: 'row' }, pick(r.name) || r.key),
        h('td', { class: 'num' }, num(r.visas)),
        h('td', { class: 'num' }, num(r.persons)))))))
      : h('p', { class: 'empty' }, t('visa.stats.none')));
}

function render() {
  el('from').value = period.from;
  el('to').value = period.to;
  if (!data) return;
  renderFigures();
  renderDaily();
  const tt = data.totals;
  el('breakdowns').replaceChildren(
    breakdown('by-type', 'visa.stats.byType', tt.by_type),
    breakdown('by-nationality', 'visa.stats.byNationality', tt.by_nationality),
    breakdown('by-agency', 'visa.stats.byAgency', tt.by_agency),
    breakdown('by-flight', 'visa.stats.byFlight', tt.by_flight),
  );
}

async function load() {
  try {
    data = await api(`/api/v1/visa/stats?from=${period.from}&to=${period.to}`);
    el('page-notice').textContent = '';
  } catch (err) {
    data = null;
    el('figures').replaceChildren(h('p', { class: 'empty' }, t('visa.stats.none')));
    el('daily').replaceChildren();
    el('breakdowns').replaceChildren();
    el('page-notice').textContent = problemText(err);
  }
  render();
}

async function main() {
  const me = await startShell({ titleKey: 'visa.stats.title', nav: 'visa-stats' });
  el('period-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    period = { from: el('from').value, to: el('to').value };
    window.history.pushState(null, '', `/visa-stats?from=${period.from}&to=${period.to}`);
    load();
  });
  window.addEventListener('popstate', () => {
    period = readUrl();
    load();
  });
  onLangChange(render);
  if (me?.user?.role === 'officer') await load();
  else {
    render();
    el('figures').replaceChildren(h('p', { class: 'notice' }, t('visa.officer.signin'), ' ', h('a', { href: '/login' }, t('auth.signin'))));
  }
  ready();
}

main();
