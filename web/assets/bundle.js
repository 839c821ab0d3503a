// bundle.js - one "one thing, one go" bundle (/bundle?id=N): its items, the
// merged application form (the union of the items' form fields) and one list
// of materials where a material asked by several items is asked once
// (GET /api/v1/catalog/bundles/{id}; the merge is src/core/catalog.c).

import { t, pick, num } from './i18n.js';
import { api, errorMessage, ApiError } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { depthBadge, setDepthLabels, limitText, deptName, itemName, materialRows } from './catalog-common.js';

const el = (id) => document.getElementById(id);
const id = Number.parseInt(new URLSearchParams(window.location.search).get('id') ?? '', 10) || null;
let bundle = null;
let error = null;

function panel(hid, title, ...content) {
  return h('section', { class: 'panel bundle-section', 'aria-labelledby': hid }, h('h2', { id: hid }, title), ...content);
}

function render() {
  const body = el('bundle-body');
  if (!id || error) {
    const msg = !id ? t('bundle.missing') : error instanceof ApiError && error.status === 404 ? t('bundle.notfound') : errorMessage(error);
    body.replaceChildren(h('p', { class: 'notice notice-error', role: 'alert' }, msg));
    return;
  }
  if (!bundle) return;
  const b = bundle;
  document.title = `${pick(b)} – ${t('app.name')}`;
  el('page-title').textContent = pick(b);
  el('bundle-lead').textContent = b.description || t('bundle.lead');
  const current = b.items.filter((x) => x.current);
  const figures = [
    ['items', num(b.items.length)],
    ['materials', t('bundle.fig.materials.v', { n: num(b.materials.length), asked: num(b.materials_asked) })],
    ['fields', num(b.form.fields.length)],
    ['promised', t('cat.days', { n: b.promised_days })],
    ['visits', b.visits === 0 ? t('cat.visits.zero') : t('cat.visits.n', { n: b.visits })],
  ];
  body.replaceChildren(
    h(
      'dl',
      { class: 'meta bundle-figures', id: 'bundle-figures' },
      h('div', {}, h('dt', {}, t('bundle.lead_department')), h('dd', {}, deptName(b.lead_department))),
      figures.map(([k, v]) => h('div', { 'data-figure': k }, h('dt', {}, t(`bundle.fig.${k}`)), h('dd', {}, v))),
    ),
    current.length
      ? h('p', { class: 'item-apply' }, h('a', { class: 'btn btn-primary', id: 'bundle-apply', href: `/apply?bundle=${b.id}` }, t('bundle.apply')))
      : '',
    panel(
      'bundle-items-h',
      t('bundle.items', { n: num(b.items.length) }),
      h(
        'ol',
        { class: 'bundle-items', id: 'bundle-items' },
        b.items.map((x) =>
          h(
            'li',
            { 'data-item': x.code },
            x.current ? h('a', { href: `/item?id=${x.id}` }, itemName(x)) : h('span', {}, x.code),
            x.current
              ? h(
                  'span',
                  { class: 'cat-badges' },
                  ' ',
                  h('span', { class: 'muted' }, deptName(x.department)),
                  ' ',
                  depthBadge(x.online_depth),
                  h('span', { class: `badge ${x.immediate ? 'cat-immediate' : 'cat-promised'}` }, limitText(x)),
                )
              : h('span', { class: 'muted' }, ` ${t('bundle.item.gone')}`),
          ),
        ),
      ),
      current.length < b.items.length ? h('p', { class: 'notice notice-info' }, t('bundle.partial')) : '',
    ),
    panel(
      'bundle-materials-h',
      t('bundle.materials', { n: num(b.materials.length) }),
      h('p', { class: 'muted' }, t('bundle.materials.lead', { asked: num(b.materials_asked), n: num(b.materials.length) })),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'data-table cat-materials', id: 'bundle-materials', 'aria-labelledby': 'bundle-materials-h' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['name', 'form', 'count', 'need', 'elicence', 'asked'].map((c) =>
                h('th', { scope: 'col', class: c === 'count' || c === 'asked' ? 'num' : null }, t(`cat.material.col.${c}`)),
              ),
            ),
          ),
          h('tbody', {}, materialRows(b.materials, { askedBy: true })),
        ),
      ),
    ),
    panel(
      'bundle-form-h',
      t('bundle.form', { n: num(b.form.fields.length) }),
      h('p', { class: 'muted' }, t('bundle.form.lead')),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'data-table', id: 'bundle-form', 'aria-labelledby': 'bundle-form-h' },
          h(
            'thead',
            {},
            h('tr', {}, ['label', 'type', 'required', 'asked'].map((c) => h('th', { scope: 'col', class: c === 'asked' ? 'num' : null }, t(`bundle.form.col.${c}`)))),
          ),
          h(
            'tbody',
            {},
            b.form.fields.map((f) =>
              h(
                'tr',
                { 'data-field': f.name },
                h('th', { scope: 'row' }, pick({ zh: f.label, en: f.label_en })),
                h('td', {}, t(`cat.ftype.${f.type}`)),
                h('td', {}, f.required ? t('bundle.form.required') : t('bundle.form.optional')),
                h('td', { class: 'num' }, num(f.asked_by.length)),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

async function main() {
  await startShell({ titleKey: 'bundle.title', nav: 'catalog' });
  if (id) {
    try {
      const [b, s] = await Promise.all([api(`/api/v1/catalog/bundles/${id}`), api('/api/v1/catalog/summary').catch(() => null)]);
      bundle = b;
      setDepthLabels(s?.depths);
    } catch (err) {
      error = err;
    }
  }
  render();
  onLangChange(render);
  ready();
}

main();
