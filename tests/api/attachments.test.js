// SPDX-License-Identifier: MIT
// Attachments (issue 14, item 1; docs/attachments.md): the type from the
// bytes, never the name or the header; 413 and 415; the serving headers;
// who sees a file (exactly who sees its Vorgang); durable content-addressed
// files beside the database; the assignment mail counts the files and
// never carries them.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import {
  startSmallOrg, expectStatus, expectError, newTenant, rawRequest, waitFor, PASSWORD,
  startSmtp, startServer, newRole, newProperty, newType, PG,
} from './harness.js';

const XYZ = { org: 'XYZ Verwaltung', email: 'admin@xyz.example', password: 'xyz-secret-4567' };

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');
const JPEG = Buffer.from('FFD8FFE000104A46494600010100000100010000FFD9', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n');
const SVG = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n');
const MIB = 1024 * 1024;
// Files beside the database are SQLite's; on PostgreSQL the bytes are chunk
// rows (tests/unit/test_attachment_pg.c) and the spool is a temporary directory.
const filesOnly = PG ? 'SQLite keeps the bytes as files; PostgreSQL as chunk rows' : false;

const upload = (client, pid, name, bytes, type = 'application/octet-stream') =>
  client.post(`/processes/${pid}/attachments?filename=${encodeURIComponent(name)}`, bytes,
    { contentType: type });

const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');

/** GET of a file's bytes with its headers. */
async function download(client, url, headers = {}) {
  const h = { ...headers };
  if (client.cookie) h.cookie = `hd_session=${client.cookie}`;
  if (client.bearer) h.authorization = `Bearer ${client.bearer}`;
  const res = await fetch(client.base + url, { headers: h });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('attachments', () => {
  let ctx; let server; let smtp; let admin; let tenant; let other; let proc; let emp; let emp2;
  let xyzAdmin;

  before(async () => {
    ctx = await startSmallOrg({ extraOrgs: [XYZ] });
    ({ server, smtp, admin, tenant, proc, emp, emp2 } = ctx);
    other = await newTenant(server, smtp, admin, ctx.prop.id, { name: 'Frau Ohnefoto', email: 'ohne@example.org' });
    xyzAdmin = await server.login(XYZ.email, XYZ.password);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  describe('types are decided from the bytes', () => {
    it('a PNG named .pdf and sent as application/pdf is stored and served as image/png, inline', async () => {
      const a = expectStatus(await upload(tenant.client, proc.id, 'rechnung.pdf', PNG, 'application/pdf'), 201, 'upload');
      assert.equal(a.content_type, 'image/png');
      assert.equal(a.filename, 'rechnung.pdf');
      assert.equal(a.size, PNG.length);
      assert.equal(a.process_id, proc.id);
      assert.equal(a.source, 'portal');
      assert.deepEqual(a.uploaded_by, { kind: 'contact', id: tenant.id, name: 'Herr Müller' });
      const d = await download(tenant.client, a.url);
      assert.equal(d.status, 200);
      assert.equal(d.headers.get('content-type'), 'image/png');
      assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
      assert.match(d.headers.get('content-disposition'), /^inline; filename="rechnung\.pdf"; filename\*=UTF-8''rechnung\.pdf$/);
      assert.match(d.headers.get('content-security-policy'), /sandbox/);
      assert.equal(d.headers.get('cross-origin-resource-policy'), 'same-origin');
      assert.ok(d.bytes.equals(PNG), 'the same bytes come back');
    });

    it('an HTML file named .jpg and sent as image/jpeg is refused with 415 unsupported_type', async () => {
      expectError(await upload(tenant.client, proc.id, 'foto.jpg', HTML, 'image/jpeg'), 415, 'unsupported_type');
    });

    it('SVG (script in an image) and an empty body are refused with 415', async () => {
      expectError(await upload(tenant.client, proc.id, 'bild.svg', SVG, 'image/svg+xml'), 415, 'unsupported_type');
      expectError(await upload(tenant.client, proc.id, 'leer.jpg', Buffer.alloc(0), 'image/jpeg'), 415, 'unsupported_type');
    });

    it('a PDF is served as a download (attachment), a JPEG inline', async () => {
      const pdf = expectStatus(await upload(admin, proc.id, 'Angebot Müller & Söhne.pdf', PDF), 201, 'pdf');
      assert.equal(pdf.content_type, 'application/pdf');
      assert.equal(pdf.source, 'backoffice');
      let d = await download(admin, pdf.url);
      assert.equal(d.headers.get('content-type'), 'application/pdf');
      assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(d.headers.get('content-disposition'),
        'attachment; filename="Angebot M__ller & S__hne.pdf"; ' +
        "filename*=UTF-8''Angebot%20M%C3%BCller%20&%20S%C3%B6hne.pdf");
      const jpg = expectStatus(await upload(tenant.client, proc.id, 'x.bin', JPEG), 201, 'jpeg');
      assert.equal(jpg.content_type, 'image/jpeg');
      d = await download(tenant.client, jpg.url);
      assert.match(d.headers.get('content-disposition'), /^inline;/);
    });

    it('a file name cannot carry a path, quotes or line breaks into the header', async () => {
      const a = expectStatus(await upload(tenant.client, proc.id, '../../etc/"pass\r\nwd".png', PNG), 201, 'upload');
      assert.equal(a.filename, '....etcpasswd.png');
      const d = await download(tenant.client, a.url);
      assert.ok(!/[\r\n]/.test(d.headers.get('content-disposition')));
    });
  });

  describe('limits', () => {
    it('a body over 20 MiB is refused with 413 before it is read', async () => {
      // Only the headers are sent: the answer must come without the body.
      const u = new URL(server.base);
      const text = await new Promise((resolve, reject) => {
        const sock = net.connect(Number(u.port), u.hostname, () => {
          sock.write(`POST /api/v1/processes/${proc.id}/attachments?filename=gross.png HTTP/1.1\r\n` +
            `Host: ${u.host}\r\nCookie: hd_session=${tenant.client.cookie}\r\n` +
            `X-CSRF-Token: ${tenant.client.csrf}\r\nContent-Type: image/png\r\n` +
            `Content-Length: ${20 * MIB + 1}\r\n\r\n`);
        });
        let got = '';
        sock.on('data', (d) => { got += d.toString('utf8'); if (got.includes('}}')) { sock.destroy(); resolve(got); } });
        sock.on('end', () => resolve(got));
        sock.on('error', reject);
      });
      assert.match(text, /^HTTP\/1\.1 413 /);
      assert.match(text, /"code":"too_large"/);
    });

    it('a chunked body over 20 MiB is refused with 413 too, and nothing is kept', async () => {
      const before = expectStatus(await admin.get(`/processes/${proc.id}/attachments`), 200, 'list').items.length;
      const big = Buffer.alloc(20 * MIB + 100);
      PNG.copy(big);
      const r = await rawRequest(server.base, 'POST', `/processes/${proc.id}/attachments?filename=gross.png`, {
        headers: { cookie: `hd_session=${tenant.client.cookie}`, 'x-csrf-token': tenant.client.csrf,
          'content-type': 'image/png', 'transfer-encoding': 'chunked' },
        body: big,
      });
      assert.equal(r.status, 413);
      const after = expectStatus(await admin.get(`/processes/${proc.id}/attachments`), 200, 'list').items.length;
      assert.equal(after, before);
      if (!PG) {
        const spool = path.join(server.dir, 'attachments', 'tmp');
        await waitFor(() => fs.readdirSync(spool).length === 0, 5000, 'the spool file removed');
      }
    });

    it('exactly 20 MiB is taken', async () => {
      const big = Buffer.alloc(20 * MIB);
      PDF.copy(big);
      const a = expectStatus(await upload(admin, proc.id, 'gross.pdf', big), 201, '20 MiB');
      assert.equal(a.size, 20 * MIB);
    });
  });

  describe('who sees a file: exactly who sees its Vorgang', () => {
    let a;
    before(async () => {
      a = expectStatus(await upload(tenant.client, proc.id, 'wasserfleck.png', PNG), 201, 'upload');
    });

    it('the reporter, the assignee and the admin see it; it is in the Vorgang', async () => {
      for (const c of [tenant.client, emp.client, admin]) {
        const d = await download(c, a.url);
        assert.equal(d.status, 200);
      }
      const p = expectStatus(await tenant.client.get(`/processes/${proc.id}`), 200, 'GET');
      assert.ok(p.attachments.some((x) => x.id === a.id && x.url === a.url));
    });

    it('another tenant of the same house gets 404 for the file, the list and an upload', async () => {
      let d = await download(other.client, a.url);
      assert.equal(d.status, 404);
      assert.ok(!d.bytes.includes(Buffer.from('wasserfleck')));
      expectError(await other.client.get(`/processes/${proc.id}/attachments`), 404, 'not_found');
      expectError(await upload(other.client, proc.id, 'x.png', PNG), 404, 'not_found');
      d = await download(other.client, `/api/v1/attachments/${a.id + 1000}`);
      assert.equal(d.status, 404, 'an unknown id answers the same');
    });

    it('an employee without the Vorgang gets 404', async () => {
      const schmidt = emp2.client;
      assert.equal((await download(schmidt, a.url)).status, 404);
    });

    it('another organisation’s admin gets 404, as for an unknown id', async () => {
      assert.equal((await download(xyzAdmin, a.url)).status, 404);
      expectError(await xyzAdmin.get(`/processes/${proc.id}/attachments`), 404, 'not_found');
      expectError(await upload(xyzAdmin, proc.id, 'x.png', PNG), 404, 'not_found');
    });

    it('without a session: 401; an unchanged file answers 304 to its ETag', async () => {
      const res = await fetch(server.base + a.url);
      assert.equal(res.status, 401);
      const d = await download(tenant.client, a.url);
      assert.equal(d.headers.get('etag'), `"${sha(PNG)}"`);
      assert.equal(d.headers.get('cache-control'), 'private, no-cache');
      const again = await download(tenant.client, a.url, { 'if-none-match': d.headers.get('etag') });
      assert.equal(again.status, 304);
      assert.equal(again.bytes.length, 0);
    });
  });

  describe('durability', () => {
    it('the bytes are a content-addressed file beside the database, the same for the same content, and survive a restart', { skip: filesOnly }, async () => {
      const body = Buffer.concat([PNG, crypto.randomBytes(4096)]);
      const a = expectStatus(await upload(tenant.client, proc.id, 'eins.png', body), 201, 'first');
      const b = expectStatus(await upload(admin, proc.id, 'zwei.png', body), 201, 'second');
      assert.notEqual(a.id, b.id);
      const h = sha(body);
      const file = path.join(server.dir, 'attachments', '1', h.slice(0, 2), h);
      assert.ok(fs.existsSync(file), `${file} exists`);
      assert.ok(fs.readFileSync(file).equals(body));
      const all = fs.readdirSync(path.join(server.dir, 'attachments', '1', h.slice(0, 2)));
      assert.deepEqual(all.filter((n) => n === h), [h], 'one file for both');
      await server.restart();
      const t2 = await server.login('mueller@example.org', PASSWORD);
      const d = await download(t2, a.url);
      assert.equal(d.status, 200);
      assert.ok(d.bytes.equals(body));
    });
  });

  describe('durability on any backend', () => {
    it('a file is served with the same bytes after a restart', async () => {
      const body = Buffer.concat([PDF, crypto.randomBytes(3 * MIB)]);
      const a = expectStatus(await upload(admin, proc.id, 'gross.pdf', body), 201, 'upload');
      await server.restart();
      const adm = await server.admin();
      const d = await download(adm, a.url);
      assert.equal(d.status, 200);
      assert.ok(d.bytes.equals(body), 'the same bytes');
    });
  });

  describe('the assignment mail', () => {
    it('waits for the files announced, says how many and links to the Vorgang, without attaching them', async () => {
      const t = tenant.client;
      const p = expectStatus(await t.post('/processes', {
        type_id: ctx.type.id, property_id: ctx.prop.id, subject: 'Wasserfleck an der Decke',
        description: 'Im Bad.', attachments_to_follow: 2,
      }), 201, 'file');
      expectStatus(await upload(t, p.id, 'decke1.png', PNG), 201, 'photo 1');
      expectStatus(await upload(t, p.id, 'decke2.jpg', JPEG), 201, 'photo 2');
      const m = await smtp.waitForMailTo('huber@abc.example', (x) => x.subject.includes('Wasserfleck'), 10000);
      assert.match(m.text, /Anhänge: +2 Dateien \(im Vorgang\)/);
      assert.ok(m.text.includes(`/vorgaenge/${p.id}`), 'links to the Vorgang');
      assert.ok(!/multipart\/mixed|Content-Disposition: attachment/i.test(m.raw), 'no file is attached to the mail');
    });

    it('a Vorgang without files says so', async () => {
      const t = tenant.client;
      const p = expectStatus(await t.post('/processes', {
        type_id: ctx.type.id, property_id: ctx.prop.id, subject: 'Tür klemmt', description: 'Haustür.',
      }), 201, 'file');
      const m = await smtp.waitForMailTo('huber@abc.example', (x) => x.subject.includes('Tür klemmt'), 10000);
      assert.match(m.text, /Anhänge: +keine/);
      assert.ok(m.text.includes(`/vorgaenge/${p.id}`));
    });
  });
});

describe('attachments on a disk with less free space than the reserve', { skip: filesOnly }, () => {
  let smtp; let server;
  after(async () => {
    if (server) await server.stop();
    if (smtp) await smtp.stop();
  });

  it('uploads are refused with 507 storage_full before the body; Vorgänge are still filed', async () => {
    smtp = await startSmtp();
    server = await startServer({ smtpPort: smtp.port, smallFs: { sizeMB: 16 } });
    const admin = await server.admin();
    const role = await newRole(admin, 'Technik');
    const prop = await newProperty(admin, { name: 'Gartenstraße 3', street: 'Gartenstraße 3' });
    const type = await newType(admin, 'Schadensmeldung', [role.id]);
    const p = expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop.id,
      subject: 'Wasserfleck', description: 'Im Bad.' }), 201, 'file');
    expectError(await upload(admin, p.id, 'foto.png', PNG), 507, 'storage_full');
    expectStatus(await admin.post('/processes', { type_id: type.id, property_id: prop.id,
      subject: 'Tür', description: 'Klemmt.' }), 201, 'a Vorgang is still filed');
    assert.match(server.log, /attachments: refused from now on/);
  });
});
