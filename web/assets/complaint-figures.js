// complaint-figures.js - the complaint window's figures (/complaint-figures):
// opened, answered, answered in time, overdue, out of scope and typical by
// month and by site; answers by outcome, cause and scope; the typical cases
// with what to improve. Everything comes from counters the server keeps in
// the same transaction as each change (GET /api/v1/complaints/figures).

import { t, num, pick } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { figure as tile, figureTable, figurePanel, onPeriodSubmit } from './figures-common.js';

const figure = (label, value, id) => tile(label, value, id, 'figure');

const el = (id) => document.getElementById(id);
let data = null;

const COLS = ['opened', 'answered', 'on_time', 'rate', 'overdue', 'out_of_scope', 'typical'].map((c) => [c, (f) => cell(f, c)]);
const rate = (f) => (f.on_time_rate == null ? '–' : `${(f.on_time_rate * 100).toFixed(1)}%`);
const cell = (f, c) => (c === 'rate' ? rate(f) : num(f[c]));

function table(key, rows, head) {
  const id = `cpf-${key}-h`;
  return figurePanel(
    id,
    t(`cpf.by.${key}`),
    figureTable({
      id: `cpf-${key}`,
      head: t(`cpf.col.${key}`),
      cols: COLS,
      colLabel: (c) => t(`cpf.col.${c}`),
      rows,
      rowHead: head,
      empty: t('cpf.none'),
    }),
  );
}

function tally(key, rows, label) {
  const id = `cpf-${key}-h`;
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': id },
    h('h2', { id }, t(`cpf.by.${key}`)),
    h(
      'table',
      { class: 'data-table', id: `cpf-${key}` },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t(`cpf.col.${key}`)), h('th', { scope: 'col', class: 'num' }, t('cpf.col.n')))),
      h('tbody', {}, rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, label(r.key)), h('td', { class: 'num' }, num(r.n))))),
    ),
  );
}

function draw() {
  if (!data) return;
  const f = data.total;
  el('cpf-totals').replaceChildren(
    figure(t('cpf.col.opened'), num(f.opened), 'cpf-opened'),
    figure(t('cpf.col.answered'), num(f.answered), 'cpf-answered'),
    figure(t('cpf.col.on_time'), num(f.on_time), 'cpf-on-time'),
    figure(t('cpf.col.rate'), rate(f), 'cpf-rate'),
    figure(t('cpf.col.overdue'), num(f.overdue), 'cpf-overdue'),
    figure(t('cpf.col.typical'), num(f.typical), 'cpf-typical-n'),
  );
  el('cpf-tables').replaceChildren(
    h(
      'div',
      { class: 'cp-grid' },
      tally('cause', data.by_cause, (k) => t(`cp.cause.${k}`)),
      tally('outcome', data.by_outcome, (k) => t(`cp.outcome.${k}`)),
      tally('scope', data.by_scope, (k) => t(`cp.scope.${k}`)),
    ),
    table('month', data.by_month, (r) => r.month),
    table('site', data.by_site, (r) => pick(r)),
  );
  el('cpf-typical').replaceChildren(
    ...(data.typical.length
      ? data.typical.map((c) =>
          h(
            'li',
            {},
            h('span', { class: 'cp-no' }, c.no), ' · ', pick({ name: c.site, name_en: c.site_en }),
            c.cause ? h('span', { class: 'cp-badge cp-badge-typical' }, t(`cp.cause.${c.cause}`)) : null,
            h('span', { class: 'cp-sum' }, c.summary),
            h('span', { class: 'cp-sum' }, h('strong', {}, t('desk.improvement')), `：${c.improvement}`),
          ),
        )
      : [h('li', { class: 'empty' }, t('cpf.none'))]),
  );
}

async function load() {
  el('cpf-error').textContent = '';
  try {
    data = await api(`/api/v1/complaints/figures?from=${el('cpf-from').value}&to=${el('cpf-to').value}`);
    draw();
  } catch (err) {
    el('cpf-error').textContent =
      err instanceof ApiError && (err.status === 401 || err.status === 403) ? t('cpf.denied') : err.problem?.detail || errorMessage(err);
  }
}

function month(offset) {
  const d = new Date(Date.now() + 8 * 3600e3);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + offset);
  return d.toISOString().slice(0, 7);
}

async function main() {
  await startShell({ titleKey: 'cpf.title', nav: 'complaint' });
  el('cpf-from').value = month(-11);
  el('cpf-to').value = month(0);
  onPeriodSubmit(el('cpf-form'), load);
  await load();
  onLangChange(draw);
  ready();
}

main();
