// SPDX-License-Identifier: MIT
// Correcting and ending on a Liegenschaft's page (issue 13, item 4): units
// and residents are edited and removed, a resident gets a move-out date,
// an existing contact is linked by search, and properties, types and
// contacts are archived and restored (archiveButton).

import { get, post, patch, del, qs } from './api.js';
import { t } from './i18n.js';
import { h, button, buildForm, openDialog, confirmDialog, toast, errorMessage, badge } from './ui.js';
import { typeahead } from './typeahead.js';

const UNIT_KINDS = ['apartment', 'commercial', 'parking', 'other'];

function unitOptions(p) {
  return (p.units || []).map((u) => ({ value: u.id, label: u.label }));
}

/** "Bearbeiten" and "Entfernen" of one unit. */
export function unitActions(p, u, refresh) {
  const nameId = `unit-${u.id}`;
  const edit = button(t('common.edit'), () => openDialog(t('units.edit'), (close) => buildForm({
    fields: [
      { name: 'label', label: t('units.label'), required: true, maxlength: 100, value: u.label },
      { name: 'kind', label: t('units.kind'), type: 'select', value: u.kind, options: UNIT_KINDS.map((k) => ({ value: k, label: t(`unitkind.${k}`) })) },
    ],
    submit: t('common.save'),
    cancel: close,
    errors: { 'conflict:label': 'err.conflict.label' },
    onSubmit: async (v) => {
      await patch(`/properties/${p.id}/units/${u.id}`, { label: v.label, kind: v.kind });
      close();
      toast(t('common.saved'));
      refresh('units');
    },
  }).el), 'secondary', { class: 'btn btn-secondary unit-edit', 'aria-describedby': nameId });
  const remove = button(t('common.remove'), async () => {
    if (!await confirmDialog(t('units.remove_title'), t('units.remove_text', { label: u.label }), t('common.remove'))) return;
    try {
      await del(`/properties/${p.id}/units/${u.id}`);
      toast(t('units.removed'));
      refresh('units');
    } catch (err) {
      toast(errorMessage(err, {}, { conflict: 'units.in_use' }), 'error');
    }
  }, 'danger-quiet', { class: 'btn btn-danger-quiet unit-remove', 'aria-describedby': nameId });
  return h('span', { class: 'row-actions' }, edit, ' ', remove);
}

/** The unit's label for the table, with the id its actions refer to. */
export function unitName(u) {
  return h('span', { id: `unit-${u.id}`, text: u.label });
}

/** The resident's name with "ausgezogen am …" when they moved out. */
export function residentName(r) {
  return h('span', { id: `res-${r.id}` }, r.contact_name,
    r.moved_out_on ? [' ', badge(t('residents.moved_out_badge', { date: fmtDay(r.moved_out_on) }), 'muted')] : null);
}

