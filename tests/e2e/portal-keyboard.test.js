// SPDX-License-Identifier: MIT
// Tenants file damage reports from the stairwell: on a 390×844 phone screen,
// Herr Müller logs in and files a Schadensmeldung with the keyboard alone
// (Tab, arrow keys, Space, Enter and typing — no clicks), every form field has
// a label, and Herr Schmidt gets the notification with the number shown.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, seedViaApi, launchBrowser, newPage, onPages, expectHeading, expectText, tabTo, waitFor,
  mailsTo, mailList, mailAbout, selectedText, expectAccessible, PASSWORD, MUELLER, SCHMIDT, HUBER, PROPERTY,
  DAMAGE, NUMBER_RE,
} from './harness.js';

/** The page fits the phone's width: nothing to scroll sideways. */
async function expectNoSideways(page, what) {
  const { sw, w } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, w: window.innerWidth }));
  assert.ok(sw <= w, `${what} is wider than the phone screen (${sw} px for ${w} px): it scrolls sideways`);
}

describe('Kundenportal on a phone, keyboard only', () => {
  let env; let browser;

  before(async () => {
    env = await startAll();
    await seedViaApi(env);
    browser = await launchBrowser();
  });

  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
  });

  it('Herr Müller files a Schadensmeldung at 390×844 using only Tab, arrows, Space, Enter and typing', async () => {
    const page = await newPage(browser, { phone: true });
    const kb = page.keyboard;
    await onPages(page, async () => {
      await page.goto(`${env.server.base}/portal/login`);
      await expectHeading(page, 'Anmelden im Kundenportal');
      assert.deepEqual(page.viewportSize(), { width: 390, height: 844 });

      // Login.
      await tabTo(page, page.getByLabel('E-Mail-Adresse'), 'the field "E-Mail-Adresse"');
      await kb.type(MUELLER.email);
      await tabTo(page, page.getByLabel('Passwort', { exact: true }), 'the field "Passwort"');
      await kb.type(PASSWORD);
      await kb.press('Enter');
      await expectHeading(page, 'Meine Anfragen');
      await expectNoSideways(page, '"Meine Anfragen"');

      // "Neue Anfrage".
      await tabTo(page, page.getByRole('button', { name: 'Neue Anfrage', exact: true }), 'the button "Neue Anfrage"');
      await kb.press('Enter');
      await expectHeading(page, 'Neue Anfrage');
      await expectNoSideways(page, '"Neue Anfrage"');

      // Every field of the form has a label, found by it.
      const main = page.getByRole('main');
      const unlabelled = await main.locator('input, select, textarea').evaluateAll((els) => els
        .filter((e) => e.type !== 'hidden' && e.offsetParent !== null)
        .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
        .map((e) => e.outerHTML.slice(0, 120)));
      assert.deepEqual(unlabelled, [], 'form fields without a label');
      const group = page.getByRole('group', { name: 'Worum geht es?' });
      const damage = group.getByRole('radio', { name: DAMAGE, exact: true });
      const subject = page.getByLabel('Betreff', { exact: true });
      const description = page.getByLabel('Beschreibung', { exact: true });
      const property = page.getByLabel('Liegenschaft', { exact: true });
      for (const [l, n] of [[damage, DAMAGE], [subject, 'Betreff'], [description, 'Beschreibung'], [property, 'Liegenschaft']]) {
        assert.equal(await l.count(), 1, `one field labelled "${n}"`);
      }
      assert.equal(await selectedText(property), PROPERTY.name, 'his only Liegenschaft is preselected');

      // Type of request: Tab into the radio group, arrows to the Schadensmeldung, Space.
      await tabTo(page, group.getByRole('radio'), 'the choice "Worum geht es?"');
      for (let i = 0; i < 6 && !(await damage.evaluate((e) => e === document.activeElement)); i++) await kb.press('ArrowDown');
      assert.ok(await damage.evaluate((e) => e === document.activeElement), `"${DAMAGE}" cannot be reached with the arrow keys`);
      await kb.press('Space');
      assert.equal(await damage.isChecked(), true, `"${DAMAGE}" is chosen`);

      await tabTo(page, subject, 'the field "Betreff"');
      await kb.type('Treppenhauslicht 2. OG defekt');
      await tabTo(page, description, 'the field "Beschreibung"');
      await kb.type('Im zweiten Stock geht das Licht im Treppenhaus nicht mehr an.');
      await kb.press('Enter');
      await kb.type('Es ist abends stockdunkel.');
      assert.equal(await damage.isChecked(), true, `"${DAMAGE}" is still chosen after typing`);

      await tabTo(page, page.getByRole('button', { name: 'Anfrage senden' }), 'the button "Anfrage senden"');
      await kb.press('Enter');
      const done = page.getByRole('status').filter({ hasText: /Ihre Anfrage V-\d{4}-\d{5} ist eingegangen/ });
      const text = await expectText(done, (t) => NUMBER_RE.test(t), 'the confirmation "Ihre Anfrage V-YYYY-NNNNN ist eingegangen."');
      const number = NUMBER_RE.exec(text)[0];

      // The confirmation is on screen (not below the fold of the phone).
      const box = await done.boundingBox();
      assert.ok(box && box.y >= 0 && box.y < 844, `the confirmation should be visible on the phone screen (y=${box && box.y})`);

      // The Vorgang went to Herr Schmidt (Sachbearbeitung), not to Frau Huber.
      const smtp = env.smtp;
      await waitFor(() => mailsTo(smtp, SCHMIDT.email).some((m) => mailAbout(m, number)), 5000,
        `the notification ${number} to Herr Schmidt`).catch((e) => { throw new Error(`${e.message}\n${mailList(smtp.mails)}`); });
      assert.equal(mailsTo(smtp, HUBER.email).filter((m) => mailAbout(m, number)).length, 0,
        `Frau Huber must not be mailed about ${number}:\n${mailList(smtp.mails)}`);

      // Still by keyboard: to the request, which shows the text as typed.
      await tabTo(page, page.getByRole('link', { name: 'Anfrage ansehen' }), 'the link "Anfrage ansehen"');
      await kb.press('Enter');
      await expectHeading(page, 'Treppenhauslicht 2. OG defekt');
      await expectText(page.getByRole('main'), (t) => t.includes(number) && t.includes('Es ist abends stockdunkel.'),
        `the request page with ${number} and the description`);
      await expectNoSideways(page, 'the request page');
      await expectAccessible(page, 'the request page on a phone');
      assert.deepEqual(page.diag.pageErrors, [], 'uncaught script errors');
    });
    await page.context().close();
  });
});
