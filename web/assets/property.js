// SPDX-License-Identifier: MIT
// A Liegenschaft's details: address, units, residents (Mieter/Eigentümer)
// and the staff table (Zuständigkeiten) with "Mitarbeiter hinzufügen".

import { get, post, patch, del, listAll, qs } from './api.js';
import { t } from './i18n.js';
import {
  h, replace, button, buildForm, loading, loadError, table, facts, toast, openDialog, confirmDialog, errorMessage, emptyState, badge,
} from './ui.js';
import { employeePicker } from './people.js';
import { propertyFields } from './properties.js';
import { typeahead } from './typeahead.js';
import {
  unitActions, unitName, residentActions, residentName, linkDialog, archiveButton, archivedBadge,
} from './property-edit.js';

const UNIT_KINDS = ['apartment', 'commercial', 'parking', 'other'];

function section(id, title, intro, ...body) {
  return h('section', { class: 'panel', 'aria-labelledby': id },
    h('h2', { id, text: title }),
    intro ? h('p', { class: 'muted', text: intro }) : null,
    body);
}

// --- units ---------------------------------------------------------------

function unitsSection(ctx, p, refresh) {
  const admin = ctx.user.is_admin;
  const units = p.units || [];
  const add = admin ? button(t('units.add'), () => openDialog(t('units.add'), (close) => buildForm({
    fields: [
      { name: 'label', label: t('units.label'), required: true, maxlength: 100, hint: t('units.label_hint') },
      { name: 'kind', label: t('units.kind'), type: 'select', value: 'apartment', options: UNIT_KINDS.map((k) => ({ value: k, label: t(`unitkind.${k}`) })) },
    ],
    submit: t('common.add'),
    cancel: close,
    errors: { 'conflict:label': 'err.conflict.label' },
    onSubmit: async (v) => {
      await post(`/properties/${p.id}/units`, { label: v.label, kind: v.kind });
      close();
      toast(t('common.saved'));
      refresh('units');
    },
  }).el), 'secondary', { class: 'btn btn-secondary units-add' }) : null;
  return section('units-h', t('units.title'), null,
    units.length
      ? table([{ label: t('units.label') }, { label: t('units.kind') }, admin ? { label: t('units.actions'), class: 'actions' } : null]
        .filter(Boolean), units.map((u) => [unitName(u), t(`unitkind.${u.kind}`), admin ? unitActions(p, u, refresh) : null]
        .filter((c) => c !== null)), 'units-h')
      : emptyState(t('units.empty')),
    add ? h('div', { class: 'section-actions' }, add) : null);
}

// --- residents -----------------------------------------------------------

