// SPDX-License-Identifier: MIT
// Attachments in the portal and the back office (issue 14): the file picker
// ("Foto hinzufügen"; on a phone the camera too), photos scaled down in the
// browser before upload (long edge at most 2,560 px, as JPEG — which also
// drops the EXIF data, the GPS position with it), the upload, and the
// thumbnails (the stored image, scaled by CSS).

import { upload } from './api.js';
import { t } from './i18n.js';
import { h } from './ui.js';

export const LONG_EDGE = 2560;
const QUALITY = 0.85;
const MAX_BYTES = 20 * 1024 * 1024;

const phone = () => window.matchMedia && window.matchMedia('(pointer: coarse)').matches;

/**
 * A photo the browser can decode, re-encoded as JPEG with its long edge at
 * most LONG_EDGE: pixels only, no EXIF. Anything else (PDF, a HEIC the
 * browser cannot decode) is sent as it is; the server decides its type.
 */
export async function scalePhoto(file) {
  if (!file.type.startsWith('image/') || file.type === 'image/gif') return file;
  let bmp;
  try {
    bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch (e) {
    return file;
  }
  const k = Math.min(1, LONG_EDGE / Math.max(bmp.width, bmp.height));
  const w = Math.max(1, Math.round(bmp.width * k));
  const hgt = Math.max(1, Math.round(bmp.height * k));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = hgt;
  canvas.getContext('2d').drawImage(bmp, 0, 0, w, hgt);
  bmp.close();
  const blob = await new Promise((res) => canvas.toBlob(res, 'image/jpeg', QUALITY));
  if (!blob) return file;
  const base = (file.name || 'Foto').replace(/\.[^.]*$/, '');
  return new File([blob], `${base}.jpg`, { type: 'image/jpeg' });
}

/** The German (or English) text for a failed upload of name. */
export function uploadError(err, name) {
  const key = { too_large: 'attach.too_large', unsupported_type: 'attach.unsupported',
    quota_exceeded: 'attach.quota', storage_full: 'attach.quota' }[err && err.code] || 'attach.failed';
  return t(key, { name });
}

/**
 * Uploads files to Vorgang pid one after another (scaled first); returns
 * {done: [attachment], failed: [text]}.
 */
export async function uploadAll(pid, files) {
  const done = [];
  const failed = [];
  for (const f of files) {
    try {
      const blob = await scalePhoto(f);
      if (blob.size > MAX_BYTES) {
        failed.push(uploadError({ code: 'too_large' }, f.name));
        continue;
      }
      done.push(await upload(`/processes/${pid}/attachments?filename=${encodeURIComponent(blob.name || f.name)}`, blob));
    } catch (err) {
      failed.push(uploadError(err, f.name));
    }
  }
  return { done, failed };
}

/**
 * The picker: "Foto hinzufügen" (several at once) and, on a phone, "Foto
 * aufnehmen" with the camera. onPick(files) gets what was chosen.
 * photosOnly: accept images only (the portal); otherwise PDFs and office
 * files too.
 */
export function picker(onPick, { photosOnly = true } = {}) {
  const accept = photosOnly ? 'image/*' : 'image/*,application/pdf,text/plain,.doc,.docx,.xls,.xlsx,.odt,.ods';
  const mk = (label, extra) => {
    const input = h('input', { type: 'file', accept, class: 'sr-only', ...extra });
    input.addEventListener('change', () => {
      const files = [...input.files];
      input.value = '';
      if (files.length) onPick(files);
    });
    const lbl = h('label', { class: 'btn btn-secondary file-btn' }, input, label);
    return lbl;
  };
  const wrap = h('div', { class: 'file-pick' },
    mk(t('attach.add'), { multiple: true, 'data-pick': 'files' }));
  if (phone()) wrap.append(mk(t('attach.camera'), { capture: 'environment', 'data-pick': 'camera' }));
  return wrap;
}

/** Thumbnails (images) and links (other files) of attachments. */
export function thumbs(list, { small = false } = {}) {
  if (!list || !list.length) return null;
  return h('ul', { class: `thumbs${small ? ' thumbs-small' : ''}`, 'aria-label': t('attach.title') },
    list.map((a) => {
      if (!a.content_type.startsWith('image/')) return h('li', null, h('a', { class: 'file-link', href: a.url, text: a.filename }));
      const img = h('img', { src: a.url, alt: a.filename, loading: 'lazy', class: 'thumb', width: small ? 48 : 96, height: small ? 48 : 96 });
      // In a list the whole row is the link to the request.
      return h('li', null, small ? img : h('a', { href: a.url, target: '_blank', rel: 'noopener', title: a.filename }, img));
    }));
}
