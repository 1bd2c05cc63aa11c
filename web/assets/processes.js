// SPDX-License-Identifier: MIT
// Back office: the Vorgänge lists ("Meine Vorgänge", "Alle Vorgänge",
// "Nicht zugeordnet") with filters by status, type, property and text.
// Filters live in the URL, so a filtered list can be bookmarked.

import { get, qs, listAll } from './api.js';
import { t, fmtDateTime } from './i18n.js';
import { h, replace, pageHead, button, emptyState, statusBadge, badge, paged, pagedTable, STATUSES } from './ui.js';
import { awayMap, awayBadge } from './absences.js';

/** The assignees' names, each away today with "abwesend bis …". */
function assigneeNames(p, away) {
  const as = p.assignees || [];
  if (!as.length) return '–';
  return as.map((a, i) => [i ? ', ' : null, a.name, away.has(a.employee_id) ? [' ', awayBadge(away.get(a.employee_id))] : null]);
}

const TITLES = { mine: 'processes.mine', all: 'processes.all', unrouted: 'processes.unrouted' };
const INTROS = { mine: 'processes.mine_intro', all: 'processes.all_intro', unrouted: 'processes.unrouted_intro' };

function select(id, label, options, value, onchange, cls = '') {
  const s = h('select', { id, name: id, onchange },
    options.map(([v, l]) => h('option', { value: String(v), text: l })));
  s.value = value || '';
  if (s.selectedIndex < 0) s.value = '';
  return h('div', { class: `filter ${cls}` }, h('label', { for: id, text: label }), s);
}

function columns() {
  return [
    { label: t('process.number'), class: 'nowrap' },
    { label: t('process.subject') },
    { label: t('process.type') },
    { label: t('process.property') },
    { label: t('process.status') },
    { label: t('process.assignees') },
    { label: t('process.created'), class: 'nowrap' },
  ];
}

function rows(items, away) {
  return items.map((p) => [
    p.number,
    h('span', { class: 'cell-title' },
      h('a', { href: `/vorgaenge/${p.id}`, text: p.subject }),
      p.unrouted ? [' ', badge(t('process.unrouted_badge'), 'warn')] : null),
    p.type_name,
    [p.property_name, p.unit_label ? h('span', { class: 'sub', text: p.unit_label }) : null],
    statusBadge(p.status),
    assigneeNames(p, away),
    fmtDateTime(p.created_at),
  ]);
}

export async function render(view, ctx) {
  const mode = ctx.args.view;
  const q = ctx.query;
  const f = {
    status: q.get('status') || '',
    type_id: q.get('type_id') || '',
    property_id: q.get('property_id') || '',
    q: q.get('q') || '',
  };
  const box = h('div', { class: 'list-box' });
  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': t('filters.label'), onsubmit: (e) => { e.preventDefault(); apply(); } });
  const newBtn = button(t('processes.new'), () => ctx.navigate('/vorgaenge/neu'), 'primary');
  replace(view, pageHead(t(TITLES[mode]), [newBtn], t(INTROS[mode])), filters, box);

  let timer = null;
  const apply = () => {
    clearTimeout(timer);
    const path = location.pathname + qs(f);
    history.replaceState(null, '', path);
    load();
  };
  const statusOpts = [['', t('filters.all_statuses')], ...STATUSES.map((s) => [s, t(`status.${s}`)])];
  const search = h('input', {
    id: 'flt-q', type: 'search', name: 'q', value: f.q, autocomplete: 'off',
    oninput: (e) => {
      f.q = e.target.value.trim();
      clearTimeout(timer);
      timer = setTimeout(apply, 350);
    },
  });
  const reset = button(t('filters.reset'), () => ctx.navigate(location.pathname), 'quiet', { hidden: !(f.status || f.type_id || f.property_id || f.q) });
  replace(filters,
    h('div', { class: 'filter filter-grow' }, h('label', { for: 'flt-q', text: t('filters.search') }), search),
    select('flt-status', t('process.status'), statusOpts, f.status, (e) => { f.status = e.target.value; apply(); }),
    h('div', { class: 'filter', id: 'flt-type-box' }),
    h('div', { class: 'filter filter-wide', id: 'flt-prop-box' }),
    h('div', { class: 'filter filter-end' }, reset));

  // Type and property options arrive in the background; the list does not wait.
  Promise.all([listAll('/process-types'), listAll('/properties')]).then(([types, props]) => {
    if (!ctx.alive()) return;
    filters.querySelector('#flt-type-box').replaceWith(select('flt-type', t('process.type'),
      [['', t('filters.all_types')], ...types.map((x) => [x.id, x.name])], f.type_id, (e) => { f.type_id = e.target.value; apply(); }));
    filters.querySelector('#flt-prop-box').replaceWith(select('flt-prop', t('process.property'),
      [['', t('filters.all_properties')], ...props.map((x) => [x.id, x.name])], f.property_id, (e) => { f.property_id = e.target.value; apply(); }, 'filter-wide'));
  }).catch(() => {});

  // "abwesend bis": who is away today, once per visit (a hint; the list
  // stands without it).
  const away = await awayMap().catch(() => new Map());
  let seq = 0;
  const load = async () => {
    const mine = ++seq;
    reset.hidden = !(f.status || f.type_id || f.property_id || f.q);
    const params = { ...f, limit: 50 };
    if (mode === 'mine') params.assignee = 'me';
    if (mode === 'unrouted') params.unrouted = 'true';
    const filtered = f.status || f.type_id || f.property_id || f.q;
    const emptyText = filtered ? t('processes.empty_filtered')
      : mode === 'mine' ? t('processes.empty_mine') : mode === 'unrouted' ? t('processes.empty_unrouted') : t('processes.empty');
    const target = h('div');
    await paged(target, (cursor) => get(`/processes${qs({ ...params, cursor })}`),
      pagedTable(columns(), (items) => rows(items, away), null), emptyState(emptyText));
    if (mine === seq && ctx.alive()) {
      const tbl = target.querySelector('table');
      if (tbl) tbl.setAttribute('aria-label', t(TITLES[mode]));
      replace(box, target);
    }
  };
  await load();
}
