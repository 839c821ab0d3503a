// figures-common.js - what the figures pages share (/figures, /hall-stats,
// /review-figures, /complaint-figures, /proxy-figures): a figure tile, the
// table of figures (a row header per row, a number per column, a line when
// there are no rows, an optional total row), the panel holding one, and the
// period form that reloads. No DOM access at import time.

import { h } from './shell.js';

/** One figure of the totals: <div class=cls><dt>label</dt><dd id>value</dd></div>. */
export function figure(label, value, id, cls = 'hall-figure') {
  return h('div', { class: cls }, h('dt', {}, label), h('dd', { id }, value));
}

/** A table of figures. cols: [[key, value(row)], ...] with the header text
 * colLabel(key); head: the first column's header; rowHead(row): a row's
 * header; empty: the text when there are no rows; total: a row for the
 * tfoot ([label, totals]) or none. */
export function figureTable({ id, labelledby, caption, head, cols, colLabel, rows, rowHead, empty, total }) {
  return h(
    'table',
    { class: 'data-table', 'aria-labelledby': labelledby, id },
    caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, head), ...cols.map(([c]) => h('th', { scope: 'col', class: 'num' }, colLabel(c))))),
    h(
      'tbody',
      {},
      rows.length
        ? rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, rowHead(r)), ...cols.map(([, v]) => h('td', { class: 'num' }, v(r)))))
        : h('tr', {}, h('td', { colspan: cols.length + 1, class: 'empty' }, empty)),
    ),
    total ? h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, total[0]), ...cols.map(([, v]) => h('td', { class: 'num' }, v(total[1]))))) : null,
  );
}

/** A panel with a heading (id headId) over a scrolling table. */
export function figurePanel(headId, title, table) {
  return h('section', { class: 'panel', 'aria-labelledby': headId }, h('h2', { id: headId }, title), h('div', { class: 'table-scroll' }, table));
}

/** The period form: submitting it (re)loads the figures. */
export function onPeriodSubmit(form, load) {
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    load();
  });
}
