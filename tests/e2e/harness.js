// SPDX-License-Identifier: MIT
// Harness for the browser tests: wraps the API test harness (real SMTP sink,
// real hausdesk binary on a free port with a fresh database) and adds Debian's
// chromium driven by playwright-core, mail-link helpers, screenshots, an axe-core
// accessibility check and a few waiting assertions with readable failures.
//
// Locators go by role and accessible name (the German UI texts): they are the
// contract between these tests and the web UI.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import {
  startAll, waitFor, addrOf, PASSWORD, ADMIN, drainOutbox,
  newRole, newProperty, addStaff, newTenant, hire, fileProcess, expectStatus,
} from '../api/harness.js';

export { startAll, waitFor, addrOf, PASSWORD, ADMIN, drainOutbox };

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SHOTS = path.join(HERE, 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

export const DESKTOP = Object.freeze({ width: 1280, height: 800 });
export const PHONE = Object.freeze({ width: 390, height: 844 });

/** Default wait for one UI action or assertion (ms). A missing button fails fast. */
export const UI_TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 5000);

// The people and the property of the seed scenario.
export const HUBER = Object.freeze({ name: 'Frau Huber', email: 'huber@abc.example', role: 'Buchhaltung' });
export const SCHMIDT = Object.freeze({ name: 'Herr Schmidt', email: 'schmidt@abc.example', role: 'Sachbearbeitung' });
export const MUELLER = Object.freeze({ name: 'Herr Müller', email: 'mueller@mieter.example' });
export const PROPERTY = Object.freeze({ name: 'Max-Planck-Straße 12', street: 'Max-Planck-Straße 12',
  postal_code: '80331', city: 'München' });
export const DAMAGE = 'Schadensmeldung';
export const INVOICE = 'Frage zur Rechnung';

export const NUMBER_RE = /V-\d{4}-\d{5}/;

// ---------------------------------------------------------------------------
// Browser

