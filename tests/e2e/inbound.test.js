// SPDX-License-Identifier: MIT
// The seed scenario by mail (issue 14, "Done when"): the admin sets up the
// intake address for Schadensmeldungen on "E-Mail-Eingang"; Herr Müller mails
// "Wasserfleck an der Decke" with a photo; only Herr Schmidt gets the
// assignment; Schmidt's public comment, written in the browser, reaches
// Müller; Müller's reply to it becomes a comment on the same Vorgang. And a
// mail from an unknown sender waits under "Nicht zugeordnete E-Mails" until
// the admin picks property and type in the browser.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAll, launchBrowser, newPage, onPages, loginUi, expectHeading, expectVisible, expectText,
  selectByText, submitForm, statusMessage, seedViaApi, waitFor, ADMIN, PASSWORD, HUBER, SCHMIDT, MUELLER,
  PROPERTY, DAMAGE, NUMBER_RE, drainOutbox,
} from './harness.js';
import { expectStatus, listAll } from '../api/harness.js';

const INTAKE = 'schaden@abc.example';
// The smallest JPEG (a 1x1 pixel), as a phone would attach a photo.
const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////' +
  '////////////////////////////////////////////wAALCAABAAEBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAA//EABQQAQAA' +
  'AAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AN//Z', 'base64');

function photoMail({ from, subject, body, id }) {
  return [
    `From: ${from}`, `To: ${INTAKE}`, `Subject: ${subject}`, `Message-ID: <${id}@mieter.example>`,
    'Date: Wed, 02 Dec 2026 09:12:00 +0100', 'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="=_b"', '', '--=_b', 'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit', '', body, '--=_b', 'Content-Type: image/jpeg; name="IMG_0412.jpg"',
    'Content-Disposition: attachment; filename="IMG_0412.jpg"', 'Content-Transfer-Encoding: base64', '',
    JPEG.toString('base64'), '--=_b--', '',
  ].join('\r\n');
}

function replyMail({ from, subject, body, inReplyTo, id }) {
  return [
    `From: ${from}`, `To: ${INTAKE}`, `Subject: ${subject}`, `Message-ID: <${id}@mieter.example>`,
    `In-Reply-To: ${inReplyTo}`, `References: ${inReplyTo}`, 'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8', '', body, '',
  ].join('\r\n');
}

