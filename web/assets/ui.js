// SPDX-License-Identifier: MIT
// DOM building blocks shared by the screens. Everything is built with
// createElement/textContent: data never goes through innerHTML.

import { t, has } from './i18n.js';

const PROPS = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'required', 'multiple', 'readOnly']);

/**
 * Creates element tag with props and children. props: class, text, on<event>
 * (listener), the DOM properties above, anything else as an attribute
 * (null/false leave it out, true sets it empty). Children: nodes, strings
 * (as text), arrays, null.
 */
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, kids);
  return el;
}

/** Appends children (nodes, strings, arrays, null) to el. */
export function append(el, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return el;
}

/** Removes every child of el and appends kids. */
export function replace(el, ...kids) {
  el.replaceChildren();
  return append(el, kids);
}

let uid = 0;
/** A fresh element id with prefix p. */
export function newId(p = 'id') {
  uid += 1;
  return `${p}-${uid}`;
}

/** The page heading row: h1 (focus target after navigation) and actions on the right. */
export function pageHead(title, actions = [], intro = null) {
  return h('div', { class: 'page-head' },
    h('div', { class: 'page-title' },
      h('h1', { tabindex: '-1', text: title }),
      intro ? h('p', { class: 'intro', text: intro }) : null),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}

/** A button; kind: primary, secondary (default), danger, link. */
export function button(label, onclick, kind = 'secondary', props = {}) {
  return h('button', { type: 'button', class: `btn btn-${kind}`, onclick, ...props }, label);
}

/** A "Wird geladen …" line. */
export function loading() {
  return h('p', { class: 'loading', role: 'status', text: t('common.loading') });
}

/** An empty-state box with text and optional action nodes. */
export function emptyState(text, ...actions) {
  return h('div', { class: 'empty' }, h('p', { text }), actions);
}

/** A box telling that loading failed, with the reason. */
export function loadError(err) {
  return h('div', { class: 'notice notice-error', role: 'alert' }, errorMessage(err));
}

const STATUS = ['open', 'in_progress', 'waiting', 'resolved', 'closed'];
export const STATUSES = STATUS;

/** The coloured status badge of a Vorgang. */
export function statusBadge(status) {
  const known = STATUS.includes(status);
  return h('span', { class: `badge status-${known ? status : 'other'}` },
    known ? t(`status.${status}`) : status);
}

/** A small neutral or coloured label. */
export function badge(text, kind = 'neutral') {
  return h('span', { class: `badge badge-${kind}`, text });
}

/**
 * A table. columns: [{label, class?}]; rows: arrays of cells (nodes or
 * strings), or {cells, props} for row attributes. labelledBy: id of the
 * heading naming the table. On phones each cell shows its column label.
 */
export function table(columns, rows, labelledBy) {
  return h('table', { class: 'table', 'aria-labelledby': labelledBy || null },
    h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.class || null }, c.label)))),
    h('tbody', null, tableRows(columns, rows)));
}

/** The <tr> nodes of rows (see table). */
export function tableRows(columns, rows) {
  return rows.map((r) => {
    const cells = Array.isArray(r) ? r : r.cells;
    return h('tr', Array.isArray(r) ? null : r.props,
      cells.map((c, i) => h(columns[i].th ? 'th' : 'td', {
        'data-label': columns[i].label, class: columns[i].class || null, scope: columns[i].th ? 'row' : null,
      }, h('div', { class: 'cell' }, c))));
  });
}

/**
 * Loads a cursor-paged list into box. fetchPage(cursor) resolves to
 * {items, next}; mount(items) returns {el, add(items)} for the first page;
 * empty is shown when there is nothing. Later pages come with "Mehr laden".
 */
export async function paged(box, fetchPage, mount, empty) {
  replace(box, loading());
  try {
    const page = await fetchPage(null);
    if (!page.items.length) {
      replace(box, empty);
      return;
    }
    const m = mount(page.items);
    replace(box, m.el);
    let next = page.next;
    const addMore = () => {
      if (!next) return;
      box.append(moreButton(async () => {
        const p = await fetchPage(next);
        m.add(p.items);
        next = p.next;
        addMore();
      }));
    };
    addMore();
  } catch (err) {
    replace(box, loadError(err));
  }
}

