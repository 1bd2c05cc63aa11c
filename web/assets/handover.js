// SPDX-License-Identifier: MIT
// Handing over a deactivated employee's open Vorgänge (issue 13, item 6):
// the dialog lists them and hands them over, re-routed to the role
// holders or to one colleague, with a note (POST
// /employees/{id}/handover).

import { get, post } from './api.js';
import { t } from './i18n.js';
import { h, button, openDialog, toast, errorMessage, statusBadge } from './ui.js';
import { employeePicker } from './people.js';

const SHOWN = 50; // Vorgänge listed in the dialog; the count says how many there are
const OPEN = 'open,in_progress,waiting';

/** Opens the dialog for employee e ({id, name}); onDone() after handing over. */
export async function handoverDialog(e, onDone) {
  let list;
  let count;
  try {
    [list, count] = await Promise.all([
      get(`/processes?assignee=${e.id}&status=${OPEN}&sort=created&limit=${SHOWN}`),
      get(`/processes/count?assignee=${e.id}&status=${OPEN}`)]);
  } catch (err) {
    toast(errorMessage(err), 'error');
    return;
  }
  openDialog(t('handover.title', { name: e.name }), (close) => {
    if (!list.items.length) {
      return [h('p', { class: 'handover-none', text: t('handover.none', { name: e.name }) }),
        h('div', { class: 'form-actions' }, button(t('common.close'), close, 'primary'))];
    }
    let who = null;
    const picker = employeePicker({ id: 'ho-who', label: t('handover.colleague'), exclude: [e.id], onchange: (o) => { who = o; } });
    const pickWrap = h('div', { class: 'field ho-who', hidden: true },
      h('label', { for: 'ho-who', text: t('handover.colleague') }), picker.el);
    const radio = (value, label, checked) => h('label', { class: 'option' },
      h('input', { type: 'radio', name: 'ho-mode', value, checked, onchange: () => { pickWrap.hidden = value !== 'colleague'; } }),
      ` ${label}`);
    const note = h('textarea', { id: 'ho-note', rows: 3, maxlength: 300 });
    const err = h('p', { class: 'field-error', role: 'alert' });
    const form = h('form', { class: 'form handover-form', novalidate: true, onsubmit: async (ev) => {
      ev.preventDefault();
      const mode = form.querySelector('input[name=ho-mode]:checked').value;
      const body = mode === 'colleague' ? { to_employee_id: who && who.id } : { reroute: true };
      if (mode === 'colleague' && !who) { err.textContent = t('handover.choose'); picker.input.focus(); return; }
      if (note.value.trim()) body.note = note.value.trim();
      try {
        const r = await post(`/employees/${e.id}/handover`, body);
        close();
        toast(t('handover.done', { n: r.moved }));
        if (onDone) onDone();
      } catch (ex) {
        err.textContent = errorMessage(ex);
      }
    } },
    h('p', { class: 'handover-count', text: t('handover.count', { n: count.more ? `${count.count}+` : count.count, name: e.name }) }),
    h('ul', { class: 'handover-list' }, list.items.map((p) => h('li', null,
      h('a', { href: `/vorgaenge/${p.id}`, text: `${p.number} · ${p.subject}` }), ' ', statusBadge(p.status)))),
    list.next ? h('p', { class: 'muted small', text: t('handover.more_listed', { n: SHOWN }) }) : null,
    h('fieldset', { class: 'rea-group' }, h('legend', { text: t('handover.how') }),
      radio('reroute', t('handover.reroute'), true), radio('colleague', t('handover.to_colleague'), false)),
    pickWrap,
    h('div', { class: 'field' }, h('label', { for: 'ho-note', text: t('reassign.note') }), note),
    err,
    h('div', { class: 'form-actions' }, button(t('handover.later'), close, 'secondary'),
      h('button', { type: 'submit', class: 'btn btn-primary', text: t('handover.submit') })));
    return form;
  }, { wide: true });
}