// The contact is found by search (GET /contacts?q=, any of the
// organisation's contacts, issue 13) or created here.
async function residentDialog(ctx, p, refresh) {
  const NEW = 'new';
  const EXISTING = 'existing';
  const contactLabel = (c) => (c.email ? `${c.name} (${c.email})` : c.name);
  let chosen = null;
  openDialog(t('residents.add'), (close) => {
    const picker = typeahead({
      id: 'res-contact', label: t('residents.search_contact'),
      search: async (text, signal) => (await get(`/contacts${qs({ q: text, limit: 10 })}`, { signal })).items
        .map((c) => ({ id: c.id, label: c.name, sub: [c.email, c.phone].filter(Boolean).join(', ') || null })),
      onchange: (o) => { chosen = o; },
    });
    const form = buildForm({
      fields: [
        {
          name: 'contact_id', label: t('residents.contact'), type: 'select', required: true,
          options: [{ value: EXISTING, label: t('residents.existing_contact') },
            { value: NEW, label: t('residents.new_contact') }],
          value: EXISTING,
        },
        { name: 'name', label: t('contact.name'), maxlength: 200, autocomplete: 'off' },
        { name: 'email', label: t('contact.email'), type: 'email', maxlength: 254, autocomplete: 'off', optional: true },
        {
          name: 'relation', label: t('residents.relation'), type: 'radios', required: true, value: 'tenant',
          options: [{ value: 'tenant', label: t('relation.tenant') }, { value: 'owner', label: t('relation.owner') }],
        },
        {
          name: 'unit_id', label: t('residents.unit'), type: 'select', optional: true, placeholder: t('residents.unit_none'),
          options: (p.units || []).map((u) => ({ value: u.id, label: u.label })),
        },
        { name: 'invite', label: t('residents.invite'), type: 'checkbox', value: false, hint: t('residents.invite_hint') },
      ],
      submit: t('common.add'),
      cancel: close,
      errors: { 'invalid_field:email': 'err.invalid_field.email', 'conflict:email': 'err.conflict.email' },
      onSubmit: async (v) => {
        let cid = v.contact_id;
        if (cid === EXISTING) {
          if (!chosen) {
            form.fieldError('contact_id', t('residents.contact_missing'), false);
            picker.input.focus();
            return;
          }
          cid = chosen.id;
        }
        if (cid === NEW) {
          if (!v.name) {
            form.fieldError('name', t('err.required', { field: t('contact.name') }));
            return;
          }
          if (v.invite && !v.email) {
            form.fieldError('email', t('err.invite_needs_email'));
            return;
          }
          const body = { name: v.name };
          if (v.email) body.email = v.email;
          const c = await post('/contacts', body);
          cid = c.id;
          // The contact exists now: a retry must not create it twice.
          chosen = { id: c.id, label: contactLabel(c) };
          picker.input.value = chosen.label;
          const sel = form.fields.contact_id.input;
          sel.value = EXISTING;
          sel.dispatchEvent(new Event('change'));
        }
        const body = { contact_id: Number(cid), relation: v.relation };
        if (v.unit_id) body.unit_id = Number(v.unit_id);
        await post(`/properties/${p.id}/residents`, body);
        let msg = t('common.saved');
        if (v.invite) {
          try {
            await post(`/contacts/${cid}/invite`);
            msg = t('residents.invited');
          } catch (err) {
            msg = errorMessage(err, {}, { 'invalid_field:email': 'err.invite_needs_email' });
          }
        }
        close();
        toast(msg);
        refresh('residents');
      },
    });
    const sel = form.fields.contact_id.input;
    const search = h('div', { class: 'field' },
      h('label', { for: 'res-contact', text: t('residents.search_contact') }), picker.el);
    form.fields.contact_id.wrap.after(search);
    const sync = () => {
      const isNew = sel.value === NEW;
      search.hidden = isNew;
      form.fields.name.wrap.hidden = !isNew;
      form.fields.email.wrap.hidden = !isNew;
      form.fields.name.input.required = isNew;
    };
    sel.addEventListener('change', sync);
    sync();
    if (!(p.units || []).length) form.fields.unit_id.wrap.hidden = true;
    return form.el;
  });
}

function residentsSection(ctx, p, residents, refresh) {
  const admin = ctx.user.is_admin;
  return section('res-h', t('residents.title'), null,
    residents.length
      ? table([{ label: t('contact.name') }, { label: t('contact.email') }, { label: t('residents.unit') }, { label: t('residents.relation') },
        admin ? { label: t('residents.actions'), class: 'actions' } : null].filter(Boolean),
      residents.map((r) => [residentName(r), r.contact_email || '–', r.unit_label || '–', t(`relation.${r.relation}`),
        admin ? residentActions(p, r, refresh) : null].filter((c) => c !== null)), 'res-h')
      : emptyState(t('residents.empty')),
    admin ? h('div', { class: 'section-actions' },
      button(t('residents.link'), () => linkDialog(p, refresh), 'secondary', { class: 'btn btn-secondary residents-link' }), ' ',
      button(t('residents.add'), () => residentDialog(ctx, p, refresh), 'secondary', { class: 'btn btn-secondary residents-add' })) : null);
}

// --- staff ---------------------------------------------------------------

async function staffDialog(ctx, p, refresh) {
  let roles;
  try {
    roles = await listAll('/roles');
  } catch (err) {
    toast(errorMessage(err), 'error');
    return;
  }
  openDialog(t('staff.add'), (close) => {
    if (!roles.length) {
      return [h('p', { text: t('staff.no_roles') }),
        h('p', null, h('a', { href: '/administration/mitarbeiterrollen', text: t('staff.to_roles') })),
        h('div', { class: 'form-actions' }, button(t('common.close'), close))];
    }
    // The employee: a type-ahead over the active ones (issue 13).
    let who = null;
    const picker = employeePicker({ id: 'staff-employee', label: t('staff.employee'), onchange: (o) => { who = o; } });
    const whoErr = h('p', { class: 'field-error', id: 'staff-employee-err', role: 'alert' });
    const form = buildForm({
      fields: [
        h('div', { class: 'field' }, h('label', { for: 'staff-employee', text: t('staff.employee') }), picker.el, whoErr),
        {
          name: 'role_id', label: t('staff.role'), type: 'select', required: true, placeholder: t('common.choose'),
          options: roles.map((r) => ({ value: r.id, label: r.name })),
        },
      ],
      submit: t('common.add'),
      cancel: close,
      errors: { conflict: 'err.conflict.staff' },
      onSubmit: async (v) => {
        if (!who) {
          whoErr.textContent = t('people.choose');
          picker.input.focus();
          return;
        }
        await post(`/properties/${p.id}/staff`, { employee_id: who.id, role_id: Number(v.role_id) });
        close();
        toast(t('common.saved'));
        refresh('staff');
      },
    });
    return form.el;
  });
}