describe('the seed scenario by mail', () => {
  let env; let browser; let seed;
  const s = {};
  const take = async (raw) => expectStatus(await env.admin.post('/inbound-mail', raw,
    { contentType: 'message/rfc822' }), 200, 'POST /inbound-mail');

  before(async () => {
    env = await startAll();
    seed = await seedViaApi(env);
    browser = await launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
  });

  it('the admin adds the intake address for Schadensmeldungen on "E-Mail-Eingang"', async () => {
    const page = await newPage(browser);
    page.who = 'admin';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.base}/administration/e-mail-eingang`);
      await expectHeading(page, 'E-Mail-Eingang');
      await page.getByRole('button', { name: 'Eingangsadresse hinzufügen' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('E-Mail-Adresse').fill(INTAKE);
      await selectByText(dialog.getByLabel('Vorgangstyp'), DAMAGE);
      await submitForm(dialog.getByRole('button', { name: 'Hinzufügen' }), 'the new intake address');
      await expectVisible(statusMessage(page, 'Eingangsadresse gespeichert'), 'the confirmation');
      await expectVisible(page.getByRole('table', { name: 'Eingangsadressen' }).getByText(INTAKE), 'the address');
    });
    const boxes = expectStatus(await env.admin.get('/mailboxes'), 200, 'GET /mailboxes').items;
    assert.deepEqual(boxes.map((b) => [b.address, b.type_id]), [[INTAKE, seed.damage.id]]);
  });

  it('Herr Müller mails "Wasserfleck an der Decke" with a photo: only Herr Schmidt gets the assignment', async () => {
    const r = await take(photoMail({ from: `${MUELLER.name} <${MUELLER.email}>`, subject: 'Wasserfleck an der Decke',
      body: 'Guten Tag,\nim Bad ist ein Wasserfleck an der Decke. Foto anbei.\nMüller', id: 'wf-1' }));
    assert.equal(r.result, 'created');
    const p = expectStatus(await env.admin.get(`/processes/${r.process_id}`), 200, 'the Vorgang');
    assert.equal(p.property_id, seed.prop.id);
    assert.deepEqual(p.assignees.map((a) => a.name), [SCHMIDT.name]);
    await env.smtp.waitForMailTo(SCHMIDT.email, (m) => m.subject.includes(p.number), 10000);
    await env.smtp.waitForMailTo(MUELLER.email, (m) => m.subject.includes(p.number), 10000); // the receipt
    assert.equal(env.smtp.mailsTo(HUBER.email).filter((m) => m.subject.includes(p.number)).length, 0,
      'Frau Huber gets nothing');
    s.proc = p;
  });

  it('the Vorgang shows the photo, and Herr Schmidt\'s mail counts it', async () => {
    const files = expectStatus(await env.admin.get(`/processes/${s.proc.id}/attachments`), 200, 'the attachments').items;
    assert.deepEqual(files.map((f) => [f.filename, f.content_type, f.source]), [['IMG_0412.jpg', 'image/jpeg', 'mail']]);
    const toSchmidt = env.smtp.mailsTo(SCHMIDT.email).filter((m) => m.subject.includes(s.proc.number));
    assert.ok(toSchmidt.length === 1 && /Anhänge:\s+1 Datei \(im Vorgang\)/.test(toSchmidt[0].text),
      `one assignment mail that counts the photo: ${toSchmidt.map((m) => m.text).join('\n---\n')}`);
    const page = await newPage(browser);
    page.who = 'schmidt';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, SCHMIDT.email, PASSWORD);
      await page.goto(`${env.server.base}/vorgaenge/${s.proc.id}`);
      await expectHeading(page, s.proc.subject);
      const thumb = page.locator('.thumbs img.thumb');
      await expectVisible(thumb.first(), 'the photo on the Vorgang');
      await waitFor(() => thumb.first().evaluate((img) => img.complete && img.naturalWidth > 0),
        10000, 'the photo to load');
    });
  });

  it('Herr Schmidt\'s public comment, written in the browser, reaches Herr Müller; Müller\'s reply becomes a comment', async () => {
    const page = await newPage(browser);
    page.who = 'schmidt';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, SCHMIDT.email, PASSWORD);
      await page.goto(`${env.server.base}/vorgaenge/${s.proc.id}`);
      await expectHeading(page, s.proc.subject);
      await page.getByLabel('Kommentar', { exact: true }).fill('Der Handwerker kommt am Donnerstag um 9 Uhr.');
      await page.getByRole('radio', { name: /Öffentlich/ }).check();
      await submitForm(page.getByRole('button', { name: 'Kommentar speichern' }), 'the comment');
      const toMueller = await env.smtp.waitForMailTo(MUELLER.email,
        (m) => m.text.includes('Der Handwerker kommt am Donnerstag'), 10000);
      const r = await take(replyMail({ from: MUELLER.email, subject: `Re: ${toMueller.subject}`,
        inReplyTo: toMueller.messageId, id: 'wf-2',
        body: 'Danke, ich bin da.\n\nAm 02.12.2026 schrieb ABC Hausverwaltung:\n> Der Handwerker kommt am Donnerstag um 9 Uhr.' }));
      assert.equal(r.result, 'commented');
      assert.equal(r.process_id, s.proc.id);
      await page.reload();
      await expectText(page.locator('.messages'), (t) => t.includes('Danke, ich bin da.') &&
        !t.includes('> Der Handwerker'), 'Müller\'s reply on the Vorgang, the quote cut');
    });
  });

  it('setting it to resolved mails Herr Müller once', async () => {
    await drainOutbox(env.admin);
    const before = env.smtp.mailsTo(MUELLER.email).length;
    const r = expectStatus(await env.admin.patch(`/processes/${s.proc.id}`, { status: 'resolved' }), 200, 'PATCH');
    assert.equal(r.status, 'resolved');
    await drainOutbox(env.admin);
    const after = env.smtp.mailsTo(MUELLER.email).slice(before);
    assert.deepEqual(after.map((m) => m.subject), [`[${s.proc.number}] Ihre Anfrage ist erledigt`]);
  });

  it('a mail from an unknown sender waits under "Nicht zugeordnete E-Mails" until the admin picks property and type', async () => {
    const r = await take(replyMail({ from: 'Erika Neu <erika.neu@example.net>', subject: 'Klingel defekt',
      inReplyTo: '<nothing@example.net>', id: 'un-1', body: 'Die Klingel im Erdgeschoss geht nicht.' }));
    assert.equal(r.result, 'unassigned');
    const page = await newPage(browser);
    page.who = 'admin';
    await onPages(page, async () => {
      await loginUi(page, env.server.base, ADMIN.email, ADMIN.password);
      await page.goto(`${env.server.base}/administration/e-mail-eingang`);
      await expectHeading(page, 'E-Mail-Eingang');
      const table = page.getByRole('table', { name: 'Nicht zugeordnete E-Mails' });
      await expectVisible(table.getByText('Klingel defekt'), 'the waiting mail');
      await table.getByRole('button', { name: 'Zuordnen' }).click();
      const dialog = page.getByRole('dialog');
      await selectByText(dialog.getByLabel('Liegenschaft'), PROPERTY.name);
      await selectByText(dialog.getByLabel('Vorgangstyp'), DAMAGE);
      await dialog.getByRole('button', { name: 'Vorgang anlegen' }).click();
      await expectHeading(page, 'Klingel defekt', 10000);
    });
    const all = await listAll(env.admin, '/processes');
    const p = all.find((x) => x.subject === 'Klingel defekt');
    assert.ok(p && NUMBER_RE.test(p.number));
    await waitFor(() => env.smtp.mailsTo('erika.neu@example.net').find((m) => m.subject.includes(p.number)),
      10000, 'the receipt to the sender');
  });
});
