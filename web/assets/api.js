// SPDX-License-Identifier: MIT
// The fetch wrapper for /api/v1: JSON in and out, the session cookie, and
// the CSRF token from the login answer on every state-changing call.
//
// The CSRF token lives only in this page's memory: every page load (a
// reload, a new tab from a mail link) asks GET /me, which answers it for
// the session cookie. Nothing of the session is stored in the browser
// beyond the HttpOnly cookie.

import { currentLang } from './i18n.js';

const BASE = '/api/v1';

/**
 * An error answer of the API: status, code, field (or null), the error
 * object itself (details: e.g. orgs of org_required) and, for 429, the
 * seconds of Retry-After (or null).
 */
export class ApiError extends Error {
  constructor(status, code, message, field, details = {}, retryAfter = null) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.field = field || null;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

let onAuthLost = null;

/**
 * fn(err, method) is called when the session is gone (401) or the CSRF
 * token is lost (403 csrf_failed).
 */
export function setAuthLostHandler(fn) {
  onAuthLost = fn;
}

export function setCsrf(token) {
  memCsrf = token || null;
}

let memCsrf = null;
function csrf() {
  return memCsrf;
}

/**
 * Calls method path (relative to /api/v1) with body (an object or
 * undefined). Resolves to the parsed answer (null for 204); rejects with
 * ApiError. opts.quiet: do not call the auth-lost handler (login page);
 * opts.signal: an AbortSignal that cancels the request (rejects with the
 * AbortError itself).
 */
export async function api(method, path, body, opts = {}) {
  // Reasons and history come in the UI's language (docs/routing.md).
  const headers = { Accept: 'application/json', 'Accept-Language': currentLang() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET') {
    const tok = csrf();
    if (tok) headers['X-CSRF-Token'] = tok;
  }
  let r;
  try {
    r = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: opts.signal,
    });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', String(e), null);
  }
  if (r.status === 204) return null;
  let data = null;
  try {
    data = await r.json();
  } catch (e) {
    data = null;
  }
  if (r.ok) return data;
  const er = (data && data.error) || {};
  const ra = Number(r.headers.get('Retry-After'));
  const err = new ApiError(r.status, er.code || (r.status >= 500 ? 'internal_error' : 'unknown'),
    er.message, er.field, er, Number.isFinite(ra) && ra > 0 ? ra : null);
  if (!opts.quiet && onAuthLost && (err.code === 'unauthenticated' || err.code === 'csrf_failed')) {
    onAuthLost(err, method);
  }
  throw err;
}

/**
 * POSTs blob (a file's bytes) as the raw body to path; resolves to the
 * parsed answer, rejects with ApiError as api() does.
 */
export async function upload(path, blob) {
  const headers = { Accept: 'application/json', 'Content-Type': blob.type || 'application/octet-stream' };
  if (csrf()) headers['X-CSRF-Token'] = csrf();
  let r;
  try {
    r = await fetch(BASE + path, { method: 'POST', headers, body: blob, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'network', String(e), null);
  }
  let data = null;
  try {
    data = await r.json();
  } catch (e) {
    data = null;
  }
  if (r.ok) return data;
  const er = (data && data.error) || {};
  throw new ApiError(r.status, er.code || (r.status === 413 ? 'too_large' : 'unknown'), er.message, er.field, er);
}

export const get = (path, opts) => api('GET', path, undefined, opts);
export const post = (path, body, opts) => api('POST', path, body === undefined ? {} : body, opts);
export const patch = (path, body, opts) => api('PATCH', path, body, opts);
export const del = (path, opts) => api('DELETE', path, undefined, opts);

/** Builds "?a=1&b=2" from an object, leaving out empty values. */
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

/**
 * Every item of a list, following the cursors (for select boxes: roles,
 * employees). Stops after max items.
 */
export async function listAll(path, max = 2000) {
  const items = [];
  let cursor = null;
  const sep = path.includes('?') ? '&' : '?';
  do {
    const page = await get(`${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...(page.items || []));
    cursor = page.next;
  } while (cursor && items.length < max);
  return items;
}
