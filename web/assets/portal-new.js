// SPDX-License-Identifier: MIT
// Kundenportal: "Neue Anfrage". The tenant picks one of the portal's
// Vorgangstypen, the property and unit (preselected when there is only
// one), writes subject and description, and gets the Vorgang number back.

import { get, post, listAll } from './api.js';
import { t } from './i18n.js';
import { h, replace, pageHead, button, buildForm, loading, loadError, emptyState } from './ui.js';
import { picker, uploadAll } from './attach.js';

function unitOptions(prop) {
  return (prop && prop.units ? prop.units : []).map((u) => ({ value: u.id, label: u.label }));
}

function fillUnits(select, field, prop) {
  const opts = unitOptions(prop);
  select.replaceChildren(
    h('option', { value: '', text: t('request.unit_none') }),
    ...opts.map((o) => h('option', { value: String(o.value), text: o.label })));
  select.value = opts.length === 1 ? String(opts[0].value) : '';
  field.hidden = opts.length === 0;
}

/** "Foto hinzufügen" when filing: the photos chosen, uploaded after the
 * request is filed (its assignment mail waits for them). */
function photoField(chosen) {
  const list = h('ul', { class: 'chosen-files', 'aria-live': 'polite' });
  const redraw = () => list.replaceChildren(...chosen.map((f, i) => h('li', null,
    h('span', { text: f.name }), ' ',
    h('button', { type: 'button', class: 'btn-link', text: t('attach.remove'),
      onclick: () => { chosen.splice(i, 1); redraw(); } }))));
  return h('div', { class: 'field field-files' },
    h('p', { class: 'field-label', text: t('attach.title') }),
    picker((files) => { chosen.push(...files); redraw(); }),
    h('p', { class: 'hint', text: t('attach.hint') }),
    list);
}

function showForm(box, ctx, types, props) {
  const one = props.length === 1 ? props[0] : null;
  const chosen = [];
  const form = buildForm({
    footer: photoField(chosen),
    fields: [
      {
        name: 'type_id', label: t('request.type'), type: 'radiocards', required: true,
        options: types.map((x) => ({ value: x.id, label: x.name, description: x.description })),
        value: types.length === 1 ? types[0].id : '',
      },
      {
        name: 'property_id', label: t('request.property'), type: 'select', required: true,
        options: props.map((p) => ({ value: p.id, label: p.name })),
        placeholder: one ? undefined : t('common.choose'),
        value: one ? one.id : '',
      },
      {
        name: 'unit_id', label: t('request.unit'), type: 'select', optional: true,
        options: unitOptions(one), placeholder: t('request.unit_none'),
        value: one && unitOptions(one).length === 1 ? unitOptions(one)[0].value : '',
      },
      { name: 'subject', label: t('request.subject'), required: true, maxlength: 200, hint: t('request.subject_hint') },
      { name: 'description', label: t('request.description'), type: 'textarea', required: true, rows: 7, maxlength: 20000, hint: t('request.description_hint') },
    ],
    submit: t('request.submit'),
    errors: {
      'invalid_field:type_id': 'err.choose_type',
      'forbidden:property_id': 'err.forbidden_property',
      'forbidden:unit_id': 'err.forbidden_property',
    },
    onSubmit: async (v) => {
      const body = {
        type_id: Number(v.type_id),
        property_id: Number(v.property_id),
        subject: v.subject,
        description: v.description,
      };
      if (v.unit_id) body.unit_id = Number(v.unit_id);
      if (chosen.length) body.attachments_to_follow = chosen.length;
      const p = await post('/processes', body);
      const up = chosen.length ? await uploadAll(p.id, chosen) : { done: [], failed: [] };
      showDone(box, ctx, types, props, p, up);
    },
  });
  const unitField = form.fields.unit_id.wrap;
  unitField.hidden = unitOptions(one).length === 0;
  form.fields.property_id.input.addEventListener('change', (ev) => {
    const prop = props.find((p) => String(p.id) === ev.target.value);
    fillUnits(form.fields.unit_id.input, unitField, prop);
  });
  replace(box, form.el);
  return form;
}

function showDone(box, ctx, types, props, p, up) {
  const msg = h('div', { class: 'notice notice-ok done', role: 'status', tabindex: '-1' },
    h('p', { class: 'done-title', text: t('request.done', { number: p.number }) }),
    h('p', { text: t('request.done_mail') }),
    up.done.length ? h('p', { text: t('attach.uploaded', { n: up.done.length }) }) : null,
    up.failed.map((text) => h('p', { class: 'upload-error', text })));
  replace(box, msg,
    h('div', { class: 'form-actions start' },
      h('a', { class: 'btn btn-secondary', href: `/portal/anfragen/${p.id}`, text: t('request.view') }),
      button(t('portal.new'), () => {
        const f = showForm(box, ctx, types, props);
        const first = f.el.querySelector('input, select, textarea');
        if (first) first.focus();
      }, 'primary')));
  msg.focus();
}

export async function render(view, ctx) {
  const box = h('div', { class: 'narrow' }, loading());
  replace(view, pageHead(t('request.title'), [], t('request.intro')), box);
  let types;
  let props;
  try {
    [types, props] = await Promise.all([listAll('/process-types'), listAll('/properties')]);
  } catch (err) {
    replace(box, loadError(err));
    return;
  }
  types = types.filter((x) => x.portal !== false);
  if (!props.length) {
    replace(box, emptyState(t('request.no_property')));
    return;
  }
  if (!types.length) {
    replace(box, emptyState(t('request.no_types')));
    return;
  }
  // The property list of a contact may come without units: fetch them.
  await Promise.all(props.filter((p) => !p.units).map(async (p) => {
    try {
      const full = await get(`/properties/${p.id}`);
      p.units = full.units || [];
    } catch (e) {
      p.units = [];
    }
  }));
  showForm(box, ctx, types, props);
}
