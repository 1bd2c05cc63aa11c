// SPDX-License-Identifier: MIT
// Issue 14, item 1 in the browser: Herr Müller files a Schadensmeldung on a
// phone with a camera photo (3200×2400, GPS position in its EXIF). The portal
// scales it to a long edge of 2,560 px as JPEG before the upload, so the
// stored file has no EXIF and no position. Thumbnails show on the request
// page and in "Meine Anfragen"; Herr Schmidt's assignment mail counts the
// photo; in the back office he sees it and uploads a PDF; a file that is no
// allowed type gets a German message.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startAll, seedViaApi, launchBrowser, newPage, onPages, loginUi, expectHeading, expectVisible, waitFor,
  mailsTo, PASSWORD, MUELLER, SCHMIDT, DAMAGE, NUMBER_RE,
} from './harness.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PHOTO = fs.readFileSync(path.join(HERE, 'fixtures', 'gps-photo.jpg'));

/** The JPEG's APP1 Exif segments and its size (from SOF0/SOF2). */
function jpegInfo(b) {
  const info = { exif: false, width: 0, height: 0 };
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1];
    const len = b.readUInt16BE(i + 2);
    if (marker === 0xe1 && b.subarray(i + 4, i + 10).toString('latin1') === 'Exif\0\0') info.exif = true;
    if (marker === 0xc0 || marker === 0xc2) {
      info.height = b.readUInt16BE(i + 5);
      info.width = b.readUInt16BE(i + 7);
    }
    if (marker === 0xda) break;
    i += 2 + len;
  }
  return info;
}

