// my-cases.js - the caller's cases (/my-cases): GET /api/v1/my/cases, newest
// first, each with its number (a link to /case), the item, the state, the
// deadline and the countdown badge (colour and words). After a bundle
// application (?bundle_app=ID) the bundle's derived state is shown on top.

import { t, num } from './i18n.js';
import { api } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { stateBadge, countdownBadge, dueText, caseItemName, fmtTime, problemText, stateLabel, caseRows } from './cases-common.js';

const el = (id) => document.getElementById(id);
const bundleApp = Number.parseInt(new URLSearchParams(window.location.search).get('bundle_app') ?? '', 10) || null;
let cases = null;
let bundle = null;
let error = null;
let me = null;

function render() {
  const body = el('mycases-body');
  el('mycases-error').textContent = error ? problemText(error) : '';
  if (!me?.authenticated) {
    body.replaceChildren(h('p', { class: 'notice notice-info', id: 'mycases-signin' }, t('mycases.signin'), ' ', h('a', { href: '/login' }, t('auth.signin'))));
    return;
  }
  el('mycases-status').textContent = bundle
    ? t('mycases.bundle', { n: num(bundle.cases?.length ?? 0), state: stateLabel(bundle.state) })
    : '';
  if (!cases) {
    body.replaceChildren();
    return;
  }
  if (!cases.length) {
    body.replaceChildren(h('p', { class: 'muted', id: 'mycases-empty' }, t('mycases.empty')));
    return;
  }
  const cols = ['no', 'item', 'state', 'due', 'countdown', 'updated'];
  body.replaceChildren(
    h('p', { class: 'case-count', id: 'mycases-count' }, t('mycases.count', { n: num(cases.length) })),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data-table', id: 'mycases-table', 'aria-labelledby': 'mycases-h' },
        h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col' }, t(`mycases.col.${c}`))))),
        h(
          'tbody',
          {},
          cases.map((c) =>
            h(
              'tr',
              { 'data-case': c.id, 'data-state': c.state },
              h('th', { scope: 'row' }, h('a', { href: `/case?id=${c.id}`, class: 'code' }, c.no)),
              h('td', {}, caseItemName(c)),
              h('td', {}, stateBadge(c.state)),
              h('td', {}, dueText(c)),
              h('td', {}, countdownBadge(c)),
              h('td', {}, fmtTime(c.updated_at)),
            ),
          ),
        ),
      ),
    ),
  );
}

async function main() {
  me = await startShell({ titleKey: 'mycases.title', nav: 'home' });
  if (me?.authenticated) {
    try {
      const r = await api('/api/v1/my/cases');
      cases = caseRows(r);
      if (bundleApp) bundle = await api(`/api/v1/bundle-applications/${bundleApp}`).catch(() => null);
    } catch (err) {
      error = err;
    }
  }
  render();
  onLangChange(render);
  ready();
}

main();