/** mount() for paged(): a table with columns and rowsOf(items). */
export function pagedTable(columns, rowsOf, labelledBy) {
  return (items) => {
    const el = table(columns, rowsOf(items), labelledBy);
    return { el, add: (more) => append(el.tBodies[0], tableRows(columns, rowsOf(more))) };
  };
}

/** A definition list from [label, value] pairs (empty values show as "–"). */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([k, v]) => [
    h('dt', { text: k }),
    h('dd', null, v === null || v === undefined || v === '' ? '–' : v),
  ]));
}

// ---------------------------------------------------------------------------
// Toast ("Gespeichert") in a polite live region that exists from the start.

let toastTimer = null;
/** Shows msg for a few seconds in the status area. */
export function toast(msg, kind = 'ok') {
  const el = document.getElementById('toast');
  if (!el) return;
  clearTimeout(toastTimer);
  el.className = `toast toast-${kind}`;
  replace(el, h('span', { class: 'toast-text', text: msg }));
  el.hidden = false;
  toastTimer = setTimeout(() => {
    el.hidden = true;
    el.replaceChildren();
  }, 7000);
}

// ---------------------------------------------------------------------------
// Errors: German (or English) text chosen by code and field, never the
// developer message of the server.

/**
 * The user-facing text for an ApiError. labels maps field names to their
 * labels; over maps "code" or "code:field" to a catalogue key.
 */
export function errorMessage(err, labels = {}, over = {}) {
  const code = (err && err.code) || 'unknown';
  const field = err && err.field;
  const k1 = field ? over[`${code}:${field}`] : null;
  if (k1) return t(k1);
  if (over[code]) return t(over[code]);
  if (field && has(`err.${code}.${field}`)) return t(`err.${code}.${field}`);
  if (code === 'invalid_field') {
    if (field && labels[field]) return t('err.invalid_field', { field: labels[field] });
    return t('err.invalid_field_generic');
  }
  if (has(`err.${code}`)) return t(`err.${code}`);
  return t('err.unknown');
}

// ---------------------------------------------------------------------------
// Forms

function fieldWrap(f, id, control, errId, hintId) {
  return h('div', { class: `field field-${f.type || 'text'}` },
    f.type === 'checkbox'
      ? h('div', { class: 'check' }, control, h('label', { for: id, text: f.label }))
      : [h('label', { for: id }, f.label, f.optional ? h('span', { class: 'optional', text: ` ${t('common.optional')}` }) : null), control],
    f.hint ? h('p', { class: 'hint', id: hintId, text: f.hint }) : null,
    h('p', { class: 'field-error', id: errId, hidden: true }));
}

