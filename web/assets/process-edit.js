// SPDX-License-Identifier: MIT
// Back office, one Vorgang: "Bearbeiten" corrects its type, property, unit
// and subject (PATCH /processes/{id}). After a change of type or property
// a dialog shows who would be responsible now (GET .../route-preview) and
// offers "Neu zuordnen", which applies it (POST .../reroute).

import { get, post, patch, qs, listAll } from './api.js';
import { t } from './i18n.js';
import { h, button, buildForm, openDialog, toast, errorMessage, newId } from './ui.js';
import { typeahead } from './typeahead.js';

/** Shows whom re-routing would assign, with "Neu zuordnen" and "Nicht jetzt". */
export async function previewDialog(id, redraw) {
  let pv;
  try {
    pv = await get(`/processes/${id}/route-preview`);
  } catch (err) {
    toast(errorMessage(err), 'error');
    return;
  }
  openDialog(t('edit.preview_title'), (close) => {
    const apply = button(t('process.reroute'), async () => {
      apply.disabled = true;
      try {
        const fresh = await post(`/processes/${id}/reroute`);
        close();
        toast(t('process.rerouted'));
        redraw(fresh, '.reroute-btn');
      } catch (err) {
        apply.disabled = false;
        toast(errorMessage(err, {}, { conflict: 'err.reroute_closed' }), 'error');
      }
    }, 'primary', { class: 'btn btn-primary preview-apply' });
    return [
      h('p', { text: pv.changes ? t('edit.preview_intro') : t('edit.preview_same') }),
      pv.assignees.length
        ? h('ul', { class: 'assignees preview-list' }, pv.assignees.map((a) => h('li', null,
          h('p', { class: 'asg-name' }, h('strong', { text: a.name })),
          h('p', { class: 'asg-reason', text: a.reason }))))
        : h('p', { class: 'notice notice-warn', text: pv.why || t('process.unrouted_notice') }),
      pv.unrouted && pv.assignees.length ? h('p', { class: 'notice notice-warn', text: t('process.unrouted_notice') }) : null,
      h('div', { class: 'form-actions' }, button(t('edit.later'), close, 'secondary'), apply),
    ];
  });
}

async function editDialog(p, redraw) {
  let types;
  try {
    types = (await listAll('/process-types')).map((x) => ({ value: x.id, label: x.name }));
  } catch (err) {
    toast(errorMessage(err), 'error');
    return;
  }
  // An archived type stays on the Vorgänge that have it.
  if (!types.some((o) => o.value === p.type_id)) types.unshift({ value: p.type_id, label: p.type_name });
  openDialog(t('edit.title'), (close) => {
    let prop = { id: p.property_id, label: p.property_name };
    const unitId = newId('edit-unit');
    const unitSel = h('select', { id: unitId, name: 'unit_id' });
    const loadUnits = async (propertyId, current) => {
      unitSel.replaceChildren(h('option', { value: '', text: t('edit.unit_none') }));
      if (!propertyId) return;
      try {
        for (const u of await listAll(`/properties/${propertyId}/units`)) {
          unitSel.append(h('option', { value: String(u.id), text: u.label }));
        }
      } catch (err) { /* without units the Vorgang keeps none */ }
      unitSel.value = current ? String(current) : '';
    };
    loadUnits(p.property_id, p.unit_id);
    const ta = typeahead({
      id: 'edit-prop', label: t('process.property'), value: prop,
      search: async (text, signal) => (await get(`/properties${qs({ q: text, limit: 10 })}`, { signal })).items
        .map((x) => ({ id: x.id, label: x.name, sub: [x.street, x.city].filter(Boolean).join(', ') })),
      onchange: (o) => {
        prop = o;
        loadUnits(o ? o.id : null, null);
      },
    });
    const form = buildForm({
      fields: [
        { name: 'subject', label: t('process.subject'), required: true, value: p.subject, maxlength: 200 },
        { name: 'type_id', label: t('process.type'), type: 'select', options: types, value: p.type_id },
        h('div', { class: 'field' }, h('label', { for: 'edit-prop', text: t('process.property') }), ta.el),
        h('div', { class: 'field' }, h('label', { for: unitId, text: t('process.unit') }), unitSel),
      ],
      submit: t('common.save'),
      cancel: close,
      className: 'edit-form',
      labels: { property_id: t('process.property'), unit_id: t('process.unit') },
      errors: { 'forbidden:property_id': 'edit.forbidden_property' },
      onSubmit: async (v, f) => {
        if (!prop) {
          f.fieldError(null, t('edit.property_required'));
          return;
        }
        const body = {};
        if (v.subject !== p.subject) body.subject = v.subject;
        if (Number(v.type_id) !== p.type_id) body.type_id = Number(v.type_id);
        if (prop.id !== p.property_id) body.property_id = prop.id;
        const unit = unitSel.value ? Number(unitSel.value) : null;
        if (unit !== (p.unit_id || null) || body.property_id) body.unit_id = unit;
        if (!Object.keys(body).length) {
          close();
          return;
        }
        const fresh = await patch(`/processes/${p.id}`, body);
        close();
        toast(t('common.saved'));
        redraw(fresh, '.edit-btn');
        const open = fresh.status !== 'resolved' && fresh.status !== 'closed';
        if ((body.type_id || body.property_id) && open) previewDialog(p.id, redraw);
      },
    });
    return form.el;
  });
}

/** The "Bearbeiten" button of the Vorgang page. */
export function editButton(p, redraw) {
  return button(t('edit.button'), () => editDialog(p, redraw), 'secondary', { class: 'btn btn-secondary edit-btn' });
}
