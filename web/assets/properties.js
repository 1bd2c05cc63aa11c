// SPDX-License-Identifier: MIT
// Liegenschaften: the list with search; admins create new ones.

import { get, post, qs } from './api.js';
import { t } from './i18n.js';
import { h, replace, pageHead, button, buildForm, emptyState, paged, pagedTable, openDialog, toast, badge } from './ui.js';

export function propertyFields(p = {}) {
  return [
    { name: 'name', label: t('property.name'), required: true, maxlength: 200, value: p.name, hint: t('property.name_hint') },
    { name: 'street', label: t('property.street'), required: true, maxlength: 200, value: p.street, autocomplete: 'street-address' },
    { name: 'postal_code', label: t('property.postal_code'), required: true, maxlength: 100, value: p.postal_code, autocomplete: 'postal-code', inputmode: 'numeric' },
    { name: 'city', label: t('property.city'), required: true, maxlength: 100, value: p.city, autocomplete: 'address-level2' },
    { name: 'external_id', label: t('property.external_id'), optional: true, maxlength: 100, value: p.external_id, hint: t('property.external_id_hint') },
  ];
}

function address(p) {
  return [p.street, [p.postal_code, p.city].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

function newProperty(ctx) {
  openDialog(t('properties.new'), (close) => buildForm({
    fields: propertyFields(),
    submit: t('common.create'),
    cancel: close,
    errors: { 'conflict:external_id': 'err.conflict.external_id' },
    onSubmit: async (v) => {
      const body = { name: v.name, street: v.street, postal_code: v.postal_code, city: v.city };
      if (v.external_id) body.external_id = v.external_id;
      const p = await post('/properties', body);
      close();
      await ctx.navigate(`/liegenschaften/${p.id}`);
      toast(t('common.saved'));
    },
  }).el);
}

export async function render(view, ctx) {
  const admin = ctx.user.is_admin;
  let q = ctx.query.get('q') || '';
  const box = h('div');
  const search = h('input', { id: 'prop-q', type: 'search', value: q, autocomplete: 'off' });
  let archived = ctx.query.get('archived') === 'true';
  const showArchived = h('input', { id: 'prop-archived', type: 'checkbox', checked: archived });
  let timer = null;
  const load = () => {
    const arch = archived ? 'true' : '';
    history.replaceState(null, '', location.pathname + qs({ q, archived: arch }));
    const cols = [
      { label: t('property.name'), th: true },
      { label: t('property.address') },
      { label: t('property.external_id_short') },
      { label: t('common.actions'), class: 'actions' },
    ];
    const target = h('div');
    return paged(target, (cursor) => get(`/properties${qs({ q, limit: 50, cursor, archived: arch })}`),
      pagedTable(cols, (items) => items.map((p) => {
        const nameId = `prop-name-${p.id}`;
        return [
          h('span', { id: nameId }, p.name, p.archived ? [' ', badge(t('archive.badge'), 'muted')] : null),
          address(p),
          p.external_id || '–',
          h('a', { href: `/liegenschaften/${p.id}`, 'aria-describedby': nameId, text: t('common.details') }),
        ];
      }), null),
      emptyState(q ? t('properties.empty_search') : t('properties.empty'))).then(() => {
      if (!ctx.alive()) return;
      const tbl = target.querySelector('table');
      if (tbl) tbl.setAttribute('aria-label', t('properties.title'));
      replace(box, target);
    });
  };
  showArchived.addEventListener('change', () => {
    archived = showArchived.checked;
    load();
  });
  search.addEventListener('input', () => {
    q = search.value.trim();
    clearTimeout(timer);
    timer = setTimeout(load, 300);
  });
  replace(view,
    pageHead(t('properties.title'), admin ? [button(t('properties.new'), () => newProperty(ctx), 'primary')] : [],
      admin ? t('properties.intro_admin') : t('properties.intro')),
    h('form', { class: 'filters', role: 'search', 'aria-label': t('filters.label'), onsubmit: (e) => { e.preventDefault(); clearTimeout(timer); load(); } },
      h('div', { class: 'filter filter-grow' }, h('label', { for: 'prop-q', text: t('filters.search') }), search),
      admin ? h('div', { class: 'filter check' }, showArchived, h('label', { for: 'prop-archived', text: t('archive.show') })) : null),
    box);
  await load();
}
