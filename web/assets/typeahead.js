// SPDX-License-Identifier: MIT
// A type-ahead chooser (WAI-ARIA combobox with a listbox): the user types,
// after a short pause search(text, signal) is asked for up to a page of
// options, a search still running is cancelled when they type on, and
// ↑/↓/Enter/Escape choose. Used by the lists' filters and the dialogs that
// choose a property, an employee or a contact.

import { h, newId } from './ui.js';
import { t } from './i18n.js';

const PAUSE_MS = 250;

/**
 * Returns {el, input, clear()}. opts: id, label (the accessible name),
 * value ({id, label} chosen at the start, or null), search(text, signal)
 * resolving to [{id, label, sub?}], onchange(option or null), placeholder.
 */
export function typeahead(opts) {
  const id = opts.id || newId('ta');
  const listId = `${id}-list`;
  let chosen = opts.value || null;
  let options = [];
  let active = -1;
  let timer = null;
  let ctrl = null;

  const input = h('input', {
    id, type: 'text', autocomplete: 'off', role: 'combobox', 'aria-autocomplete': 'list',
    'aria-expanded': 'false', 'aria-controls': listId, value: chosen ? chosen.label : '',
    placeholder: opts.placeholder || t('typeahead.placeholder'),
  });
  const list = h('ul', { id: listId, role: 'listbox', class: 'ta-list', hidden: true, 'aria-label': opts.label });
  const status = h('span', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const mark = (i) => {
    active = i;
    [...list.children].forEach((li, k) => li.setAttribute('aria-selected', k === i ? 'true' : 'false'));
    if (i >= 0 && list.children[i]) {
      input.setAttribute('aria-activedescendant', list.children[i].id);
      list.children[i].scrollIntoView({ block: 'nearest' });
    }
  };
  const choose = (o) => {
    chosen = o;
    input.value = o ? o.label : '';
    close();
    if (opts.onchange) opts.onchange(o);
  };
  const show = () => {
    list.replaceChildren(...options.map((o, i) => h('li', {
      id: `${id}-o${i}`, role: 'option', 'aria-selected': 'false', class: 'ta-option',
      onmousedown: (e) => { e.preventDefault(); choose(o); },
    }, h('span', { text: o.label }), o.sub ? h('span', { class: 'sub', text: o.sub }) : null)));
    if (!options.length) list.append(h('li', { class: 'ta-empty', text: t('typeahead.none') }));
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    status.textContent = t('typeahead.count', { n: options.length });
    active = -1;
    input.removeAttribute('aria-activedescendant');
  };
  const run = async (text) => {
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    const mine = ctrl;
    try {
      const found = await opts.search(text, mine.signal);
      if (mine.signal.aborted) return;
      options = found;
      show();
    } catch (e) {
      if (!mine.signal.aborted) close();
    }
  };

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (chosen && text !== chosen.label) {
      chosen = null;
      if (opts.onchange) opts.onchange(null);
    }
    timer = setTimeout(() => run(text), PAUSE_MS);
  });
  input.addEventListener('focus', () => {
    if (!input.value) run('');
  });
  input.addEventListener('blur', () => setTimeout(close, 150));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (list.hidden) run(input.value.trim());
      else if (options.length) mark((active + 1) % options.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (options.length) mark(active <= 0 ? options.length - 1 : active - 1);
    } else if (e.key === 'Enter') {
      // Enter in an open list chooses (the first suggestion when none is
      // marked: a result that came in after ↓ un-marks); it never
      // submits the form around it.
      if (!list.hidden && options.length) {
        e.preventDefault();
        choose(options[active >= 0 ? active : 0]);
      }
    } else if (e.key === 'Escape') {
      if (!list.hidden) {
        e.preventDefault();
        e.stopPropagation();
        close();
      }
    }
  });

  const el = h('div', { class: 'ta' }, input, list, status);
  return { el, input, clear: () => choose(null), value: () => chosen };
}
