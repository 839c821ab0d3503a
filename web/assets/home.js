// home.js - the home page: a greeting, "what you can do" as task cards from
// the capabilities in GET /api/v1/me, and the service network in figures from
// GET /api/v1/org/summary.

import { t, pick, num } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { tasksFor, iconSvg } from './tasks.js';

let me = null;
let summary = null;
let summaryError = null;

function renderGreeting() {
  const h1 = document.getElementById('page-title');
  const lead = document.getElementById('home-lead');
  if (me?.authenticated && me.user) {
    const u = me.user;
    h1.textContent = t('home.h1.user', { name: u.display_name || u.login });
    const parts = [pick(u.role_name) || u.role, pick(u.site), pick(u.department)].filter(Boolean);
    lead.textContent = parts.join(' · ');
  } else {
    h1.textContent = t('home.h1');
    lead.textContent = t('home.lead');
  }
}

function taskCard(task) {
  const link = h(
    'a',
    {
      class: 'task-card' + (task.comingSoon ? ' is-soon' : ''),
      href: task.href,
      'aria-disabled': task.comingSoon ? 'true' : null,
      'data-task': task.key,
      onclick: task.comingSoon ? (ev) => ev.preventDefault() : null,
    },
    h('span', { class: 'task-icon' }, iconSvg(task.icon)),
    h(
      'span',
      { class: 'task-body' },
      h('span', { class: 'task-title' }, task.label),
      h('span', { class: 'task-desc' }, task.description),
      task.comingSoon ? h('span', { class: 'badge badge-soon' }, t('comingSoon')) : null,
    ),
  );
  return h('li', {}, link);
}

function renderTasks() {
  const list = document.getElementById('task-list');
  const tasks = tasksFor(me);
  if (!tasks.length) {
    list.replaceChildren(h('li', { class: 'empty' }, t('home.tasks.empty')));
    return;
  }
  list.replaceChildren(...tasks.map(taskCard));
}

function renderFigures() {
  const box = document.getElementById('figures');
  if (summaryError) {
    box.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, errorMessage(summaryError)));
    return;
  }
  if (!summary) return;
  const s = summary.sites ?? {};
  const rows = [
    ['district', s.district, 'figure.district', 'tier'],
    ['township', s.township, 'figure.township', 'tier'],
    ['village', s.village, 'figure.village', 'tier'],
    ['departments', summary.departments, 'figure.departments', 'org'],
    ['areas', summary.areas, 'figure.areas', 'org'],
    ['windows', summary.windows, 'figure.windows', 'org'],
  ].filter(([, v]) => typeof v === 'number');
  box.replaceChildren(
    h(
      'dl',
      { class: 'figure-list' },
      rows.map(([id, v, key, kind]) =>
        h(
          'div',
          { class: `figure figure-${kind}`, 'data-figure': id },
          h('dt', {}, t(key)),
          h('dd', {}, num(v)),
        ),
      ),
    ),
  );
}

function render() {
  renderGreeting();
  renderTasks();
  renderFigures();
}

async function main() {
  const summaryReq = api('/api/v1/org/summary').then(
    (v) => (summary = v),
    (err) => (summaryError = err),
  );
  me = await startShell({ titleKey: 'home.title', nav: 'home' });
  await summaryReq;
  render();
  onLangChange(render);
  ready();
}

main();
