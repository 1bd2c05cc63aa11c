// SPDX-License-Identifier: MIT
// "Zuständigkeit ändern" on the Vorgang page (issue 13, item 3): the
// current assignees first, then the property's holders of the type's
// roles, then a type-ahead over every other active employee; a hand-over
// note goes into the history and the assignment mail (PATCH note).

import { get, patch, listAll } from './api.js';
import { t } from './i18n.js';
import { h, button, openDialog, toast, errorMessage } from './ui.js';
import { employeePicker, inactiveIds, inactiveBadge } from './people.js';

const NOTE_MAX = 300; // PATCH note's limit (HD_MAX_NOTE, bytes)

/** The property's holders of the type's roles: [{id, name, role}] (a hint:
 * empty when they cannot be read). */
async function roleHolders(p) {
  try {
    const [type, staff] = await Promise.all([get(`/process-types/${p.type_id}`), listAll(`/properties/${p.property_id}/staff`)]);
    const roles = new Set(type.role_ids || []);
    const seen = new Map();
    for (const s of staff) {
      if (s.employee_active === false || !roles.has(s.role_id)) continue;
      if (!seen.has(s.employee_id)) seen.set(s.employee_id, { id: s.employee_id, name: s.employee_name, role: s.role_name });
    }
    return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name, 'de'));
  } catch (err) {
    return [];
  }
}

function option(person, checked, marker) {
  const id = `rea-${person.id}`;
  return h('li', { class: 'rea-option' },
    h('input', { type: 'checkbox', id, value: String(person.id), checked, name: 'assignee' }),
    h('label', { for: id }, person.name, person.role ? h('span', { class: 'muted', text: ` · ${person.role}` }) : null,
      marker ? [' ', marker] : null));
}

/** Opens the dialog for Vorgang p; redraw(fresh, focusSelector) after saving. */
export async function reassignDialog(p, redraw) {
  const [holders, off] = await Promise.all([roleHolders(p), inactiveIds()]);
  const current = (p.assignees || []).map((a) => ({ id: a.employee_id, name: a.name, role: a.role_name }));
  const shown = new Set(current.map((c) => c.id));
  const others = holders.filter((x) => !shown.has(x.id));
  others.forEach((x) => shown.add(x.id));
  openDialog(t('process.reassign_title'), (close) => {
    const extra = h('ul', { class: 'rea-list rea-extra' });
    const picker = employeePicker({
      id: 'rea-search', label: t('reassign.search'),
      onchange: (o) => {
        if (!o) return;
        if (!shown.has(o.id)) {
          shown.add(o.id);
          extra.append(option({ id: o.id, name: o.label }, true, null));
        } else {
          const box = form.querySelector(`#rea-${o.id}`);
          if (box) box.checked = true;
        }
        picker.clear();
        picker.input.focus();
      },
    });
    const note = h('textarea', { id: 'rea-note', rows: 3, maxlength: NOTE_MAX, 'aria-describedby': 'rea-note-hint' });
    const err = h('p', { class: 'field-error', role: 'alert' });
    const form = h('form', { class: 'form reassign-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const ids = [...form.querySelectorAll('input[name=assignee]:checked')].map((i) => Number(i.value));
      if (!ids.length) { err.textContent = t('reassign.none'); return; }
      const body = { assignee_ids: ids };
      if (note.value.trim()) body.note = note.value.trim();
      try {
        const fresh = await patch(`/processes/${p.id}`, body);
        close();
        toast(t('common.saved'));
        redraw(fresh, '.assign-btn');
      } catch (ex) {
        err.textContent = errorMessage(ex);
      }
    } },
    h('fieldset', { class: 'rea-group' }, h('legend', { text: t('reassign.current') }),
      current.length ? h('ul', { class: 'rea-list' }, current.map((c) => option(c, true, off.has(c.id) ? inactiveBadge() : null)))
        : h('p', { class: 'muted', text: t('process.no_assignees') })),
    h('fieldset', { class: 'rea-group' }, h('legend', { text: t('reassign.holders', { property: p.property_name || '' }) }),
      others.length ? h('ul', { class: 'rea-list' }, others.map((c) => option(c, false, null)))
        : h('p', { class: 'muted', text: t('reassign.no_holders') })),
    h('div', { class: 'field' }, h('label', { for: 'rea-search', text: t('reassign.search') }), picker.el, extra),
    h('div', { class: 'field' }, h('label', { for: 'rea-note', text: t('reassign.note') }), note,
      h('p', { class: 'hint', id: 'rea-note-hint', text: t('reassign.note_hint') })),
    h('p', { class: 'hint', text: t('process.reassign_hint') }),
    err,
    h('div', { class: 'form-actions' }, button(t('common.cancel'), close, 'secondary'),
      h('button', { type: 'submit', class: 'btn btn-primary', text: t('common.save') })));
    return form;
  });
}
