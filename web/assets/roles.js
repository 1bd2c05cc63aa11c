// SPDX-License-Identifier: MIT
// Administration → Mitarbeiterverwaltung → Mitarbeiterrollen: list, "Neue
// Mitarbeiterrolle", rename, delete when unused; and the fallback role for
// Vorgänge nobody is responsible for.

import { get, post, patch, del, listAll } from './api.js';
import { t } from './i18n.js';
import {
  h, replace, pageHead, button, buildForm, emptyState, table, openDialog, confirmDialog, toast, errorMessage, loading, loadError,
} from './ui.js';
import { staffTabs } from './employees.js';

function roleForm(role, close, onDone) {
  return buildForm({
    fields: [
      { name: 'name', label: t('role.name'), required: true, maxlength: 200, value: role ? role.name : '', hint: role ? null : t('role.name_hint') },
      { name: 'description', label: t('role.description'), type: 'textarea', optional: true, rows: 3, maxlength: 2000, value: role ? role.description : '' },
      {
        name: 'assign', label: t('role.assign'), type: 'radiocards', value: role ? role.assign : 'all',
        options: ['all', 'round_robin', 'least_open'].map((m) => ({ value: m, label: t(`assign.${m}`), description: t(`assign.${m}_desc`) })),
      },
    ],
    submit: role ? t('common.save') : t('common.create'),
    cancel: close,
    errors: { 'conflict:name': 'err.conflict.role_name' },
    onSubmit: async (v) => {
      const body = { name: v.name, description: v.description, assign: v.assign || 'all' };
      if (role) await patch(`/roles/${role.id}`, body);
      else await post('/roles', body);
      close();
      toast(t('common.saved'));
      onDone();
    },
  }).el;
}

async function remove(role, reload) {
  const ok = await confirmDialog(t('roles.delete_title', { name: role.name }), t('roles.delete_text', { name: role.name }), t('common.delete'));
  if (!ok) return;
  try {
    await del(`/roles/${role.id}`);
    toast(t('roles.deleted'));
    reload();
  } catch (err) {
    toast(errorMessage(err, {}, { conflict: 'err.conflict.role_in_use' }), 'error');
  }
}

function fallbackSection(roles, settings) {
  const form = buildForm({
    fields: [{
      name: 'fallback_role_id', label: t('fallback.label'), type: 'select', placeholder: t('fallback.none'),
      options: roles.map((r) => ({ value: r.id, label: r.name })), value: settings ? settings.fallback_role_id : '',
    }],
    submit: t('common.save'),
    submitKind: 'secondary',
    className: 'inline-form',
    onSubmit: async (v) => {
      await patch('/settings', { fallback_role_id: v.fallback_role_id ? Number(v.fallback_role_id) : null });
      toast(t('common.saved'));
    },
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'fb-h' },
    h('h2', { id: 'fb-h', text: t('fallback.title') }),
    h('p', { class: 'muted', text: t('fallback.intro') }),
    form.el);
}

export async function render(view, ctx) {
  const box = h('div', null, loading());
  const fb = h('div', { class: 'spaced' });
  const reload = async () => {
    let roles;
    let settings = null;
    try {
      [roles, settings] = await Promise.all([listAll('/roles'), get('/settings').catch(() => null)]);
    } catch (err) {
      replace(box, loadError(err));
      return;
    }
    if (!ctx.alive()) return;
    const rows = roles.map((r) => {
      const nameId = `role-${r.id}`;
      return [
        h('span', { id: nameId, text: r.name }),
        r.description || '–',
        t(`assign.${r.assign || 'all'}`),
        r.in_use ? t('roles.in_use') : t('roles.unused'),
        h('div', { class: 'row-actions' },
          button(t('common.edit'), () => openDialog(t('roles.edit_title', { name: r.name }), (close) => roleForm(r, close, reload)),
            'quiet', { 'aria-describedby': nameId }),
          r.in_use ? null : button(t('common.delete'), () => remove(r, reload), 'danger-quiet', { 'aria-describedby': nameId })),
      ];
    });
    replace(box, roles.length
      ? table([
        { label: t('role.name'), th: true }, { label: t('role.description') }, { label: t('role.assign') }, { label: t('roles.usage') },
        { label: t('common.actions'), class: 'actions' },
      ], rows, null)
      : emptyState(t('roles.empty')));
    const tbl = box.querySelector('table');
    if (tbl) tbl.setAttribute('aria-label', t('roles.title'));
    replace(fb, fallbackSection(roles, settings));
  };
  const newBtn = button(t('roles.new'), () => openDialog(t('roles.new'), (close) => roleForm(null, close, reload)), 'primary');
  replace(view, staffTabs('roles'), pageHead(t('roles.title'), [newBtn], t('roles.intro')), box, fb);
  await reload();
}
