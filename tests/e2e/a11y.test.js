// SPDX-License-Identifier: MIT
// Accessibility: axe-core on the Kundenportal pages (login, Neue Anfrage —
// empty and with its error messages —, Meine Anfragen, one request) and the
// back office's Vorgang page, at desktop and phone size. No violation of
// impact serious or critical is allowed. The data is set up through the API;
// the pages are reached by logging in and clicking, as a user does.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, seedViaApi, launchBrowser, newPage, onPages, expectHeading, expectVisible, expectText,
  loginUi, expectAccessible, DESKTOP, PHONE, PASSWORD, SCHMIDT, MUELLER,
} from './harness.js';

const PUBLIC = 'Wir schauen uns den Schaden am Montag an.';
const INTERNAL = 'Intern: Versicherung informieren.';

describe('accessibility (axe-core): Kundenportal and the Vorgang page', () => {
  let env; let browser; let seed; let damage;

  before(async () => {
    env = await startAll();
    seed = await seedViaApi(env);
    const m = seed.mueller.client;
    damage = await seed.fileProcess(m, { type_id: seed.damage.id, property_id: seed.prop.id,
      subject: 'Wasserfleck an der Decke im Bad', description: 'Seit gestern, er wird größer.' });
    await seed.fileProcess(m, { type_id: seed.invoice.id, property_id: seed.prop.id,
      subject: 'Frage zur Nebenkostenabrechnung', description: 'Der Hausmeister ist doppelt berechnet.' });
    for (const [body, internal] of [[INTERNAL, true], [PUBLIC, false]]) {
      const r = await seed.schmidt.client.post(`/processes/${damage.id}/comments`, { body, internal });
      assert.equal(r.status, 201, `comment: ${r.status} ${r.text}`);
    }
    browser = await launchBrowser();
  });

  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
  });

  /** Runs axe at desktop and at phone size. */
  async function checkBoth(page, what) {
    for (const [tag, vp] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      await page.setViewportSize(vp);
      await expectAccessible(page, `${what} (${tag} ${vp.width}×${vp.height})`);
    }
    await page.setViewportSize(DESKTOP);
  }

  it('Kundenportal: login page', async () => {
    const page = await newPage(browser);
    await onPages(page, async () => {
      await page.goto(`${env.server.base}/portal/login`);
      await expectHeading(page, 'Anmelden im Kundenportal');
      await checkBoth(page, 'the portal login page');
      // A failed login: the message must be accessible too.
      await page.getByLabel('E-Mail-Adresse').fill(MUELLER.email);
      await page.getByLabel('Passwort', { exact: true }).fill('falsches-passwort-1');
      await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
      await expectVisible(page.getByRole('alert').filter({ hasText: 'E-Mail-Adresse oder Passwort ist falsch.' }),
        'the alert "E-Mail-Adresse oder Passwort ist falsch."');
      await checkBoth(page, 'the portal login page after a failed login');
    });
    await page.context().close();
  });

  it('Kundenportal: Meine Anfragen, Neue Anfrage (empty and with errors), a request page', async () => {
    const page = await newPage(browser);
    await onPages(page, async () => {
      await loginUi(page, env.server.base, MUELLER.email, PASSWORD, { portal: true });
      await expectVisible(page.getByRole('link', { name: 'Wasserfleck an der Decke im Bad' }), 'the damage report in the list');
      await checkBoth(page, '"Meine Anfragen"');

      await page.getByRole('button', { name: 'Neue Anfrage', exact: true }).click();
      await expectHeading(page, 'Neue Anfrage');
      await expectVisible(page.getByRole('button', { name: 'Anfrage senden' }), 'the button "Anfrage senden"');
      await checkBoth(page, '"Neue Anfrage"');
      await page.getByRole('button', { name: 'Anfrage senden' }).click();
      await expectText(page.getByRole('main'), (t) => /Bitte wählen Sie/.test(t) && /Bitte füllen Sie das Feld „Betreff“ aus/.test(t),
        'German messages saying what to fix ("Bitte wählen Sie …", "Bitte füllen Sie das Feld „Betreff“ aus.")');
      await checkBoth(page, '"Neue Anfrage" showing its error messages');

      await page.getByRole('link', { name: 'Meine Anfragen', exact: true }).click();
      await page.getByRole('link', { name: 'Wasserfleck an der Decke im Bad' }).click();
      await expectHeading(page, 'Wasserfleck an der Decke im Bad');
      await expectVisible(page.getByText(PUBLIC), 'the public message');
      assert.ok(!(await page.locator('body').innerText()).includes(INTERNAL), 'the internal comment must not be shown');
      await checkBoth(page, 'a request page of the Kundenportal');
    });
    await page.context().close();
  });

  it('back office: the Vorgang page', async () => {
    const page = await newPage(browser);
    await onPages(page, async () => {
      await loginUi(page, env.server.base, SCHMIDT.email, PASSWORD);
      await page.getByRole('table', { name: 'Meine Vorgänge' }).getByRole('link', { name: 'Wasserfleck an der Decke im Bad' }).click();
      await expectHeading(page, 'Wasserfleck an der Decke im Bad');
      await expectVisible(page.getByText(INTERNAL), 'the internal comment');
      await checkBoth(page, 'the Vorgang page');
    });
    await page.context().close();
  });
});