describe('attachments in the browser', () => {
  let env; let seed; let browser; let proc;

  before(async () => {
    env = await startAll();
    seed = await seedViaApi(env);
    browser = await launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
    if (env) await env.stop();
  });

  it('the test photo carries a GPS position (control)', () => {
    const info = jpegInfo(PHOTO);
    assert.ok(info.exif, 'the fixture has EXIF');
    assert.ok(PHOTO.includes(Buffer.from([0x88, 0x25])), 'with a GPSInfo tag');
    assert.deepEqual([info.width, info.height], [3200, 2400]);
  });

  it('Herr Müller files with a photo on a phone; the stored photo is 2560 px wide and has no EXIF', async () => {
    const page = await newPage(browser, { phone: true });
    await onPages(page, async () => {
      await loginUi(page, env.server.base, MUELLER.email, PASSWORD, { portal: true });
      await page.getByRole('button', { name: 'Neue Anfrage', exact: true }).click();
      await expectHeading(page, 'Neue Anfrage');
      // On a phone the camera is offered beside the gallery.
      const gallery = page.locator('input[type=file][data-pick=files]');
      const camera = page.locator('input[type=file][data-pick=camera]');
      assert.equal(await gallery.getAttribute('accept'), 'image/*');
      assert.notEqual(await gallery.getAttribute('multiple'), null, 'several at once');
      assert.equal(await camera.getAttribute('capture'), 'environment');
      await expectVisible(page.getByText('Foto hinzufügen', { exact: true }), '"Foto hinzufügen"');
      await page.getByText(DAMAGE, { exact: true }).click();
      await page.getByLabel('Betreff').fill('Wasserfleck an der Decke');
      await page.getByLabel('Beschreibung').fill('Im Bad, seit gestern.');
      await gallery.setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: PHOTO });
      await expectVisible(page.getByText('IMG_2041.jpg'), 'the chosen photo');
      await page.getByRole('button', { name: 'Anfrage senden' }).click();
      await expectVisible(page.getByText('1 hochgeladen.'), 'the upload done', 20000);
      const number = (await page.locator('.done-title').innerText()).match(NUMBER_RE)[0];
      proc = (await env.admin.get(`/processes?q=${number}`)).body.items[0];
      assert.ok(proc, `the Vorgang ${number}`);
    });
    const p = (await env.admin.get(`/processes/${proc.id}`)).body;
    assert.equal(p.attachments.length, 1);
    const a = p.attachments[0];
    assert.equal(a.content_type, 'image/jpeg');
    assert.equal(a.filename, 'IMG_2041.jpg');
    const res = await fetch(env.server.base + a.url, { headers: { cookie: `hd_session=${env.admin.cookie}` } });
    const stored = Buffer.from(await res.arrayBuffer());
    const info = jpegInfo(stored);
    assert.equal(info.exif, false, 'no EXIF block left');
    assert.ok(!stored.includes(Buffer.from('Exif\0\0', 'latin1')), 'no Exif header anywhere');
    assert.deepEqual([info.width, info.height], [2560, 1920], 'the long edge is 2560 px');
    console.log(`# photo: ${PHOTO.length} bytes sent by the camera, ${stored.length} bytes stored`);
    await page.close();
  });

  it('Herr Schmidt’s mail counts the photo and links to the Vorgang; the photo is not attached', async () => {
    const m = await waitFor(() => mailsTo(env.smtp, SCHMIDT.email).find((x) => x.subject.includes('Wasserfleck')),
      15000, 'the assignment mail');
    assert.match(m.text, /Anhänge: +1 Datei \(im Vorgang\)/);
    assert.ok(m.text.includes(`/vorgaenge/${proc.id}`));
    assert.ok(!/Content-Disposition: attachment/i.test(m.raw));
  });

  it('thumbnails show on the request page and in "Meine Anfragen"; a wrong type gets a German message', async () => {
    const page = await newPage(browser, { phone: true });
    await onPages(page, async () => {
      await loginUi(page, env.server.base, MUELLER.email, PASSWORD, { portal: true });
      const listThumb = page.locator('.req-thumbs img.thumb');
      await expectVisible(listThumb.first(), 'a thumbnail in "Meine Anfragen"');
      await waitFor(() => listThumb.first().evaluate((img) => img.complete && img.naturalWidth === 2560),
        10000, 'the thumbnail to load');
      await page.goto(`${env.server.base}/portal/anfragen/${proc.id}`);
      await expectHeading(page, 'Wasserfleck an der Decke');
      const thumb = page.locator('.thumbs img.thumb');
      await expectVisible(thumb.first(), 'the thumbnail on the request page');
      const box = await thumb.first().boundingBox();
      assert.ok(box.width <= 96 && box.height <= 96, `scaled by CSS to 96 px (${box.width}×${box.height})`);
      await page.locator('input[type=file][data-pick=files]').setInputFiles(
        { name: 'foto.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html><body>kein Foto</body></html>') });
      await expectVisible(page.getByText('„foto.jpg“ kann nicht angehängt werden', { exact: false }),
        'the German 415 message', 10000);
    });
    await page.close();
  });

  it('in the back office Herr Schmidt sees the photo and uploads a PDF', async () => {
    const page = await newPage(browser);
    await onPages(page, async () => {
      await loginUi(page, env.server.base, SCHMIDT.email, PASSWORD);
      await page.goto(`${env.server.base}/vorgaenge/${proc.id}`);
      await expectHeading(page, 'Wasserfleck an der Decke');
      await expectVisible(page.locator('.thumbs img.thumb').first(), 'the photo on the Vorgang page');
      await page.locator('input[type=file][data-pick=files]').setInputFiles(
        { name: 'Angebot.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
      await expectVisible(page.getByRole('link', { name: 'Angebot.pdf' }), 'the PDF in the list', 10000);
    });
    const p = (await env.admin.get(`/processes/${proc.id}`)).body;
    const pdf = p.attachments.find((x) => x.filename === 'Angebot.pdf');
    assert.equal(pdf.content_type, 'application/pdf');
    assert.equal(pdf.source, 'backoffice');
    assert.equal(pdf.uploaded_by.name, SCHMIDT.name);
    await page.close();
  });

  it('the portal’s first load stays under 100 KB', async () => {
    const page = await newPage(browser, { phone: true });
    let bytes = 0;
    page.on('response', async (r) => {
      try { bytes += (await r.body()).length; } catch { /* redirects have none */ }
    });
    await page.goto(`${env.server.base}/portal/login`);
    await expectHeading(page, 'Anmelden im Kundenportal');
    await page.waitForLoadState('networkidle');
    console.log(`# portal first load: ${bytes} bytes`);
    assert.ok(bytes < 100 * 1024, `first load ${bytes} bytes`);
    await page.close();
  });
});
