// SPDX-License-Identifier: MIT
// Back office: the work queue — the Vorgänge lists ("Meine Vorgänge",
// "Alle Vorgänge", "Nicht zugeordnet") with statuses (several at once:
// "Offen" is the default of "Meine Vorgänge"), order, filters by type,
// property (type-ahead), unit, date and text, the total, unread marks,
// and bulk status change and reassignment of the selected rows.
// Filters, order and how many rows are loaded live in the URL, and the
// scroll position in the history entry: Back returns to the same place.

import { get, post, qs, listAll } from './api.js';
import { t, fmtDateTime } from './i18n.js';
import {
  h, replace, append, pageHead, button, emptyState, statusBadge, badge, table, tableRows, loading, loadError,
  moreButton, openDialog, toast, errorMessage, STATUSES,
} from './ui.js';
import { typeahead } from './typeahead.js';
import { highlight } from './highlight.js';
import { awayMap, awayBadge } from './absences.js';
import { employeePicker, inactiveIds, inactiveBadge } from './people.js';

const TITLES = { mine: 'processes.mine', all: 'processes.all', unrouted: 'processes.unrouted' };
const INTROS = { mine: 'processes.mine_intro', all: 'processes.all_intro', unrouted: 'processes.unrouted_intro' };
const OPEN = 'open,in_progress,waiting';
const DONE = 'resolved,closed';
const PAGE = 50;
const MAX_LIMIT = 500; // the API's largest page
const MAX_BULK = 100; // POST /processes/bulk takes at most this many
const SHOWN_CHIPS = 2; // assignees shown by name; the rest as "+N"
const KEYS = ['status', 'sort', 'type_id', 'property_id', 'property', 'unit_id', 'created_from', 'created_to', 'overdue', 'q'];

function select(id, label, options, value, onchange) {
  const s = h('select', { id, name: id, onchange },
    options.map(([v, l]) => h('option', { value: String(v), text: l })));
  s.value = value || '';
  if (s.selectedIndex < 0) s.value = '';
  return h('div', { class: 'filter' }, h('label', { for: id, text: label }), s);
}

function dateInput(id, label, value, onchange) {
  return h('div', { class: 'filter filter-date' }, h('label', { for: id, text: label }),
    h('input', { id, type: 'date', value: value || '', onchange }));
}

/** The list's state from the URL; "Meine Vorgänge" shows "Offen" unless told otherwise. */
function readState(q, mode) {
  const f = {};
  for (const k of KEYS) f[k] = q.get(k) || '';
  if (f.overdue !== 'true') f.overdue = '';
  if (!q.has('status') && mode === 'mine') f.status = OPEN;
  if (f.status === 'any') f.status = '';
  f.shown = Math.max(PAGE, Number(q.get('shown')) || PAGE);
  return f;
}

/** The URL of state f (defaults left out). */
function urlOf(f, mode) {
  const p = {};
  for (const k of KEYS) p[k] = f[k];
  if (mode === 'mine') p.status = f.status === OPEN ? '' : (f.status || 'any');
  if (f.shown > PAGE) p.shown = f.shown;
  return location.pathname + qs(p);
}

/** Assignees as chips: the first SHOWN_CHIPS by name (with "abwesend bis …"
 * for those away today), then "+N" (all names in its title). */
function chips(assignees, away, off) {
  if (!assignees || !assignees.length) return '–';
  const shown = assignees.slice(0, SHOWN_CHIPS);
  const rest = assignees.slice(SHOWN_CHIPS);
  return h('span', { class: 'chips' },
    shown.map((a) => [h('span', { class: 'achip', text: a.name }),
      away.has(a.employee_id) ? awayBadge(away.get(a.employee_id)) : null,
      off.has(a.employee_id) ? inactiveBadge() : null]),
    rest.length ? h('span', {
      class: 'achip achip-more', title: rest.map((a) => a.name).join(', '),
      'aria-label': t('processes.more_assignees', { n: rest.length, names: rest.map((a) => a.name).join(', ') }),
      text: `+${rest.length}`,
    }) : null);
}

