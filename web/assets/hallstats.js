// hallstats.js - the manager's hall figures (/hall-stats): totals and tables
// per queue, window, clerk and hour for a period, from the counters the
// server keeps as events happen (GET /api/v1/hall/sites/{id}/stats).

import { t, getLang, num } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { siteParam, siteSelect, shanghaiDate } from './hall.js';
import { figure, figureTable, figurePanel, onPeriodSubmit } from './figures-common.js';

const el = (id) => document.getElementById(id);
let site = 1;
let data = null;

const minutes = (s) => (s == null ? '–' : t('stats.min', { n: (s / 60).toFixed(1) }));

const COLS = [
  ['issued', (f) => num(f.issued)],
  ['called', (f) => num(f.called)],
  ['finished', (f) => num(f.finished)],
  ['noshows', (f) => num(f.noshows)],
  ['green', (f) => num(f.green)],
  ['wait', (f) => minutes(f.avg_wait_s)],
  ['service', (f) => minutes(f.avg_service_s)],
];

function table(key, rows) {
  const id = `by-${key}-h`;
  return figurePanel(
    id,
    t(`stats.by.${key}`),
    figureTable({
      id: `by-${key}`,
      labelledby: id,
      head: t(`stats.col.${key}`),
      cols: COLS,
      colLabel: (c) => t(`stats.col.${c}`),
      rows,
      rowHead: (f) => (getLang() === 'en' ? f.label_en || f.label : f.label),
      empty: t('stats.none'),
    }),
  );
}

function draw() {
  if (!data) return;
  const f = data.total;
  el('totals').replaceChildren(
    figure(t('stats.col.issued'), num(f.issued), 'total-issued'),
    figure(t('stats.col.finished'), num(f.finished), 'total-finished'),
    figure(t('stats.col.noshows'), num(f.noshows), 'total-noshows'),
    figure(t('stats.col.green'), num(f.green), 'total-green'),
    figure(t('stats.col.wait'), minutes(f.avg_wait_s), 'total-wait'),
    figure(t('stats.col.service'), minutes(f.avg_service_s), 'total-service'),
    figure(t('stats.col.esterr'), minutes(f.avg_estimate_error_s), 'total-esterr'),
    figure(t('stats.col.apptnoshow'), num(f.appointment_noshows), 'total-apptnoshow'),
  );
  el('tables').replaceChildren(
    table('queue', data.by_queue),
    table('window', data.by_window),
    table('clerk', data.by_clerk),
    table('hour', data.by_hour),
  );
}

async function load() {
  el('stats-error').textContent = '';
  try {
    data = await api(`/api/v1/hall/sites/${site}/stats?from=${el('from').value}&to=${el('to').value}`);
    draw();
  } catch (err) {
    el('stats-error').textContent =
      err instanceof ApiError && (err.status === 401 || err.status === 403) ? t('stats.denied') : errorMessage(err);
  }
}

async function main() {
  const me = await startShell({ titleKey: 'stats.title', nav: 'stats' });
  site = siteParam(me?.user?.site?.id);
  el('from').value = shanghaiDate(-7);
  el('to').value = shanghaiDate(0);
  onPeriodSubmit(el('stats-form'), load);
  try {
    await siteSelect(el('site-select'), site);
  } catch {
    /* the list of halls is a convenience */
  }
  await load();
  onLangChange(draw);
  ready();
}

main();
