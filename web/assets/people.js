// SPDX-License-Identifier: MIT
// Choosing employees (issue 13, item 3): the type-ahead over GET
// /employees?q= (folded: "mueller" finds "Müller") that every employee
// picker uses, and the "deaktiviert" marker next to deactivated people
// who are still assigned somewhere.

import { get } from './api.js';
import { t, currentLang } from './i18n.js';
import { badge } from './ui.js';
import { typeahead } from './typeahead.js';

const PICK_LIMIT = 20; // options one search shows

/** Up to PICK_LIMIT active employees matching text, by name, as options. */
export async function searchEmployees(text, signal, exclude = []) {
  const q = new URLSearchParams({ active: 'true', limit: String(PICK_LIMIT) });
  if (text) q.set('q', text);
  const r = await get(`/employees?${q}`, { signal });
  return r.items.filter((e) => !exclude.includes(e.id))
    .sort((a, b) => a.name.localeCompare(b.name, 'de'))
    .map((e) => ({ id: e.id, label: e.name, sub: e.email || null }));
}

/**
 * A type-ahead for one active employee: opts are typeahead's (id, label,
 * value, onchange) plus exclude (ids not offered).
 */
export function employeePicker(opts) {
  return typeahead({ ...opts, search: (text, signal) => searchEmployees(text, signal, opts.exclude || []) });
}

let inactive = null; // the ids of the deactivated employees, once per page load

/** The ids of the organisation's deactivated employees (a Set). */
export async function inactiveIds(fresh = false) {
  if (!inactive || fresh) {
    inactive = (async () => {
      const s = new Set();
      let cursor = '';
      for (;;) {
        const r = await get(`/employees?active=false&limit=500${cursor}`);
        for (const e of r.items) s.add(e.id);
        if (!r.next) return s;
        cursor = `&cursor=${r.next}`;
      }
    })().catch(() => { inactive = null; return new Set(); });
  }
  return inactive;
}

/** The "deaktiviert" marker. */
export function inactiveBadge() {
  return badge(t('people.inactive'), 'warn');
}

/** name after "von"/"für" in German: "Herr Schmidt" → "Herrn Schmidt". */
export function dative(name) {
  return currentLang() === 'de' && name ? name.replace(/^Herr /, 'Herrn ') : name;
}