export async function render(view, ctx) {
  const mode = ctx.args.view;
  const staff = ctx.user.kind === 'employee';
  const f = readState(ctx.query, mode);
  const selected = new Set();
  let unread = new Set();
  // "abwesend bis": who is away today, once per visit (a hint; the list
  // stands without it).
  // "deaktiviert": assigned people who left and were not handed over yet
  // (asked beside "abwesend bis", not after it).
  const [away, off] = staff
    ? await Promise.all([awayMap().catch(() => new Map()), inactiveIds()])
    : [new Map(), new Set()];
  let loadCtrl = null;

  const box = h('div', { class: 'list-box' });
  const total = h('p', { class: 'list-total', role: 'status', 'aria-live': 'polite' });
  const bulkBar = h('div', { class: 'bulk-bar', hidden: true, role: 'region', 'aria-label': t('bulk.label') });
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('filters.label'),
    onsubmit: (e) => { e.preventDefault(); apply(); } });
  const newBtn = button(t('processes.new'), () => ctx.navigate('/vorgaenge/neu'), 'primary');
  replace(view, pageHead(t(TITLES[mode]), [newBtn], t(INTROS[mode])), filters, h('div', { class: 'list-meta' },
    total, bulkBar), box);

  let timer = null;
  const filtered = () => !!(f.type_id || f.property_id || f.unit_id || f.created_from || f.created_to || f.overdue || f.q ||
    (mode === 'mine' ? f.status !== OPEN : f.status));
  const apply = () => {
    clearTimeout(timer);
    f.shown = PAGE;
    history.replaceState(null, '', urlOf(f, mode));
    load();
  };

  const statusOpts = [
    [OPEN, t('filters.status_open')], ['any', t('filters.all_statuses')],
    ...STATUSES.map((s) => [s, t(`status.${s}`)]), [DONE, t('filters.status_done')]];
  const sortOpts = [['', t('sort.newest')], ['created', t('sort.oldest')], ['-activity', t('sort.active')],
    ['activity', t('sort.quiet')], ['unanswered', t('sort.unanswered')]];
  const search = h('input', {
    id: 'flt-q', type: 'search', name: 'q', value: f.q, autocomplete: 'off',
    oninput: (e) => {
      f.q = e.target.value.trim();
      clearTimeout(timer);
      timer = setTimeout(apply, 350);
    },
  });
  const reset = button(t('filters.reset'), () => ctx.navigate(location.pathname), 'quiet', { hidden: !filtered() });
  const unitBox = h('div', { class: 'filter', id: 'flt-unit-box' });
  const showUnits = async () => {
    replace(unitBox);
    if (!f.property_id) return;
    try {
      const units = await listAll(`/properties/${f.property_id}/units`);
      if (!units.length || !ctx.alive()) return;
      unitBox.replaceWith(Object.assign(select('flt-unit', t('process.unit'),
        [['', t('filters.all_units')], ...units.map((u) => [u.id, u.label])], f.unit_id,
        (e) => { f.unit_id = e.target.value; apply(); }), { id: 'flt-unit-box' }));
    } catch (e) { /* no unit filter then */ }
  };
  const prop = typeahead({
    id: 'flt-prop', label: t('process.property'), placeholder: t('filters.all_properties'),
    value: f.property_id ? { id: f.property_id, label: f.property || f.property_id } : null,
    search: async (text, signal) => (await get(`/properties${qs({ q: text, limit: 10 })}`, { signal })).items
      .map((p) => ({ id: p.id, label: p.name, sub: [p.street, p.city].filter(Boolean).join(', ') })),
    onchange: (o) => {
      f.property_id = o ? String(o.id) : '';
      f.property = o ? o.label : '';
      f.unit_id = '';
      const old = filters.querySelector('#flt-unit-box');
      if (old !== unitBox) old.replaceWith(unitBox);
      showUnits();
      apply();
    },
  });
  replace(filters,
    h('div', { class: 'filter filter-grow' }, h('label', { for: 'flt-q', text: t('filters.search') }), search),
    select('flt-status', t('process.status'), statusOpts, f.status || 'any', (e) => {
      f.status = e.target.value === 'any' ? '' : e.target.value;
      apply();
    }),
    select('flt-sort', t('sort.label'), sortOpts, f.sort, (e) => { f.sort = e.target.value; apply(); }),
    h('div', { class: 'filter', id: 'flt-type-box' }),
    h('div', { class: 'filter filter-wide' }, h('label', { for: 'flt-prop', text: t('process.property') }), prop.el),
    unitBox,
    dateInput('flt-from', t('filters.from'), f.created_from, (e) => { f.created_from = e.target.value; apply(); }),
    dateInput('flt-to', t('filters.to'), f.created_to, (e) => { f.created_to = e.target.value; apply(); }),
    h('div', { class: 'filter filter-check' },
      h('input', { id: 'flt-overdue', type: 'checkbox', name: 'overdue', checked: f.overdue === 'true',
        onchange: (e) => { f.overdue = e.target.checked ? 'true' : ''; apply(); } }),
      h('label', { for: 'flt-overdue', text: t('filters.overdue') })),
    h('div', { class: 'filter filter-end' }, reset));
  showUnits();

  // Type options arrive in the background; the list does not wait.
  listAll('/process-types').then((types) => {
    if (!ctx.alive()) return;
    filters.querySelector('#flt-type-box').replaceWith(select('flt-type', t('process.type'),
      [['', t('filters.all_types')], ...types.map((x) => [x.id, x.name])], f.type_id,
      (e) => { f.type_id = e.target.value; apply(); }));
  }).catch(() => {});

  const params = () => {
    const p = { ...f, property: undefined, shown: undefined };
    if (mode === 'mine') p.assignee = 'me';
    if (mode === 'unrouted') p.unrouted = 'true';
    return p;
  };

  const columns = [
    ...(staff ? [{ label: t('bulk.select'), class: 'sel' }] : []),
    { label: t('process.number'), class: 'nowrap' },
    { label: t('process.subject') },
    { label: t('process.type') },
    { label: t('process.property') },
    { label: t('process.status') },
    { label: t('process.assignees') },
    { label: f.sort.endsWith('activity') ? t('process.updated') : t('process.created'), class: 'nowrap' },
  ];
  const rowsOf = (items) => items.map((p) => ({
    props: { class: unread.has(p.id) ? 'unread' : null },
    cells: [
      ...(staff ? [h('input', {
        type: 'checkbox', class: 'row-sel', 'aria-label': t('bulk.select_one', { number: p.number }),
        checked: selected.has(p.id), onchange: (e) => { toggle(p.id, e.target.checked); },
      })] : []),
      h('span', {}, ...highlight(p.number, f.q)),
      h('span', { class: 'cell-title' },
        unread.has(p.id) ? [badge(t('processes.unread'), 'info'), ' '] : null,
        h('a', { href: `/vorgaenge/${p.id}` }, ...highlight(p.subject, f.q)),
        p.unrouted ? [' ', badge(t('process.unrouted_badge'), 'warn')] : null,
        p.overdue ? [' ', badge(t('process.overdue_badge'), 'warn')] : null),
      p.type_name,
      [p.property_name, p.unit_label ? h('span', { class: 'sub', text: p.unit_label }) : null],
      statusBadge(p.status),
      chips(p.assignees, away, off),
      fmtDateTime(f.sort.endsWith('activity') ? p.updated_at : p.created_at),
    ],
  }));

  // ---- selection and bulk changes ----
  const toggle = (id, on) => {
    if (on && selected.size >= MAX_BULK) {
      toast(t('bulk.too_many', { n: MAX_BULK }), 'error');
      box.querySelectorAll('.row-sel').forEach((c) => { c.checked = selected.has(Number(c.closest('tr').dataset.id)); });
      return;
    }
    if (on) selected.add(id); else selected.delete(id);
    drawBulk();
  };
  const bulk = async (body) => {
    try {
      const r = await post('/processes/bulk', { ids: [...selected], ...body });
      const missed = r.items.filter((x) => x.result !== 'updated').length;
      toast(missed ? t('bulk.done_partly', { n: r.items.length - missed, missed }) : t('bulk.done', { n: r.items.length }));
      selected.clear();
      drawBulk();
      await load();
      return true;
    } catch (err) {
      toast(errorMessage(err), 'error');
      return false;
    }
  };
  const reassign = () => openDialog(t('bulk.reassign_title', { n: selected.size }), (close) => {
    let who = null;
    const picker = employeePicker({
      id: 'bulk-who', label: t('bulk.assignee'),
      onchange: (o) => { who = o; },
    });
    const note = h('textarea', { id: 'bulk-note', rows: 3, maxlength: 20000 });
    const err = h('p', { class: 'field-error', role: 'alert' });
    return h('form', { class: 'form', onsubmit: async (e) => {
      e.preventDefault();
      if (!who) { err.textContent = t('bulk.assignee_missing'); picker.input.focus(); return; }
      const body = { assignee_ids: [who.id] };
      if (note.value.trim()) body.note = note.value.trim();
      if (await bulk(body)) close();
    } },
    h('div', { class: 'field' }, h('label', { for: 'bulk-who', text: t('bulk.assignee') }), picker.el),
    h('div', { class: 'field' }, h('label', { for: 'bulk-note', text: t('bulk.note') }), note,
      h('p', { class: 'hint', text: t('bulk.note_hint') })),
    err,
    h('div', { class: 'form-actions' }, button(t('common.cancel'), close, 'secondary'),
      h('button', { type: 'submit', class: 'btn btn-primary', text: t('bulk.reassign') })));
  });
  const drawBulk = () => {
    bulkBar.hidden = selected.size === 0;
    if (!selected.size) return;
    const to = h('select', { id: 'bulk-status', 'aria-label': t('bulk.status') },
      h('option', { value: '', text: t('bulk.status') }),
      STATUSES.map((s) => h('option', { value: s, text: t(`status.${s}`) })));
    replace(bulkBar,
      h('span', { class: 'bulk-count', text: t('bulk.count', { n: selected.size }) }),
      to,
      button(t('bulk.apply_status'), () => { if (to.value) bulk({ status: to.value }); }, 'secondary'),
      button(t('bulk.reassign'), reassign, 'secondary'),
      button(t('bulk.clear'), () => {
        selected.clear();
        box.querySelectorAll('.row-sel').forEach((c) => { c.checked = false; });
        drawBulk();
      }, 'quiet'));
  };

  // ---- loading ----
  const showTotal = async (p, signal) => {
    try {
      const c = await get(`/processes/count${qs(p)}`, { signal });
      total.textContent = c.more ? t('processes.total_more', { n: c.count.toLocaleString() })
        : t('processes.total', { n: c.count.toLocaleString() });
    } catch (e) { total.textContent = ''; }
  };
  const load = async () => {
    if (loadCtrl) loadCtrl.abort();
    const ctrl = new AbortController();
    loadCtrl = ctrl;
    const { signal } = ctrl;
    reset.hidden = !filtered();
    const p = params();
    const emptyText = filtered() ? t('processes.empty_filtered')
      : mode === 'mine' ? t('processes.empty_mine') : mode === 'unrouted' ? t('processes.empty_unrouted') : t('processes.empty');
    replace(box, loading());
    total.textContent = '';
    showTotal(p, signal);
    try {
      if (staff) unread = new Set((await get('/processes/unread', { signal }).catch(() => ({ ids: [] }))).ids);
      // as many rows as were loaded before (Back returns to them)
      const items = [];
      let next = null;
      do {
        const page = await get(`/processes${qs({ ...p, cursor: next, limit: Math.min(MAX_LIMIT, f.shown - items.length) })}`,
          { signal });
        items.push(...page.items);
        next = page.next;
      } while (next && items.length < f.shown);
      if (signal.aborted || !ctx.alive()) return;
      if (!items.length) { replace(box, emptyState(emptyText)); return; }
      const tbl = table(columns, rowsOf(items));
      tbl.setAttribute('aria-label', t(TITLES[mode]));
      tbl.classList.add('queue');
      const mark = (list) => list.forEach((it, i) => {
        tbl.tBodies[0].rows[tbl.tBodies[0].rows.length - list.length + i].dataset.id = it.id;
      });
      mark(items);
      replace(box, tbl);
      const more = () => {
        if (!next) return;
        box.append(moreButton(async () => {
          const page = await get(`/processes${qs({ ...p, cursor: next, limit: PAGE })}`);
          append(tbl.tBodies[0], tableRows(columns, rowsOf(page.items)));
          mark(page.items);
          next = page.next;
          f.shown += page.items.length;
          history.replaceState(history.state, '', urlOf(f, mode));
          more();
        }));
      };
      more();
    } catch (err) {
      if (!signal.aborted) replace(box, loadError(err));
    }
  };

  // Leaving for a Vorgang keeps the scroll position in this history entry.
  box.addEventListener('click', (e) => {
    if (e.target.closest('a[href]')) history.replaceState({ scroll: window.scrollY }, '', location.href);
  });
  const back = history.state && history.state.scroll;
  await load();
  if (back) {
    // The heading takes the focus first without scrolling, so that the
    // focus the router gives it after this does not scroll to the top.
    const h1 = view.querySelector('h1');
    if (h1) h1.focus({ preventScroll: true });
    window.scrollTo(0, back);
  }
}
