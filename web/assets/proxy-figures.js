// proxy-figures.js - the proxy service's figures (/proxy-figures): butlers
// active, people served one-to-one, home visits, video assessments, items
// handled and requests, in total, by township (villages counted under their
// township) and by month, from the counters the server keeps as events
// happen (GET /api/v1/proxy/figures, public).

import { t, getLang, num } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { figure, figureTable, figurePanel, onPeriodSubmit } from './figures-common.js';
import { shanghaiDay } from './proxy-common.js';

const el = (id) => document.getElementById(id);
let data = null;

const COLS = [
  ['butlers', (f) => f.butlers_active],
  ['people', (f) => f.people_served],
  ['home', (f) => f.home_visits],
  ['video', (f) => f.video_visits],
  ['items', (f) => f.items_handled],
  ['requests', (f) => f.requests],
];

function table(key, labelKey, rows, label) {
  const id = `by-${key}-h`;
  return figurePanel(
    id,
    t(`proxy.figures.by${key}`),
    figureTable({
      id: `by-${key}`,
      labelledby: id,
      head: t(labelKey),
      cols: COLS.map(([c, v]) => [c, (r) => num(v(r))]),
      colLabel: (c) => t(`proxy.figures.${c}`),
      rows,
      rowHead: label,
      empty: t('proxy.figures.none'),
    }),
  );
}

function draw() {
  if (!data) return;
  const f = data.total;
  el('totals').replaceChildren(
    figure(t('proxy.figures.butlers'), num(f.butlers_active), 'total-butlers'),
    figure(t('proxy.figures.people'), num(f.people_served), 'total-people'),
    figure(t('proxy.figures.home'), num(f.home_visits), 'total-home'),
    figure(t('proxy.figures.video'), num(f.video_visits), 'total-video'),
    figure(t('proxy.figures.items'), num(f.items_handled), 'total-items'),
    figure(t('proxy.figures.requests'), num(f.requests), 'total-requests'),
  );
  el('tables').replaceChildren(
    table('site', 'proxy.figures.site', data.by_site, (r) => (getLang() === 'en' ? r.label_en || r.label : r.label)),
    table('month', 'proxy.figures.month', data.by_month, (r) => r.month),
  );
}

async function load() {
  el('fig-error').textContent = '';
  try {
    data = await api(`/api/v1/proxy/figures?from=${el('from').value}&to=${el('to').value}`);
    draw();
  } catch (err) {
    el('fig-error').textContent = err?.problem?.detail || errorMessage(err);
  }
}

async function main() {
  await startShell({ titleKey: 'proxy.figures.title', nav: 'proxy' });
  el('from').value = shanghaiDay(-364);
  el('to').value = shanghaiDay(0);
  onPeriodSubmit(el('fig-form'), load);
  await load();
  onLangChange(draw);
  ready();
}

main();
