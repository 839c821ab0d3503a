// review.js - rate a completed service (/review):
//   ?t=TOKEN  the link sent after completion: no sign-in, usable once;
//   ?case=ID  the signed-in applicant's own completed case;
//   (none)    the signed-in applicant's completed cases, rated or to rate.
// The form (levels with faces, the dimensions of the service, comment, phone)
// comes from review-common.js.

import { t, pick } from './i18n.js';
import { api, errorMessage } from './api.js';
import { startShell, ready, onLangChange, h } from './shell.js';
import { reviewCatalog, ratingForm, rateError, levelName } from './review-common.js';

const el = (id) => document.getElementById(id);
const params = new URLSearchParams(window.location.search);
let event = null;
let target = '';
let form = null;
let list = null;
let done = null;

function show(which) {
  for (const id of ['review-list-panel', 'review-panel', 'review-thanks']) el(id).hidden = id !== which;
}

function drawEvent() {
  const e = event;
  el('event-h').textContent = e.kind === 'case' ? t('review.case', { no: e.no }) : t('review.ticket', { no: e.no });
  const info = [
    [t('review.item'), pick({ name: e.title, name_en: e.title_en })],
    [t('review.site'), pick(e.site)],
  ];
  if (e.window.number) info.push([t('review.window'), t('rate.window', { number: e.window.number })]);
  if (e.clerk.name) info.push([t('review.clerk'), e.clerk.name]);
  el('event-info').replaceChildren(...info.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
  if (e.rated) {
    el('review-form').replaceChildren(h('p', { class: 'notice notice-info', id: 'review-rated' }, t('review.rated', { level: levelName(e.level) })));
    form = null;
  } else if (!e.rateable) {
    el('review-form').replaceChildren(h('p', { class: 'notice notice-info' }, t('review.notyet')));
    form = null;
  } else {
    form = ratingForm(el('review-form'), e, { phone: true });
  }
  show('review-panel');
}

function drawList() {
  const items = list ?? [];
  el('review-list').replaceChildren(
    ...(items.length
      ? items.map((e) =>
          h(
            'li',
            { class: 'rv-list-item' },
            h('strong', {}, e.no),
            ' ',
            pick({ name: e.title, name_en: e.title_en }),
            ' · ',
            e.rated
              ? h('span', { class: 'badge' }, t('review.rated.short', { level: levelName(e.level) }))
              : h('a', { class: 'btn btn-primary btn-touch', href: `/review?case=${e.id}` }, t('review.go')),
          ),
        )
      : [h('li', { class: 'empty' }, t('review.mine.none'))]),
  );
  show('review-list-panel');
}

function drawThanks() {
  el('rthanks-text').textContent = t(done.bad ? 'rate.thanks.bad' : 'rate.thanks.good');
  show('review-thanks');
}

function draw() {
  if (done) drawThanks();
  else if (event) drawEvent();
  else if (list) drawList();
}

async function submit(ev) {
  ev.preventDefault();
  const body = form?.values();
  if (!body) return;
  el('rv-submit').disabled = true;
  try {
    done = await api(target, { method: 'POST', body });
    draw();
    el('rthanks-h').focus();
  } catch (err) {
    el('rv-form-error').textContent = rateError(err) ?? errorMessage(err);
    el('rv-submit').disabled = false;
  }
}

async function main() {
  const me = await startShell({ titleKey: 'review.title', nav: 'review' });
  el('review-form').addEventListener('submit', submit);
  const token = params.get('t');
  const caseId = Number.parseInt(params.get('case') ?? '', 10);
  try {
    await reviewCatalog();
    if (token && /^[tc][0-9]{1,15}\.[A-Za-z0-9_-]{10,40}$/.test(token)) {
      target = `/api/v1/reviews/t/${token}`;
      event = await api(target);
    } else if (token) {
      el('review-error').textContent = t('review.err.gone');
    } else if (!me?.authenticated) {
      el('review-error').replaceChildren(t('review.signin'), ' ', h('a', { href: '/login' }, t('auth.signin')));
    } else if (caseId > 0) {
      target = `/api/v1/reviews/cases/${caseId}`;
      event = await api(target);
    } else {
      list = (await api('/api/v1/reviews/mine')).items;
    }
  } catch (err) {
    el('review-error').textContent = err?.status === 404 ? t('review.err.gone') : errorMessage(err);
  }
  draw();
  onLangChange(draw);
  ready();
}

main();