/**
 * Launches Debian's chromium headless. playwright-core gives the browser a
 * fresh temporary --user-data-dir of its own (and removes it on close).
 */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`chromium not found at ${CHROMIUM} — apt-get install -y chromium (scripts/install-deps)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/**
 * A fresh browser context (own cookies and storage, like another person's
 * browser) and a page in it. Collects uncaught script errors and console
 * errors on page.diag for failure reports.
 */
export async function newPage(browser, { viewport = DESKTOP, phone = false, bypassCSP = false } = {}) {
  const opts = { viewport, locale: 'de-DE', timezoneId: 'Europe/Berlin', bypassCSP };
  if (phone) Object.assign(opts, { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const context = await browser.newContext(opts);
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  page.setDefaultNavigationTimeout(UI_TIMEOUT * 2);
  page.diag = { pageErrors: [], consoleErrors: [] };
  page.on('pageerror', (e) => page.diag.pageErrors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') page.diag.consoleErrors.push(`${page.url()}: ${m.text()}`);
  });
  return page;
}

/** A short description of what the page shows, for failure messages. */
export async function describePage(page) {
  if (!page || page.isClosed()) return '(page closed)';
  try {
    const info = await page.evaluate(() => {
      const txt = (el) => (el ? el.innerText.replace(/\s+/g, ' ').trim() : '');
      const dlg = document.querySelector('dialog[open]');
      const scope = dlg || document.querySelector('main') || document.body;
      const buttons = [...scope.querySelectorAll('button, a.btn, [role=button]')]
        .filter((b) => b.offsetParent !== null).map((b) => txt(b) || b.getAttribute('aria-label') || '?');
      const alerts = [...document.querySelectorAll('[role=alert], .field-error, .toast')]
        .filter((a) => !a.hidden && txt(a)).map(txt);
      return {
        title: document.title,
        h1: txt(document.querySelector('main h1')),
        dialog: dlg ? txt(dlg).slice(0, 400) : null,
        buttons: buttons.slice(0, 30),
        alerts,
        main: txt(document.querySelector('main') || document.body).slice(0, 700),
      };
    });
    return [
      `  url:     ${page.url()}`,
      `  title:   ${info.title}`,
      `  h1:      ${info.h1}`,
      info.dialog ? `  dialog:  ${info.dialog}` : null,
      `  buttons: ${JSON.stringify(info.buttons)}`,
      info.alerts.length ? `  alerts:  ${JSON.stringify(info.alerts)}` : null,
      `  text:    ${info.main}`,
      page.diag && page.diag.pageErrors.length ? `  script errors: ${page.diag.pageErrors.join(' | ')}` : null,
    ].filter(Boolean).join('\n');
  } catch (e) {
    return `  url: ${page.url()} (could not inspect: ${e.message})`;
  }
}

/**
 * Runs fn; on failure rethrows with a description of the pages involved, so a
 * report says which page showed what when a button or text was missing.
 */
export async function onPages(pages, fn) {
  try {
    return await fn();
  } catch (e) {
    const list = (Array.isArray(pages) ? pages : [pages]).filter(Boolean);
    const parts = [];
    for (const p of list) parts.push(`--- ${p.who || 'page'} ---\n${await describePage(p)}`);
    e.message = `${e.message}\n${parts.join('\n')}`;
    throw e;
  }
}

/** Waits until locator is visible; fails with `what`. */
export async function expectVisible(locator, what, timeout = UI_TIMEOUT) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch (e) {
    throw new assert.AssertionError({ message: `expected to see ${what} (${e.message.split('\n')[0]})` });
  }
  return locator.first();
}

/** Waits until locator matches nothing visible; fails with `what`. */
export async function expectHidden(locator, what, timeout = UI_TIMEOUT) {
  try {
    await waitFor(async () => !(await locator.first().isVisible()), timeout, what);
  } catch (e) {
    throw new assert.AssertionError({ message: `expected not to see ${what} (${e.message})` });
  }
}

/** Waits until the page's main heading is text (string: exact, RegExp: match). */
export async function expectHeading(page, text, timeout = UI_TIMEOUT) {
  const h1 = page.locator('main h1').filter({ hasText: text });
  try {
    await waitFor(async () => {
      const t = (await page.locator('main h1').first().textContent({ timeout: 200 }).catch(() => '')) || '';
      return typeof text === 'string' ? t.trim() === text : text.test(t);
    }, timeout, `main heading ${text}`);
  } catch (e) {
    throw new assert.AssertionError({ message: `expected the page heading ${text} (${e.message})` });
  }
  return h1;
}

/** Waits until pred(innerText of locator) holds. */
export async function expectText(locator, pred, what, timeout = UI_TIMEOUT) {
  let last = '';
  try {
    await waitFor(async () => {
      last = await locator.innerText({ timeout: 500 }).catch(() => '');
      return pred(last);
    }, timeout, what);
  } catch (e) {
    throw new assert.AssertionError({ message: `expected ${what}; the text was: ${JSON.stringify(last.slice(0, 800))}` });
  }
  return last;
}

/** The password input with a label matching label (not the "Passwort anzeigen" checkbox). */
export function passwordInput(scope, label = /passwort/i) {
  return scope.getByLabel(label).and(scope.locator('input[type=password]'));
}

/** Selects the option of select whose text matches re (e.g. "Frau Huber (Eingeladen)"). */
export async function selectByText(select, re, what = String(re)) {
  await select.waitFor({ state: 'visible' });
  const texts = (await select.locator('option').allTextContents()).map((s) => s.trim());
  const hit = texts.find((s) => (typeof re === 'string' ? s === re : re.test(s)));
  assert.ok(hit !== undefined, `no option ${what} in the select box; options: ${JSON.stringify(texts)}`);
  await select.selectOption({ label: hit });
  return hit;
}

/** The text of the selected option of a select. */
export function selectedText(select) {
  return select.evaluate((s) => (s.selectedIndex >= 0 ? s.options[s.selectedIndex].text : ''));
}

/** The "Gespeichert"-style confirmation in the live region. */
export function statusMessage(page, text) {
  return page.getByRole('status').filter({ hasText: text });
}

/**
 * Clicks the submit button of a form and waits until the form has finished
 * (aria-busy no longer "true", or the form is gone); fails with the form's
 * error message when it shows one.
 */
export async function submitForm(button, what = 'the form') {
  const form = button.locator('xpath=ancestor::form[1]');
  await button.click();
  await waitFor(async () => {
    if (!(await form.count())) return true;
    return (await form.getAttribute('aria-busy', { timeout: 500 }).catch(() => null)) !== 'true';
  }, UI_TIMEOUT * 2, `${what} to finish`);
  if (await form.count()) {
    const errs = (await form.locator('[role=alert]:not([hidden]), .field-error:not([hidden])').allInnerTexts()
      .catch(() => [])).map((x) => x.trim()).filter(Boolean);
    assert.deepEqual(errs, [], `${what} shows an error`);
  }
}

/** Logs in on the login page (back office or portal). */
export async function loginUi(page, base, email, password, { portal = false } = {}) {
  await page.goto(`${base}${portal ? '/portal/login' : '/login'}`);
  await expectHeading(page, portal ? 'Anmelden im Kundenportal' : 'Anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await passwordInput(page, 'Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expectHeading(page, portal ? 'Meine Anfragen' : 'Meine Vorgänge', UI_TIMEOUT * 2);
}

/**
 * Checks that el is placed as the seed describes it ("rechts oben", "unten
 * rechts") and, with blue, that its background is blue.
 */
export async function expectPlacement(el, { right = true, top = false, belowOf = null, blue = false } = {}, what = 'button') {
  const box = await el.boundingBox();
  assert.ok(box, `${what} has no box on the page`);
  const vp = el.page().viewportSize();
  const cx = box.x + box.width / 2;
  if (right) assert.ok(cx > vp.width / 2, `${what} should be on the right ("rechts"); its centre is at x=${Math.round(cx)} of ${vp.width}`);
  if (top) {
    const scrollY = await el.page().evaluate(() => window.scrollY);
    const y = box.y + scrollY;
    assert.ok(y < 300, `${what} should be at the top ("oben"); it is at y=${Math.round(y)}`);
  }
  if (belowOf) {
    const other = await belowOf.boundingBox();
    assert.ok(other, `${what}: the element it should be below is not on the page`);
    assert.ok(box.y >= other.y + other.height - 1, `${what} should be below ("unten") the table: y=${Math.round(box.y)}, table ends at ${Math.round(other.y + other.height)}`);
  }
  if (blue) {
    const bg = await el.evaluate((b) => getComputedStyle(b).backgroundColor);
    const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?/.exec(bg);
    assert.ok(m, `${what}: background colour ${bg} is not rgb()`);
    const [r, g, b, a] = [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
    assert.ok(a > 0.5 && b >= 100 && b > r + 40 && b >= g,
      `${what} should be blue ("blauen Button"); its background is ${bg}`);
  }
}

// ---------------------------------------------------------------------------
// Mail

const LINK_RE = /https?:\/\/[^\s<>"')\]]+token=[A-Za-z0-9_.~-]+/;

/** The mails (accepted by the SMTP sink) to addr. */
export function mailsTo(smtp, addr) {
  return smtp.mailsTo(addrOf(addr));
}

/** Waits for the invitation mail to email and returns the link in it that contains token=. */
export async function invitationLink(smtp, email, timeoutMs = 5000) {
  const mail = await waitFor(() => mailsTo(smtp, email).find((m) => LINK_RE.test(m.text)),
    timeoutMs, `an invitation mail with a token= link to ${email}`);
  return { url: LINK_RE.exec(mail.text)[0], mail };
}

/** A readable list of mails: "to | subject". */
export function mailList(mails) {
  return mails.map((m) => `  ${m.to.join(',')} | ${m.subject}`).join('\n') || '  (none)';
}

/** Whether mail m is about process number n (in subject or body). */
export function mailAbout(m, n) {
  return m.subject.includes(n) || m.text.includes(n);
}

// ---------------------------------------------------------------------------
// Screenshots

/**
 * Saves a full-page screenshot of page as <name>-desktop.png and, at 390×844,
 * <name>-phone.png under tests/e2e/screenshots/; restores the viewport.
 * Returns the two paths.
 */
export async function shoot(page, name) {
  await fsp.mkdir(SHOTS, { recursive: true });
  const before = page.viewportSize();
  const out = [];
  for (const [tag, vp] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(vp);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const file = path.join(SHOTS, `${name}-${tag}.png`);
    // The transient toast ("Gespeichert") would float over the middle of a
    // full-page image; it is hidden for the picture only (through the CSSOM:
    // the page's CSP refuses injected style sheets).
    await page.evaluate(() => document.querySelectorAll('.toast').forEach((t) => { t.style.visibility = 'hidden'; }));
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'initial' });
    await page.evaluate(() => document.querySelectorAll('.toast').forEach((t) => { t.style.visibility = ''; }));
    out.push(file);
  }
  await page.setViewportSize(before);
  return out;
}

// ---------------------------------------------------------------------------
// Accessibility (axe-core)

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page as it is and returns the violations with impact
 * serious or critical. The script is evaluated through the DevTools protocol
 * (page.evaluate), which the page's Content-Security-Policy does not govern,
 * so the policy stays as strict as it is for users.
 */
export async function axeViolations(page) {
  const has = await page.evaluate(() => typeof window.axe === 'object');
  if (!has) await page.evaluate(AXE_SOURCE);
  const res = await page.evaluate(() => window.axe.run(document, {
    resultTypes: ['violations'],
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Formats axe violations for a failure message. */
export function formatViolations(vs) {
  return vs.map((v) => [
    `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`,
    ...v.nodes.slice(0, 6).map((n) => `    at ${n.target.join(' ')}\n      ${n.html.slice(0, 160)}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`),
    v.nodes.length > 6 ? `    … and ${v.nodes.length - 6} more` : null,
  ].filter(Boolean).join('\n')).join('\n');
}

/** Asserts that axe finds no serious or critical violation on page. */
export async function expectAccessible(page, what) {
  const vs = await axeViolations(page);
  assert.equal(vs.length, 0,
    `accessibility: ${vs.length} serious/critical axe-core violation(s) on ${what} (${page.url()}):\n${formatViolations(vs)}`);
}

// ---------------------------------------------------------------------------
// Keyboard

/**
 * Presses Tab (or Shift+Tab) until an element of locator has the focus; fails
 * when it is not reachable within max presses.
 */
export async function tabTo(page, locator, what, { max = 40, back = false } = {}) {
  const focused = () => locator.evaluateAll((els) => els.includes(document.activeElement));
  const trail = [];
  for (let i = 0; i <= max; i++) {
    if (await focused()) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    trail.push(await page.evaluate(() => {
      const a = document.activeElement;
      if (!a || a === document.body) return 'body';
      const label = a.labels && a.labels[0] ? a.labels[0].innerText : (a.getAttribute('aria-label') || a.innerText || a.value || '');
      return `${a.tagName.toLowerCase()}${a.type ? `[${a.type}]` : ''} "${String(label).replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
    }));
  }
  throw new assert.AssertionError({
    message: `${what} cannot be reached with the Tab key within ${max} presses; focus went: ${trail.join(' → ')}`,
  });
}