function staffSection(ctx, p, staff, refresh) {
  const admin = ctx.user.is_admin;
  const cols = [{ label: t('staff.employee') }, { label: t('staff.role') }];
  if (admin) cols.push({ label: t('staff.remove'), class: 'actions' });
  const rows = staff.map((s) => {
    const nameId = `staff-${s.id}`;
    const cells = [
      h('span', { id: nameId }, s.employee_name, s.employee_active === false ? [' ', badge(t('empstatus.inactive'), 'muted')] : null),
      s.role_name,
    ];
    if (admin) {
      cells.push(button(t('staff.remove'), async () => {
        const ok = await confirmDialog(t('staff.remove_title'),
          t('staff.remove_text', { name: s.employee_name, role: s.role_name, property: p.name }), t('staff.remove_confirm'));
        if (!ok) return;
        try {
          await del(`/properties/${p.id}/staff/${s.id}`);
          toast(t('staff.removed'));
          refresh('staff');
        } catch (err) {
          toast(errorMessage(err), 'error');
        }
      }, 'danger-quiet', { 'aria-describedby': nameId }));
    }
    return cells;
  });
  return section('staff-h', t('staff.title'), t('staff.intro'),
    staff.length ? table(cols, rows, 'staff-h') : emptyState(t('staff.empty')),
    admin ? h('div', { class: 'section-actions' },
      button(t('staff.add'), () => staffDialog(ctx, p, refresh), 'primary', { class: 'btn btn-primary staff-add' })) : null);
}

// --- page ----------------------------------------------------------------

function editDialog(ctx, p, refresh) {
  openDialog(t('property.edit'), (close) => buildForm({
    fields: propertyFields(p),
    submit: t('common.save'),
    cancel: close,
    errors: { 'conflict:external_id': 'err.conflict.external_id' },
    onSubmit: async (v) => {
      await patch(`/properties/${p.id}`, { ...v, external_id: v.external_id || null });
      close();
      toast(t('common.saved'));
      refresh(null);
    },
  }).el);
}

async function draw(view, ctx, focus) {
  const id = ctx.params[0];
  const [p, staff, residents] = await Promise.all([
    get(`/properties/${id}`),
    listAll(`/properties/${id}/staff`),
    listAll(`/properties/${id}/residents`),
  ]);
  if (!ctx.alive()) return;
  const refresh = (what) => draw(view, ctx, what).catch((err) => toast(errorMessage(err), 'error'));
  const admin = ctx.user.is_admin;
  replace(view,
    h('p', { class: 'crumb' }, h('a', { href: '/liegenschaften', text: t('property.back') })),
    h('div', { class: 'page-head' },
      h('div', { class: 'page-title' },
        h('p', { class: 'kicker', text: t('property.kicker') }),
        h('h1', { tabindex: '-1' }, p.name, archivedBadge(p) ? [' ', archivedBadge(p)] : null)),
      h('div', { class: 'page-actions' },
        h('a', { class: 'btn btn-secondary', href: `/vorgaenge/alle?property_id=${p.id}`, text: t('property.processes') }),
        admin ? button(t('property.edit'), () => editDialog(ctx, p, refresh), 'secondary') : null,
        admin ? archiveButton(`/properties/${p.id}`, p, p.name, () => refresh(null)) : null)),
    h('div', { class: 'panel' },
      facts([
        [t('property.address'), [p.street, h('br'), [p.postal_code, p.city].filter(Boolean).join(' ')]],
        [t('property.external_id'), p.external_id],
      ])),
    unitsSection(ctx, p, refresh),
    residentsSection(ctx, p, residents, refresh),
    staffSection(ctx, p, staff, refresh));
  const sel = { staff: '.staff-add', units: '.units-add', residents: '.residents-add' }[focus];
  if (sel) {
    const el = view.querySelector(sel);
    if (el) el.focus();
  }
}

export async function render(view, ctx) {
  replace(view, h('h1', { tabindex: '-1', class: 'sr-only', text: t('properties.title') }), loading());
  try {
    await draw(view, ctx, null);
  } catch (err) {
    replace(view, h('h1', { tabindex: '-1', text: t('property.not_found') }), loadError(err),
      h('p', null, h('a', { href: '/liegenschaften', text: t('property.back') })));
  }
}