function buildField(f) {
  const id = newId(`f-${f.name}`);
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const described = [f.hint ? hintId : null, errId].filter(Boolean).join(' ');
  const type = f.type || 'text';
  let control;
  let inputs = [];
  if (type === 'radios' || type === 'checkboxes' || type === 'radiocards') {
    const itype = type === 'checkboxes' ? 'checkbox' : 'radio';
    const group = newId(`g-${f.name}`);
    const opts = f.options.map((o) => {
      const oid = newId(`o-${f.name}`);
      const input = h('input', {
        type: itype, id: oid, name: group, value: String(o.value),
        checked: type === 'checkboxes' ? (f.value || []).map(String).includes(String(o.value))
          : String(f.value ?? '') === String(o.value),
      });
      inputs.push(input);
      if (type === 'radiocards') {
        const nameId = `${oid}-name`;
        const descId = `${oid}-desc`;
        input.setAttribute('aria-labelledby', nameId);
        if (o.description) input.setAttribute('aria-describedby', descId);
        return h('label', { class: 'option-card', for: oid }, input,
          h('span', { class: 'option-body' },
            h('span', { class: 'option-name', id: nameId, text: o.label }),
            o.description ? h('span', { class: 'option-desc', id: descId, text: o.description }) : null));
      }
      return h('div', { class: 'check' }, input, h('label', { for: oid, text: o.label }));
    });
    const fs = h('fieldset', { class: `field field-${type}`, 'aria-describedby': described, id },
      h('legend', null, f.label),
      f.hint ? h('p', { class: 'hint', id: hintId, text: f.hint }) : null,
      opts.length ? h('div', { class: type === 'radiocards' ? 'option-cards' : 'options' }, opts)
        : h('p', { class: 'muted', text: f.emptyText || t('common.none') }),
      h('p', { class: 'field-error', id: errId, hidden: true }));
    return { wrap: fs, input: inputs[0] || fs, inputs, f, err: fs.querySelector('.field-error'), fs };
  }
  const common = {
    id, name: f.name, 'aria-describedby': described, required: !!f.required,
    autocomplete: f.autocomplete || null, maxlength: f.maxlength || null, autofocus: f.autofocus || null,
    inputmode: f.inputmode || null, spellcheck: f.spellcheck === false ? 'false' : null,
  };
  if (type === 'textarea') {
    control = h('textarea', { ...common, rows: f.rows || 5 });
    control.value = f.value ?? '';
  } else if (type === 'select') {
    control = h('select', common,
      f.placeholder !== undefined ? h('option', { value: '', text: f.placeholder }) : null,
      f.options.map((o) => h('option', { value: String(o.value), text: o.label })));
    control.value = f.value === undefined || f.value === null ? '' : String(f.value);
    if (control.selectedIndex < 0 && control.options.length) control.selectedIndex = 0;
  } else if (type === 'checkbox') {
    control = h('input', { ...common, type: 'checkbox', checked: !!f.value, required: false });
  } else {
    control = h('input', { ...common, type, value: f.value ?? '' });
  }
  inputs = [control];
  const wrap = fieldWrap(f, id, control, errId, hintId);
  return { wrap, input: control, inputs, f, err: wrap.querySelector('.field-error') };
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Builds a <form>. spec: fields [{name, label, type, required, value,
 * options, placeholder, hint, optional, autocomplete, minlength, rows}],
 * submit (label), cancel (fn: adds "Abbrechen"), onSubmit(values, form)
 * (async; a thrown ApiError is shown next to its field), errors (code or
 * code:field → catalogue key), footer (extra nodes before the buttons).
 * Input is never cleared on an error.
 */
export function buildForm(spec) {
  const fields = {};
  const nodes = spec.fields.map((f) => {
    if (f instanceof Node) return f;
    const b = buildField(f);
    fields[f.name] = b;
    return b.wrap;
  });
  const summary = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const submitBtn = h('button', { type: 'submit', class: `btn btn-${spec.submitKind || 'primary'}` }, spec.submit);
  const buttons = h('div', { class: `form-actions${spec.actionsClass ? ` ${spec.actionsClass}` : ''}` },
    spec.cancel ? h('button', { type: 'button', class: 'btn btn-secondary', onclick: spec.cancel, text: t('common.cancel') }) : null,
    submitBtn);
  const form = h('form', { class: `form ${spec.className || ''}`, novalidate: true, 'aria-label': spec.ariaLabel || null },
    summary, nodes, spec.footer || null, buttons);
  const labels = Object.fromEntries(Object.values(fields).map((b) => [b.f.name, b.f.label]));
  Object.assign(labels, spec.labels || {});

  const api = {
    el: form,
    fields,
    submitBtn,
    values() {
      const out = {};
      for (const [name, b] of Object.entries(fields)) {
        const type = b.f.type || 'text';
        if (type === 'checkbox') out[name] = b.input.checked;
        else if (type === 'checkboxes') out[name] = b.inputs.filter((i) => i.checked).map((i) => i.value);
        else if (type === 'radios' || type === 'radiocards') {
          const c = b.inputs.find((i) => i.checked);
          out[name] = c ? c.value : '';
        } else if (type === 'password') out[name] = b.input.value;
        else out[name] = b.input.value.trim();
      }
      return out;
    },
    clearErrors() {
      summary.hidden = true;
      summary.replaceChildren();
      for (const b of Object.values(fields)) {
        b.err.hidden = true;
        b.err.textContent = '';
        (b.fs || b.wrap).classList.remove('invalid');
        for (const i of b.inputs) i.removeAttribute('aria-invalid');
      }
    },
    /** Shows msg at field name (or above the form when unknown); focuses it. */
    fieldError(name, msg, focus = true) {
      const b = name ? fields[name] : null;
      if (!b) {
        summary.textContent = msg;
        summary.hidden = false;
        if (focus) {
          summary.setAttribute('tabindex', '-1');
          summary.focus();
        }
        return;
      }
      b.err.textContent = msg;
      b.err.hidden = false;
      (b.fs || b.wrap).classList.add('invalid');
      for (const i of b.inputs) i.setAttribute('aria-invalid', 'true');
      if (focus) b.input.focus();
    },
    showError(err) {
      const msg = errorMessage(err, labels, spec.errors || {});
      const target = err && err.field && fields[err.field] ? err.field
        : (spec.fieldAlias && err && spec.fieldAlias[err.field]) || null;
      api.fieldError(target, msg);
    },
    validate() {
      const v = api.values();
      let first = true;
      let ok = true;
      for (const [name, b] of Object.entries(fields)) {
        const f = b.f;
        const val = v[name];
        let msg = null;
        if (f.required && (val === '' || (Array.isArray(val) && !val.length))) {
          msg = (f.type === 'select' || f.type === 'radios' || f.type === 'radiocards' || f.type === 'checkboxes')
            ? t('err.required_choice', { field: f.label }) : t('err.required', { field: f.label });
        } else if (f.type === 'email' && val && !EMAIL_RE.test(val)) {
          msg = t('err.invalid_field.email');
        } else if (f.minlength && val && val.length < f.minlength) {
          msg = f.type === 'password' ? t('err.invalid_field.password') : t('err.too_short', { field: f.label, n: f.minlength });
        }
        if (msg) {
          api.fieldError(name, msg, first);
          first = false;
          ok = false;
        }
      }
      return ok;
    },
    setBusy(busy) {
      submitBtn.disabled = busy;
      form.setAttribute('aria-busy', busy ? 'true' : 'false');
    },
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (submitBtn.disabled) return;
    api.clearErrors();
    if (!api.validate()) return;
    api.setBusy(true);
    try {
      await spec.onSubmit(api.values(), api);
    } catch (err) {
      if (err && err.code === undefined) console.error(err); // eslint-disable-line no-console
      api.showError(err);
    } finally {
      api.setBusy(false);
    }
  });
  return api;
}

