// review-common.js - what the rating pages share (the window tablet /rate and
// the case or link page /review): the five levels with faces, the dimensions
// of the service rated, the optional comment and phone, and the submission.
// GET /api/v1/reviews/levels gives the levels and dimensions; the form is
// native radio buttons in fieldsets (keyboard and screen readers work), drawn
// as large touch tiles.

import { t, getLang } from './i18n.js';
import { api } from './api.js';
import { h } from './shell.js';

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...kids) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const k of kids) el.append(k);
  return el;
}

// Mouth curves from a big smile (1) to a frown (5).
const MOUTH = ['M15 29 Q24 38 33 29', 'M16 30 Q24 35 32 30', 'M16 31 L32 31', 'M16 33 Q24 28 32 33', 'M15 35 Q24 26 33 35'];

/** A face for a level (decorative: the label says it). */
export function face(level) {
  return svg(
    'svg',
    { viewBox: '0 0 48 48', class: `face face-${level}`, 'aria-hidden': 'true', focusable: 'false' },
    svg('circle', { cx: 24, cy: 24, r: 21, class: 'face-ring' }),
    svg('circle', { cx: 17, cy: 19, r: 2.5, class: 'face-eye' }),
    svg('circle', { cx: 31, cy: 19, r: 2.5, class: 'face-eye' }),
    svg('path', { d: MOUTH[level - 1], class: 'face-mouth' }),
  );
}

let catalog = null;
/** The levels and dimensions (cached). */
export async function reviewCatalog() {
  if (!catalog) catalog = await api('/api/v1/reviews/levels');
  return catalog;
}

const label = (x) => (getLang() === 'en' ? x.en : x.zh);

/** Build the rating form into `form` for a service event (from the API:
 * {service, dimensions}). options: {phone: bool, big: bool}. Returns
 * {values()} giving the request body, or null with the first missing field
 * focused. */
export function ratingForm(form, event, { phone = true, big = false } = {}) {
  const { levels, dimensions } = catalog;
  const overall = h(
    'fieldset',
    { class: 'rv-levels' + (big ? ' rv-big' : ''), id: 'rv-overall' },
    h('legend', {}, t('review.overall')),
    h(
      'div',
      { class: 'rv-tiles' },
      levels.map((l) =>
        h(
          'label',
          { class: `rv-tile rv-level-${l.level}` },
          h('input', { type: 'radio', name: 'level', value: l.level, id: `rv-level-${l.level}`, required: true }),
          face(l.level),
          h('span', { class: 'rv-tile-label' }, label(l)),
        ),
      ),
    ),
  );
  const dims = dimensions.filter((d) => event.dimensions.includes(d.key));
  const dimSets = dims.map((d) =>
    h(
      'fieldset',
      { class: 'rv-dim', id: `rv-dim-${d.key}` },
      h('legend', {}, label(d), h('span', { class: 'rv-optional' }, ` ${t('review.optional')}`)),
      h(
        'div',
        { class: 'rv-tiles rv-tiles-small' },
        levels.map((l) =>
          h(
            'label',
            { class: `rv-tile rv-tile-small rv-level-${l.level}` },
            h('input', { type: 'radio', name: `dim-${d.key}`, value: l.level, id: `rv-${d.key}-${l.level}` }),
            h('span', { class: 'rv-tile-label' }, label(l)),
          ),
        ),
      ),
    ),
  );
  const comment = h(
    'div',
    { class: 'rv-field' },
    h('label', { for: 'rv-comment' }, t('review.comment'), h('span', { class: 'rv-optional' }, ` ${t('review.optional')}`)),
    h('textarea', { id: 'rv-comment', name: 'comment', rows: big ? 2 : 3, maxlength: 500, 'aria-describedby': 'rv-comment-hint' }),
    h('p', { class: 'hint', id: 'rv-comment-hint' }, t('review.comment.hint')),
  );
  const phoneField = phone
    ? h(
        'div',
        { class: 'rv-field' },
        h('label', { for: 'rv-phone' }, t('review.phone'), h('span', { class: 'rv-optional' }, ` ${t('review.optional')}`)),
        h('input', { id: 'rv-phone', name: 'phone', type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: 20, 'aria-describedby': 'rv-phone-hint' }),
        h('p', { class: 'hint', id: 'rv-phone-hint' }, t('review.phone.hint')),
      )
    : null;
  form.replaceChildren(
    overall,
    ...dimSets,
    comment,
    phoneField,
    h('p', { class: 'rv-error notice notice-error', id: 'rv-form-error', role: 'alert' }),
    h('button', { type: 'submit', class: 'btn btn-primary btn-touch rv-submit', id: 'rv-submit' }, t('review.submit')),
  );
  return {
    values() {
      const level = form.querySelector('input[name="level"]:checked');
      if (!level) {
        form.querySelector('#rv-form-error').textContent = t('review.err.level');
        form.querySelector('#rv-level-1').focus();
        return null;
      }
      const body = { level: Number(level.value) };
      for (const d of dims) {
        const v = form.querySelector(`input[name="dim-${d.key}"]:checked`);
        if (v) body[d.key] = Number(v.value);
      }
      const c = form.querySelector('#rv-comment').value.trim();
      if (c) body.comment = c;
      const p = form.querySelector('#rv-phone')?.value.trim();
      if (p) body.phone = p;
      return body;
    },
  };
}

/** A sentence for a refused rating. */
export function rateError(err) {
  if (err?.status === 409) return t('review.err.rated');
  if (err?.status === 422 && err.problem?.field) return t('review.err.field', { field: err.problem.field });
  if (err?.status === 429) return t('review.err.limited');
  if (err?.status === 404) return t('review.err.gone');
  return null;
}

/** "非常满意" for a level number. */
export function levelName(level) {
  const l = catalog?.levels.find((x) => x.level === level);
  return l ? label(l) : String(level ?? '');
}

export function dimName(key) {
  const d = catalog?.dimensions.find((x) => x.key === key);
  return d ? label(d) : key;
}
