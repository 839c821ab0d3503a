// figures.js - the public case figures (/figures): totals received / accepted
// / completed / on time and the on-time rate for a period, a bar per month,
// tables by department and by tier (GET /api/v1/cases/figures, counters
// only). No library: the chart is inline SVG built here.

import { t, getLang, num } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { figure as tile, figureTable, onPeriodSubmit } from './figures-common.js';

const el = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';
const shanghaiDate = (n = 0) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
const figure = (label, value, id) => tile(label, value, id, 'fig-figure');
let data = null;
let departments = [];

const rate = (r) => (r == null ? '–' : `${r.toFixed(1)}%`);

const COLS = [
  ['received', (f) => num(f.received)],
  ['accepted', (f) => num(f.accepted)],
  ['completed', (f) => num(f.completed)],
  ['on_time', (f) => num(f.on_time)],
  ['rate', (f) => rate(f.on_time_rate)],
];

function rowLabel(group, r) {
  if (group === 'tier') return t(`figures.tier.${r.key}`);
  if (group === 'month') return r.key;
  return getLang() === 'en' && r.name_en ? r.name_en : r.name;
}

function table(group, rows, totals) {
  const caption = t(group === 'tier' ? 'figures.byTier' : 'figures.byDepartment');
  return figureTable({
    id: `fig-table-${group}`,
    caption,
    head: t(`figures.col.${group}`),
    cols: COLS,
    colLabel: (c) => t(`figures.col.${c}`),
    rows,
    rowHead: (r) => rowLabel(group, r),
    empty: t('figures.none'),
    total: [t('figures.total'), totals],
  });
}

function svg(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text != null) e.textContent = text;
  return e;
}

// One bar per month: the cases completed that month (all on time shows as
// the rate in the table below); the numbers are in the bars' titles and in
// the text summary for screen readers.
function chart(rows) {
  const box = el('fig-chart');
  if (!rows.length) {
    box.replaceChildren(h('p', { class: 'empty' }, t('figures.none')));
    return;
  }
  const W = 960, H = 300, top = 24, bottom = 40, left = 8;
  const max = Math.max(1, ...rows.map((r) => r.completed));
  const step = (W - left * 2) / rows.length;
  const bw = Math.max(4, step * 0.7);
  const summary = rows.map((r) => `${r.key}: ${num(r.completed)}`).join('; ');
  const s = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${t('figures.chartLabel')} ${summary}`, id: 'fig-svg' });
  s.append(svg('line', { class: 'bar-axis', x1: left, x2: W - left, y1: H - bottom, y2: H - bottom }));
  rows.forEach((r, i) => {
    const bh = Math.round(((H - top - bottom) * r.completed) / max);
    const x = left + i * step + (step - bw) / 2;
    const g = svg('g', { class: 'bar', 'data-month': r.key });
    const rect = svg('rect', { class: 'bar-done', x: x.toFixed(1), y: H - bottom - bh, width: bw.toFixed(1), height: bh });
    rect.append(svg('title', {}, `${r.key} ${t('figures.col.completed')} ${num(r.completed)}, ${t('figures.col.rate')} ${rate(r.on_time_rate)}`));
    g.append(rect);
    g.append(svg('text', { class: 'bar-value', x: (x + bw / 2).toFixed(1), y: H - bottom - bh - 6, 'text-anchor': 'middle' }, num(r.completed)));
    g.append(svg('text', { x: (x + bw / 2).toFixed(1), y: H - bottom + 18, 'text-anchor': 'middle' }, r.key.slice(2)));
    s.append(g);
  });
  box.replaceChildren(s);
}

function draw() {
  if (!data) return;
  const f = data.totals;
  el('fig-period').textContent = t('figures.period', { from: data.from, to: data.to });
  el('fig-totals').replaceChildren(
    figure(t('figures.col.received'), num(f.received), 'fig-received'),
    figure(t('figures.col.accepted'), num(f.accepted), 'fig-accepted'),
    figure(t('figures.col.completed'), num(f.completed), 'fig-completed'),
    figure(t('figures.col.on_time'), num(f.on_time), 'fig-on-time'),
    figure(t('figures.col.rate'), rate(f.on_time_rate), 'fig-rate'),
  );
  chart(data.month);
  el('fig-by-department').replaceChildren(table('department', data.department, f));
  el('fig-by-tier').replaceChildren(table('tier', data.tier, f));
  fillDepartments();
}

function fillDepartments() {
  const sel = el('fig-dept');
  const cur = sel.value;
  const all = h('option', { value: '' }, t('figures.department.all'));
  sel.replaceChildren(all, ...departments.map((d) => h('option', { value: String(d.id) }, getLang() === 'en' && d.name_en ? d.name_en : d.name)));
  sel.value = cur;
}

async function load() {
  el('fig-error').textContent = '';
  const q = new URLSearchParams({ from: el('fig-from').value, to: el('fig-to').value });
  if (el('fig-tier').value) q.set('tier', el('fig-tier').value);
  if (el('fig-dept').value) q.set('department_id', el('fig-dept').value);
  try {
    const [d, tr, m] = await Promise.all(
      ['department', 'tier', 'month'].map((g) => api(`/api/v1/cases/figures?${q}&group=${g}`)),
    );
    data = { from: d.from, to: d.to, totals: d.totals, department: d.rows, tier: tr.rows, month: m.rows };
    draw();
  } catch (err) {
    el('fig-error').textContent = errorMessage(err);
  }
}

async function main() {
  await startShell({ titleKey: 'figures.title', nav: 'figures' });
  el('fig-to').value = shanghaiDate(0);
  el('fig-from').value = shanghaiDate(-365);
  onPeriodSubmit(el('fig-form'), load);
  try {
    departments = (await api('/api/v1/catalog/departments')).items || [];
  } catch {
    /* the department filter is a convenience */
  }
  fillDepartments();
  await load();
  onLangChange(draw);
  ready();
}

main();