// ---------------------------------------------------------------------------
// Dialogs (native <dialog>: modal, Escape closes, focus stays inside)

/**
 * Opens a modal dialog titled title. content(close) returns its body.
 * Returns {close, el}. Focus returns to the opener when it closes.
 */
export function openDialog(title, content, opts = {}) {
  const opener = document.activeElement;
  const titleId = newId('dlg-title');
  const dlg = h('dialog', { class: `dialog${opts.wide ? ' dialog-wide' : ''}${opts.className ? ` ${opts.className}` : ''}`, 'aria-labelledby': titleId });
  const close = () => {
    if (dlg.open) dlg.close();
  };
  dlg.addEventListener('close', () => {
    dlg.remove();
    if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
    if (opts.onClose) opts.onClose();
  });
  append(dlg, [
    h('div', { class: 'dialog-head' }, h('h2', { id: titleId, text: title })),
    h('div', { class: 'dialog-body' }, content(close)),
  ]);
  (document.querySelector('main') || document.body).append(dlg);
  dlg.showModal();
  const first = dlg.querySelector('[autofocus]') || dlg.querySelector('input:not([type=hidden]):not([disabled]), select, textarea');
  if (first) first.focus();
  return { close, el: dlg };
}

/** Asks a yes/no question; resolves true when confirmed. */
export function confirmDialog(title, text, confirmLabel, kind = 'danger') {
  return new Promise((resolve) => {
    let answer = false;
    openDialog(title, (close) => [
      h('p', { text }),
      h('div', { class: 'form-actions' },
        button(t('common.cancel'), close, 'secondary'),
        button(confirmLabel, () => {
          answer = true;
          close();
        }, kind)),
    ], { onClose: () => resolve(answer) });
  });
}

/** A "Mehr laden" button calling more(); removes itself while loading. */
export function moreButton(more) {
  const b = button(t('common.more'), async () => {
    b.disabled = true;
    try {
      await more();
    } finally {
      b.remove();
    }
  }, 'secondary');
  return h('div', { class: 'more' }, b);
}

/** A row of tab-like links: items [[href, label, key]], current key. */
export function tabNav(label, items, current) {
  return h('nav', { class: 'tabs', 'aria-label': label },
    h('ul', null, items.map(([href, text, key]) => h('li', null,
      h('a', { href, class: key === current ? 'current' : null, 'aria-current': key === current ? 'page' : null, text })))));
}

/** Ja/Nein. */
export function yesNo(v) {
  return v ? t('common.yes') : t('common.no');
}