// ---------------------------------------------------------------------------
// The seed's state through the API, for the tests that are not about the
// administration (accessibility, keyboard): everything up to "Herr Müller can
// log in to the portal".

export async function seedViaApi(env) {
  const { server, smtp, admin } = env;
  const huber = await hire(server, smtp, admin, { name: HUBER.name, email: HUBER.email });
  const schmidt = await hire(server, smtp, admin, { name: SCHMIDT.name, email: SCHMIDT.email });
  const buch = await newRole(admin, 'Buchhaltung');
  const sach = await newRole(admin, 'Sachbearbeitung');
  const prop = await newProperty(admin, PROPERTY);
  await addStaff(admin, prop.id, huber.id, buch.id);
  await addStaff(admin, prop.id, schmidt.id, sach.id);
  const mkType = async (name, roleIds, description) => expectStatus(await admin.post('/process-types',
    { name, role_ids: roleIds, portal: true, description }), 201, `POST /process-types ${name}`);
  const damage = await mkType(DAMAGE, [sach.id], 'Schäden am Gebäude oder in Ihrer Wohnung melden.');
  const invoice = await mkType(INVOICE, [buch.id], 'Fragen zu Ihrer Nebenkostenabrechnung oder einer Rechnung.');
  const mueller = await newTenant(server, smtp, admin, prop.id, { name: MUELLER.name, email: MUELLER.email });
  return { huber, schmidt, buch, sach, prop, damage, invoice, mueller, fileProcess };
}

/**
 * Chooses in the type-ahead named label (a combobox) the option whose
 * text starts with name, typing text first (default: name).
 */
export async function chooseInTypeahead(scope, label, name, text = name) {
  const input = scope.getByRole('combobox', { name: label, exact: true });
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  const opt = scope.getByRole('option', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first();
  await opt.waitFor({ state: 'visible', timeout: 5000 });
  await opt.click();
  return input;
}
