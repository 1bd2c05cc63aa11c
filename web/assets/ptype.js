// SPDX-License-Identifier: MIT
// Administration → Vorgangstypen → one type: name, description, the
// Mitarbeiterrollen responsible (several), "Im Kundenportal wählbar".

import { get, post, patch, listAll } from './api.js';
import { t } from './i18n.js';
import { h, replace, pageHead, buildForm, loading, loadError, toast } from './ui.js';
import { retitle } from './app.js';
import { archiveButton, archivedBadge } from './property-edit.js';

export async function render(view, ctx) {
  const create = !!ctx.args.create;
  const box = h('div', { class: 'narrow' }, loading());
  const crumb = h('p', { class: 'crumb' }, h('a', { href: '/administration/vorgangstypen', text: t('ptype.back') }));
  replace(view, crumb, pageHead(create ? t('ptypes.new') : t('ptype.title')), box);
  let roles;
  let x = { name: '', description: '', role_ids: [], portal: true };
  try {
    [roles, x] = await Promise.all([
      listAll('/roles'),
      create ? Promise.resolve(x) : get(`/process-types/${ctx.params[0]}`),
    ]);
  } catch (err) {
    replace(box, loadError(err));
    return;
  }
  if (!ctx.alive()) return;
  const h1 = view.querySelector('h1');
  if (!create) h1.textContent = x.name;
  const form = buildForm({
    fields: [
      { name: 'name', label: t('ptype.name'), required: true, maxlength: 200, value: x.name },
      { name: 'description', label: t('ptype.description'), type: 'textarea', optional: true, rows: 3, maxlength: 2000, value: x.description, hint: t('ptype.description_hint') },
      {
        name: 'role_ids', label: t('ptype.roles'), type: 'checkboxes', hint: t('ptype.roles_hint'),
        options: roles.map((r) => ({ value: r.id, label: r.name })), value: x.role_ids || (x.roles || []).map((r) => r.id),
        emptyText: t('ptype.no_roles_defined'),
      },
      { name: 'portal', label: t('ptype.portal'), type: 'checkbox', value: x.portal !== false, hint: t('ptype.portal_hint') },
      { name: 'response_hours', label: t('ptype.response_hours'), optional: true, inputmode: 'numeric', maxlength: 4,
        value: x.response_hours == null ? '' : String(x.response_hours), hint: t('ptype.response_hours_hint') },
    ],
    submit: create ? t('common.create') : t('common.save'),
    cancel: () => ctx.navigate('/administration/vorgangstypen'),
    errors: { 'conflict:name': 'err.conflict.ptype_name' },
    onSubmit: async (v) => {
      const hours = String(v.response_hours || '').trim();
      const body = { name: v.name, description: v.description, role_ids: v.role_ids.map(Number), portal: v.portal,
        response_hours: hours === '' ? null : (/^\d+$/.test(hours) ? Number(hours) : hours) };
      if (create) {
        await post('/process-types', body);
        await ctx.navigate('/administration/vorgangstypen');
        toast(t('common.saved'));
        return;
      }
      const saved = await patch(`/process-types/${x.id}`, body);
      h1.textContent = (saved && saved.name) || v.name;
      retitle();
      toast(t('common.saved'));
    },
  });
  replace(box, create ? null : h('p', { class: 'notice notice-info', text: t('ptype.existing_note') }),
    create ? null : archivedBadge(x), form.el,
    create ? null : h('div', { class: 'section-actions' },
      archiveButton(`/process-types/${x.id}`, x, x.name, () => ctx.navigate('/administration/vorgangstypen'))));
}
