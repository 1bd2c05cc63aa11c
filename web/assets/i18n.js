// SPDX-License-Identifier: MIT
// Text catalogues (web/i18n/<lang>.json) and locale-aware formatting.
// German is the default; the choice is remembered in localStorage.

const LANGS = ['de', 'en'];
const KEY = 'hd.lang';
let dict = {};
let lang = 'de';

/** The language in use ("de" or "en"). */
export function currentLang() {
  return lang;
}

/** The language to start with: the remembered choice, else German. */
export function preferredLang() {
  try {
    const l = localStorage.getItem(KEY);
    if (LANGS.includes(l)) return l;
  } catch (e) { /* storage disabled: use the default */ }
  return 'de';
}

/** Loads catalogue l, sets <html lang> and remembers the choice. */
export async function loadLang(l) {
  if (!LANGS.includes(l)) l = 'de';
  const r = await fetch(`/i18n/${l}.json`, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(`i18n ${l}: ${r.status}`);
  dict = await r.json();
  lang = l;
  document.documentElement.lang = l;
  try {
    localStorage.setItem(KEY, l);
  } catch (e) { /* not remembered; harmless */ }
}

/**
 * The text for key, with {name} placeholders replaced from vars. A missing
 * key shows as the key itself, so it is noticed and never crashes a page.
 */
export function t(key, vars) {
  let s = dict[key];
  if (typeof s !== 'string') s = key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

/** Whether the catalogue has key. */
export function has(key) {
  return typeof dict[key] === 'string';
}

function locale() {
  return lang === 'de' ? 'de-DE' : 'en-GB';
}

/** Date and time of an RFC 3339 string in the user's locale; "" for none. */
export function fmtDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** Date only. */
export function fmtDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(d);
}

/** A number in the user's locale. */
export function fmtNumber(n) {
  return new Intl.NumberFormat(locale()).format(n);
}
