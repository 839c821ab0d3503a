// case-worklist.js - the approver's worklist (/case-worklist): the open cases
// of the approver's department sorted by deadline, with the warning of each
// (green, yellow at 2 working days or fewer, red when overdue; always in
// words too) and a count of the warnings (GET /api/v1/cases/worklist).
// Opening a case shows its summary and materials and the steps open now:
// review, approve, deny (reasons and the appeal information), extend (1-10
// working days and a reason, once), suspend (reason) and resume. After the
// decision the clerk completes and delivers on /case.

import { t, num } from './i18n.js';
import { api } from './api.js';
import { startShell, ready, onLangChange, h, currentUser } from './shell.js';
import {
  summaryList,
  actionPanel,
  stateBadge,
  countdownBadge,
  caseItemName,
  dueText,
  problemText,
  stateLabel,
  actionLabel,
  normMaterials,
  caseRows,
  caseListTable,
  fileLink,
} from './cases-common.js';

const el = (id) => document.getElementById(id);
let rows = null;
let selected = null;
let selMats = [];
let error = null;
let status = null;

function say(fn) {
  status = fn;
  el('worklist-status').textContent = fn ? fn() : '';
}

function fail(err) {
  el('worklist-error').textContent = err ? problemText(err) : '';
}

function allowed(me) {
  return Boolean(me?.authenticated && ['approver', 'manager'].includes(me.user?.role));
}

async function loadList() {
  try {
    const r = await api('/api/v1/cases/worklist');
    rows = caseRows(r);
    error = null;
  } catch (err) {
    error = err;
  }
}

function renderList() {
  const body = el('worklist-body');
  if (error) {
    body.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, problemText(error)));
    return;
  }
  if (!rows) return;
  const count = (w) => rows.filter((c) => c.clock?.warning === w).length;
  el('worklist-warnings').textContent = t('worklist.warnings', { red: num(count('red')), yellow: num(count('yellow')), green: num(count('green')) });
  if (!rows.length) {
    body.replaceChildren(h('p', { class: 'muted', id: 'worklist-empty' }, t('worklist.empty')));
    return;
  }
  const cols = ['no', 'item', 'state', 'due', 'countdown', 'open'];
  body.replaceChildren(
    caseListTable({
      id: 'worklist-table',
      labelledby: 'worklist-h',
      colKey: 'worklist.col',
      cols,
      rows,
      selectedId: selected?.id,
      rowAttrs: (c) => ({ 'data-warning': c.clock?.warning ?? 'none' }),
      cells: (c) => [h('td', {}, caseItemName(c)), h('td', {}, stateBadge(c.state)), h('td', {}, dueText(c)), h('td', {}, countdownBadge(c))],
      onOpen: open,
    }),
  );
}

async function open(id) {
  fail(null);
  try {
    const [c, m] = await Promise.all([api(`/api/v1/cases/${id}`), api(`/api/v1/cases/${id}/materials`).catch(() => null)]);
    selected = c;
    selMats = normMaterials(m);
  } catch (err) {
    fail(err);
    return;
  }
  renderList();
  renderDetail();
  el('wdetail-h').focus?.();
}

function renderDetail() {
  const box = el('worklist-detail');
  if (!selected) {
    box.replaceChildren(h('p', { class: 'muted' }, t('inbox.pick')));
    return;
  }
  const c = selected;
  const files = selMats.filter((m) => m.file_id);
  box.replaceChildren(
    h('h3', {}, `${c.no} · ${caseItemName(c)}`),
    summaryList(c, { id: 'worklist-summary' }),
    h('h3', {}, t('case.materials')),
    files.length
      ? h(
          'ul',
          { class: 'case-materials', id: 'worklist-materials' },
          files.map((f) => h('li', {}, h('strong', {}, f.name), ' · ', fileLink(c.id, f))),
        )
      : h('p', { class: 'muted' }, t('case.materials.none')),
    h('p', {}, h('a', { href: `/case?id=${c.id}` }, t('inbox.fullcase'))),
    actionPanel(c, {
      prefix: 'wl',
      skip: ['withdraw'],
      done: async (r, action) => {
        selected = r;
        await loadList();
        renderList();
        await open(r.id);
        say(() => t('case.done', { action: actionLabel(action), state: stateLabel(r.state) }));
      },
      fail: (err) => fail(err),
    }),
  );
}

async function main() {
  const me = await startShell({ titleKey: 'worklist.title', nav: 'home' });
  el('wdetail-h').setAttribute('tabindex', '-1');
  if (!allowed(me)) {
    el('worklist-body').replaceChildren(
      h('p', { class: 'notice notice-info', id: 'worklist-signin' }, t('worklist.signin'), ' ', me?.authenticated ? '' : h('a', { href: '/login' }, t('auth.signin'))),
    );
    el('worklist-refresh').hidden = true;
  } else {
    await loadList();
    renderList();
    el('worklist-refresh').addEventListener('click', async () => {
      await loadList();
      renderList();
      say(() => t('inbox.refreshed'));
    });
  }
  onLangChange(() => {
    if (!allowed(currentUser())) return;
    renderList();
    renderDetail();
    say(status);
  });
  ready();
}

main();
