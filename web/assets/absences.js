// SPDX-License-Identifier: MIT
// Abwesenheiten (absences) with a Vertretung (substitute): the panel on an
// employee's page and under "Mein Profil", and "abwesend bis …" next to
// names in lists (docs/routing.md).

import { get, post, del } from './api.js';
import { t, currentLang } from './i18n.js';
import {
  h, replace, button, buildForm, emptyState, table, openDialog, confirmDialog, toast, errorMessage, loading, loadError, badge,
} from './ui.js';
import { employeePicker } from './people.js';

/** "YYYY-MM-DD" as the reader writes a day: 12.12.2026 / 12 Dec 2026. */
export function fmtDay(iso) {
  if (!iso) return '';
  if (currentLang() === 'de') return iso.split('-').reverse().join('.');
  const d = new Date(`${iso}T00:00:00Z`);
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** The active colleagues, each {id, name, absent_until, substitute_id}. */
export async function colleagues() {
  return (await get('/colleagues')).items;
}

/** A map employee id → last day away, of those away today. */
export async function awayMap() {
  const m = new Map();
  for (const c of await colleagues()) if (c.absent_until) m.set(c.id, c.absent_until);
  return m;
}

/** The "abwesend bis …" marker for an employee away until iso (or null). */
export function awayBadge(iso) {
  return iso ? badge(t('absence.away_until', { date: fmtDay(iso) }), 'warn') : null;
}

function absenceForm(employee, people, close, onDone) {
  // The substitute: a type-ahead over the active colleagues (issue 13).
  let substitute = null;
  const picker = employeePicker({
    id: 'abs-substitute', label: t('absence.substitute'), exclude: [employee.id], placeholder: t('absence.no_substitute'),
    onchange: (o) => { substitute = o; },
  });
  picker.input.setAttribute('aria-describedby', 'abs-substitute-hint');
  return buildForm({
    fields: [
      { name: 'starts_on', label: t('absence.starts_on'), type: 'date', required: true },
      { name: 'ends_on', label: t('absence.ends_on'), type: 'date', required: true, hint: t('absence.ends_on_hint') },
      h('div', { class: 'field' }, h('label', { for: 'abs-substitute', text: t('absence.substitute') }), picker.el,
        h('p', { class: 'hint', id: 'abs-substitute-hint', text: t('absence.substitute_hint') })),
    ],
    submit: t('common.save'),
    cancel: close,
    errors: {
      'conflict:starts_on': 'err.conflict.absence_overlap',
      'invalid_field:ends_on': 'err.absence.ends_on',
      'invalid_field:substitute_id': 'err.absence.substitute',
    },
    onSubmit: async (v) => {
      const body = { starts_on: v.starts_on, ends_on: v.ends_on };
      if (substitute) body.substitute_id = substitute.id;
      await post(`/employees/${employee.id}/absences`, body);
      close();
      toast(t('common.saved'));
      onDone();
    },
  }).el;
}

async function remove(a, reload) {
  const ok = await confirmDialog(t('absence.delete_title'),
    t('absence.delete_text', { from: fmtDay(a.starts_on), to: fmtDay(a.ends_on) }), t('common.delete'));
  if (!ok) return;
  try {
    await del(`/absences/${a.id}`);
    toast(t('absence.deleted'));
    reload();
  } catch (err) {
    toast(errorMessage(err), 'error');
  }
}

async function handover(a, reload) {
  const ok = await confirmDialog(t('absence.handover_title'),
    t('absence.handover_text', { name: a.employee_name, substitute: a.substitute_name }), t('absence.handover'), 'primary');
  if (!ok) return;
  try {
    const r = await post(`/absences/${a.id}/handover`, {});
    toast(t('absence.handed_over', { n: r.handed_over }));
    reload();
  } catch (err) {
    toast(errorMessage(err, {}, { conflict: 'err.absence.over', invalid_field: 'err.absence.no_substitute' }), 'error');
  }
}

/**
 * The Abwesenheiten panel of employee {id, name}: the list, "Neue
 * Abwesenheit", delete, and the hand-over of the open Vorgänge to the
 * substitute. ctx.alive() as the screens have it.
 */
export function absencePanel(employee, ctx) {
  const box = h('div', null, loading());
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());
  let people = [];
  const reload = async () => {
    let list;
    try {
      [list, people] = await Promise.all([
        get(`/employees/${employee.id}/absences`).then((r) => r.items), colleagues()]);
    } catch (err) {
      replace(box, loadError(err));
      return;
    }
    if (!ctx.alive()) return;
    const rows = list.map((a) => {
      const over = a.ends_on < today;
      const id = `abs-${a.id}`;
      return [
        h('span', { id, text: `${fmtDay(a.starts_on)} – ${fmtDay(a.ends_on)}` }),
        a.substitute_name || '–',
        over ? t('absence.over') : (a.starts_on <= today ? t('absence.running') : t('absence.planned')),
        h('div', { class: 'row-actions' },
          !over && a.substitute_id
            ? button(t('absence.handover'), () => handover(a, reload), 'quiet', { 'aria-describedby': id }) : null,
          button(t('common.delete'), () => remove(a, reload), 'danger-quiet', { 'aria-describedby': id })),
      ];
    });
    replace(box, rows.length
      ? table([
        { label: t('absence.period'), th: true }, { label: t('absence.substitute') }, { label: t('absence.state') },
        { label: t('common.actions'), class: 'actions' },
      ], rows, 'abs-h')
      : emptyState(t('absence.empty')));
  };
  const add = button(t('absence.new'), () => openDialog(t('absence.new'),
    (close) => absenceForm(employee, people, close, reload)), 'secondary');
  const panel = h('section', { class: 'panel', 'aria-labelledby': 'abs-h' },
    h('h2', { id: 'abs-h', text: t('absence.title') }),
    h('p', { class: 'muted', text: t('absence.intro') }),
    box,
    h('div', { class: 'btn-row' }, add));
  return { el: panel, reload };
}