function fmtDay(iso) {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

/** "Bearbeiten" and "Entfernen" of one resident row. */
export function residentActions(p, r, refresh) {
  const nameId = `res-${r.id}`;
  const edit = button(t('common.edit'), () => openDialog(t('residents.edit'), (close) => {
    const form = buildForm({
      fields: [
        {
          name: 'relation', label: t('residents.relation'), type: 'radios', required: true, value: r.relation,
          options: [{ value: 'tenant', label: t('relation.tenant') }, { value: 'owner', label: t('relation.owner') }],
        },
        {
          name: 'unit_id', label: t('residents.unit'), type: 'select', optional: true, placeholder: t('residents.unit_none'),
          options: unitOptions(p), value: r.unit_id,
        },
        {
          name: 'moved_out_on', label: t('residents.moved_out_on'), type: 'date', optional: true,
          value: r.moved_out_on || '', hint: t('residents.moved_out_hint'),
        },
      ],
      submit: t('common.save'),
      cancel: close,
      labels: { moved_out_on: t('residents.moved_out_on') },
      errors: { conflict: 'err.conflict.resident' },
      onSubmit: async (v) => {
        await patch(`/properties/${p.id}/residents/${r.id}`, {
          relation: v.relation,
          unit_id: v.unit_id ? Number(v.unit_id) : null,
          moved_out_on: v.moved_out_on || null,
        });
        close();
        toast(t('common.saved'));
        refresh('residents');
      },
    });
    if (!(p.units || []).length) form.fields.unit_id.wrap.hidden = true;
    return form.el;
  }), 'secondary', { class: 'btn btn-secondary res-edit', 'aria-describedby': nameId });
  const remove = button(t('common.remove'), async () => {
    if (!await confirmDialog(t('residents.remove_title'),
      t('residents.remove_text', { name: r.contact_name, property: p.name }), t('common.remove'))) return;
    try {
      await del(`/properties/${p.id}/residents/${r.id}`);
      toast(t('residents.removed'));
      refresh('residents');
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  }, 'danger-quiet', { class: 'btn btn-danger-quiet res-remove', 'aria-describedby': nameId });
  return h('span', { class: 'row-actions' }, edit, ' ', remove);
}

/** "Vorhandenen Kontakt verknüpfen": finds a contact by name, e-mail or phone. */
export function linkDialog(p, refresh) {
  openDialog(t('residents.link'), (close) => {
    let chosen = null;
    const ta = typeahead({
      id: 'link-contact', label: t('residents.contact'), placeholder: t('residents.link_placeholder'),
      search: async (text, signal) => (await get(`/contacts${qs({ q: text, limit: 10 })}`, { signal })).items
        .map((c) => ({ id: c.id, label: c.name, sub: [c.email, c.phone].filter(Boolean).join(' · ') })),
      onchange: (o) => { chosen = o; },
    });
    const form = buildForm({
      fields: [
        h('div', { class: 'field' }, h('label', { for: 'link-contact', text: t('residents.contact') }), ta.el),
        {
          name: 'relation', label: t('residents.relation'), type: 'radios', required: true, value: 'tenant',
          options: [{ value: 'tenant', label: t('relation.tenant') }, { value: 'owner', label: t('relation.owner') }],
        },
        {
          name: 'unit_id', label: t('residents.unit'), type: 'select', optional: true, placeholder: t('residents.unit_none'),
          options: unitOptions(p),
        },
      ],
      submit: t('residents.link_submit'),
      cancel: close,
      labels: { contact_id: t('residents.contact') },
      errors: { conflict: 'err.conflict.resident' },
      onSubmit: async (v, f) => {
        if (!chosen) {
          f.fieldError(null, t('err.required_choice', { field: t('residents.contact') }));
          ta.input.focus();
          return;
        }
        const body = { contact_id: chosen.id, relation: v.relation };
        if (v.unit_id) body.unit_id = Number(v.unit_id);
        await post(`/properties/${p.id}/residents`, body);
        close();
        toast(t('common.saved'));
        refresh('residents');
      },
    });
    if (!(p.units || []).length) form.fields.unit_id.wrap.hidden = true;
    return form.el;
  });
}

/**
 * "Archivieren" / "Wiederherstellen" of the object at path (a property,
 * a process type or a contact) with its archived flag; done() after.
 */
export function archiveButton(path, obj, name, done) {
  const restore = !!obj.archived;
  return button(restore ? t('archive.restore') : t('archive.archive'), async () => {
    if (!restore && !await confirmDialog(t('archive.title'), t('archive.text', { name }), t('archive.archive'), 'primary')) return;
    try {
      await patch(path, { archived: !restore });
      toast(restore ? t('archive.restored') : t('archive.archived'));
      done();
    } catch (err) {
      toast(errorMessage(err), 'error');
    }
  }, 'secondary', { class: 'btn btn-secondary archive-btn' });
}

/** The "archiviert" badge, or nothing. */
export function archivedBadge(obj) {
  return obj.archived ? badge(t('archive.badge'), 'muted') : null;
}
