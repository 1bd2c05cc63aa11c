// SPDX-License-Identifier: MIT
// Administration → Mitarbeiterverwaltung: the employee list, "Neuer
// Mitarbeiter" (invitation mail), edit, deactivate/reactivate, resend.

import { get, post, patch, qs } from './api.js';
import { awayMap, awayBadge } from './absences.js';
import { handoverDialog } from './handover.js';
import { t } from './i18n.js';
import {
  h, replace, pageHead, button, buildForm, emptyState, badge, paged, pagedTable, openDialog, confirmDialog, toast, errorMessage, tabNav,
} from './ui.js';

/** The tabs of the Mitarbeiterverwaltung (also used by roles.js). */
export function staffTabs(current) {
  return tabNav(t('nav.employees'), [
    ['/administration/mitarbeiterverwaltung', t('employees.tab'), 'employees'],
    ['/administration/mitarbeiterrollen', t('roles.tab'), 'roles'],
  ], current);
}

const STATUS_KIND = { invited: 'info', active: 'ok', inactive: 'muted' };

function newEmployee(reload) {
  openDialog(t('employees.new'), (close) => buildForm({
    fields: [
      { name: 'name', label: t('employee.name'), required: true, maxlength: 200, autocomplete: 'off', hint: t('employee.name_hint') },
      { name: 'email', label: t('employee.email'), type: 'email', required: true, maxlength: 254, autocomplete: 'off', spellcheck: false },
      { name: 'is_admin', label: t('employee.is_admin'), type: 'checkbox', value: false, hint: t('employee.is_admin_hint') },
    ],
    submit: t('employees.invite_submit'),
    cancel: close,
    onSubmit: async (v) => {
      await post('/employees', { name: v.name, email: v.email, is_admin: v.is_admin });
      close();
      toast(t('employees.invited'));
      reload();
    },
  }).el);
}

function editEmployee(e, reload) {
  openDialog(t('employees.edit_title', { name: e.name }), (close) => buildForm({
    fields: [
      { name: 'name', label: t('employee.name'), required: true, maxlength: 200, value: e.name },
      { name: 'is_admin', label: t('employee.is_admin'), type: 'checkbox', value: e.is_admin, hint: t('employee.is_admin_hint') },
    ],
    submit: t('common.save'),
    cancel: close,
    errors: { 'conflict:is_admin': 'err.conflict.self_admin' },
    onSubmit: async (v) => {
      await patch(`/employees/${e.id}`, { name: v.name, is_admin: v.is_admin });
      close();
      toast(t('common.saved'));
      reload();
    },
  }).el);
}

async function setActive(e, active, reload) {
  if (!active) {
    const ok = await confirmDialog(t('employees.deactivate_title', { name: e.name }),
      t('employees.deactivate_text', { name: e.name }), t('employees.deactivate'));
    if (!ok) return;
  }
  try {
    await patch(`/employees/${e.id}`, { active });
    toast(active ? t('employees.reactivated') : t('employees.deactivated'));
    reload();
    // Their open Vorgänge: hand them over now (or later, from the row).
    if (!active) await handoverDialog(e, reload);
  } catch (err) {
    toast(errorMessage(err, {}, { conflict: 'err.conflict.self_active' }), 'error');
  }
}

async function resend(e) {
  try {
    await post(`/employees/${e.id}/invite`);
    toast(t('employees.invited'));
  } catch (err) {
    toast(errorMessage(err, {}, { conflict: 'err.conflict.invite' }), 'error');
  }
}

export async function render(view, ctx) {
  const box = h('div');
  const reload = async () => {
    const target = h('div');
    const away = await awayMap().catch(() => new Map());
    const cols = [
      { label: t('employee.name'), th: true },
      { label: t('employee.email') },
      { label: t('employee.is_admin') },
      { label: t('employee.status') },
      { label: t('common.actions'), class: 'actions' },
    ];
    await paged(target, (cursor) => get(`/employees${qs({ limit: 100, cursor })}`),
      pagedTable(cols, (items) => items.map((e) => {
        const nameId = `emp-${e.id}`;
        const self = e.id === ctx.user.id;
        const acts = [button(t('common.edit'), () => editEmployee(e, reload), 'quiet', { 'aria-describedby': nameId })];
        if (e.status === 'invited') acts.push(button(t('employees.resend'), () => resend(e), 'quiet', { 'aria-describedby': nameId }));
        if (!self && e.status !== 'inactive') acts.push(button(t('employees.deactivate'), () => setActive(e, false, reload), 'danger-quiet', { 'aria-describedby': nameId }));
        if (e.status === 'inactive') acts.push(button(t('employees.reactivate'), () => setActive(e, true, reload), 'quiet', { 'aria-describedby': nameId }));
        if (e.status === 'inactive') acts.push(button(t('handover.button'), () => handoverDialog(e, reload), 'quiet', { 'aria-describedby': nameId }));
        return [
          h('span', { id: nameId }, h('a', { href: `/administration/mitarbeiterverwaltung/${e.id}`, text: e.name }),
            self ? h('span', { class: 'muted', text: ` (${t('employees.you')})` }) : null,
            away.has(e.id) ? [' ', awayBadge(away.get(e.id))] : null),
          e.email,
          e.is_admin ? t('common.yes') : t('common.no'),
          badge(t(`empstatus.${e.status}`), STATUS_KIND[e.status] || 'neutral'),
          h('div', { class: 'row-actions' }, acts),
        ];
      }), null),
      emptyState(t('employees.empty')));
    if (!ctx.alive()) return;
    const tbl = target.querySelector('table');
    if (tbl) tbl.setAttribute('aria-label', t('employees.tab'));
    replace(box, target);
  };
  replace(view,
    staffTabs('employees'),
    pageHead(t('employees.title'), [button(t('employees.new'), () => newEmployee(reload), 'primary')], t('employees.intro')),
    box);
  await reload();
}
