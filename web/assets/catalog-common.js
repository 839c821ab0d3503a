// catalog-common.js - what the catalog pages share: badges for an item's
// type and online depth, its time limits, fee, channels and tiers as text,
// in the current language. The depth labels come from the server (they are
// editable); until they are loaded the built-in ones are used.

import { t, pick } from './i18n.js';
import { h } from './shell.js';

let depthLabels = null; // [{depth, zh, en}] from GET /api/v1/catalog/summary

export function setDepthLabels(depths) {
  depthLabels = depths ?? null;
}

export function depthLabel(depth) {
  const d = depthLabels?.find((x) => x.depth === depth);
  return d ? pick({ zh: d.zh, en: d.en }) : t(`cat.depth.${depth}`);
}

/** "网办深度 4 · 全程网办：零跑腿" as a badge. */
export function depthBadge(depth, { long = false } = {}) {
  return h(
    'span',
    { class: `badge cat-depth cat-depth-${depth}`, 'data-depth': depth },
    long ? t('cat.depth.badge.long', { n: depth, label: depthLabel(depth) }) : t('cat.depth.badge', { n: depth }),
  );
}

export function typeBadge(type) {
  const key = type?.key ?? type;
  return h('span', { class: `badge cat-type ${type?.power ? 'cat-type-power' : 'cat-type-service'}`, 'data-type': key }, t(`cat.type.${key}`));
}

/** 即办件, or 承诺 N 个工作日. */
export function limitText(x) {
  return x.immediate ? t('cat.immediate') : t('cat.promised', { n: x.promised_days });
}

export function legalText(x) {
  return x.legal_days ? t('cat.days', { n: x.legal_days }) : t('cat.legal.none');
}

export function feeText(x) {
  if (x.free || x.fee === '0.00') return t('cat.fee.free');
  return t('cat.fee.amount', { fee: x.fee });
}

export function visitsText(n) {
  return n === 0 ? t('cat.visits.zero') : t('cat.visits.n', { n });
}

export function channelsText(list) {
  return (list ?? []).map((c) => t(`cat.channel.${c}`)).join('、');
}

export function tiersText(list) {
  return (list ?? []).map((x) => t(`tier.${x}.short`)).join('、');
}

export function deptName(d) {
  return pick(d) || d?.code || '';
}

/** An item's name in the current language (items carry an English name). */
export function itemName(x) {
  return pick(x) || x?.code || '';
}

export const TYPES = [
  'licensing',
  'payment',
  'confirmation',
  'levy',
  'reward',
  'adjudication',
  'other_power',
  'public_service',
];
export const CHANNELS = ['window', 'online', 'mobile', 'proxy', 'post'];
export const TIERS = ['district', 'township', 'village'];
export const FORMS = ['original', 'copy', 'both'];
export const FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'id_number', 'uscc', 'phone', 'address', 'bool'];

/** The rows of a materials table (item guide and bundle). */
export function materialRows(materials, { askedBy = null } = {}) {
  return materials.map((m) =>
    h(
      'tr',
      { 'data-material': m.name },
      h('th', { scope: 'row' }, m.name),
      h('td', {}, t(`cat.form.${m.form}`)),
      h('td', { class: 'num' }, String(m.count)),
      h(
        'td',
        {},
        m.required
          ? h('span', { class: 'cat-req' }, t('cat.material.required'))
          : h('span', { class: 'cat-cond' }, t('cat.material.conditional', { when: m.condition })),
      ),
      h('td', {}, m.e_licence ? t('cat.material.elicence.yes') : t('cat.material.elicence.no')),
      askedBy ? h('td', { class: 'num' }, String(m.asked_by?.length ?? 0)) : null,
    ),
  );
}
