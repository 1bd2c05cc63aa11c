// SPDX-License-Identifier: MIT
// Deleting attachments and the collector (issue 14, item 1;
// docs/attachments.md, "Deleting" and "Garbage collection"): staff who see
// the Vorgang delete a file, with a history entry; the stored content
// stays while another attachment names it and is removed by the collector
// once none does; the same bytes uploaded afterwards are stored again;
// /metrics counts attachments and their bytes; the collector removes the
// spool files of uploads whose process died, and no other.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { startSmallOrg, expectStatus, expectError, waitFor, PG } from './harness.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC', 'base64');

const upload = (client, pid, name, bytes) =>
  client.post(`/processes/${pid}/attachments?filename=${encodeURIComponent(name)}`, bytes,
    { contentType: 'application/octet-stream' });
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');
/** A PNG with its own bytes: its own content address. */
const png = () => Buffer.concat([PNG, crypto.randomBytes(2048)]);

async function download(client, url) {
  const res = await fetch(client.base + url, { headers: { cookie: `hd_session=${client.cookie}` } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The attachment figures of /metrics. */
async function figures(client) {
  const r = await client.get('/metrics');
  assert.equal(r.status, 200);
  const get = (name) => {
    const m = new RegExp(`^${name} (\\d+)$`, 'm').exec(r.text);
    assert.ok(m, `${name} in /metrics`);
    return Number(m[1]);
  };
  return {
    attachments: get('hausdesk_attachments'),
    bytes: get('hausdesk_attachment_bytes'),
    stored: get('hausdesk_attachment_stored_files'),
    storedBytes: get('hausdesk_attachment_stored_bytes'),
  };
}

describe('deleting attachments and collecting their files', () => {
  let ctx; let server; let admin; let tenant; let proc; let emp; let emp2;
  // The collector runs every 200 ms and takes what is unreferenced at all.
  const env = { HAUSDESK_ATTACHMENT_GC_EVERY: '200', HAUSDESK_ATTACHMENT_GC_AFTER: '0' };
  const fileOf = (body) => {
    const h = sha(body);
    return path.join(server.dir, 'attachments', '1', h.slice(0, 2), h);
  };

  before(async () => {
    ctx = await startSmallOrg({ env });
    ({ server, admin, tenant, proc, emp, emp2 } = ctx);
  });
  after(async () => { if (ctx) await ctx.stop(); });

  it('/metrics counts the attachments and their bytes', async () => {
    const before = await figures(admin);
    const body = png();
    expectStatus(await upload(tenant.client, proc.id, 'zaehler.png', body), 201, 'upload');
    const now = await figures(admin);
    assert.equal(now.attachments, before.attachments + 1);
    assert.equal(now.bytes, before.bytes + body.length);
    assert.equal(now.stored, before.stored + 1);
    assert.equal(now.storedBytes, before.storedBytes + body.length);
  });

  it('staff who see the Vorgang delete a file: 204, gone from the Vorgang, a history entry; others get 403 or 404', async () => {
    const a = expectStatus(await upload(tenant.client, proc.id, 'löschen.png', png()), 201, 'upload');
    expectError(await tenant.client.del(`/attachments/${a.id}`), 403, 'forbidden');
    expectError(await emp2.client.del(`/attachments/${a.id}`), 404, 'not_found');
    expectStatus(await emp.client.del(`/attachments/${a.id}`), 204, 'DELETE by the assignee');
    expectError(await admin.del(`/attachments/${a.id}`), 404, 'not_found');
    assert.equal((await download(tenant.client, a.url)).status, 404);
    const p = expectStatus(await admin.get(`/processes/${proc.id}`), 200, 'the Vorgang');
    assert.ok(!p.attachments.some((x) => x.id === a.id), 'not in the Vorgang');
    const h = p.history.find((x) => x.event === 'attachment_deleted');
    assert.ok(h, JSON.stringify(p.history));
    assert.match(h.text, /Anhang „löschen\.png“ gelöscht von Frau Huber/);
  });

  it('the content stays while another attachment names it, and is collected once none does', async () => {
    const shared = png();
    const lone = png();
    const a = expectStatus(await upload(admin, proc.id, 'eins.png', shared), 201, 'a');
    const b = expectStatus(await upload(admin, proc.id, 'zwei.png', shared), 201, 'b');
    const c = expectStatus(await upload(admin, proc.id, 'allein.png', lone), 201, 'c');
    const start = await figures(admin);
    expectStatus(await admin.del(`/attachments/${a.id}`), 204, 'delete a');
    expectStatus(await admin.del(`/attachments/${c.id}`), 204, 'delete c');
    // c's content goes: the collector has run since both deletions.
    await waitFor(async () => (await figures(admin)).stored === start.stored - 1, 15000, 'c collected');
    if (!PG) assert.ok(!fs.existsSync(fileOf(lone)), 'its file is removed');
    // b still names the shared content: kept, and served.
    if (!PG) assert.ok(fs.existsSync(fileOf(shared)), 'the shared file is kept');
    const d = await download(admin, b.url);
    assert.equal(d.status, 200);
    assert.ok(d.bytes.equals(shared));
    expectStatus(await admin.del(`/attachments/${b.id}`), 204, 'delete b');
    await waitFor(async () => (await figures(admin)).stored === start.stored - 2, 15000, 'shared collected');
    if (!PG) assert.ok(!fs.existsSync(fileOf(shared)), 'now its file is removed');
    const end = await figures(admin);
    assert.equal(end.attachments, start.attachments - 3);
    assert.equal(end.bytes, start.bytes - 2 * shared.length - lone.length);
    // The same bytes again after their content was collected: stored anew.
    const again = expectStatus(await upload(admin, proc.id, 'wieder.png', shared), 201, 'upload again');
    if (!PG) assert.ok(fs.existsSync(fileOf(shared)), 'the file is there again');
    const d2 = await download(admin, again.url);
    assert.equal(d2.status, 200);
    assert.ok(d2.bytes.equals(shared));
  });

  // On PostgreSQL the spool directory is one per user under $TMPDIR, shared
  // by every test server of the run: the same code, tested here on SQLite.
  it('the collector removes spool files a dead upload left, but not one an upload holds nor a new one', { skip: PG ? 'shared spool directory on PostgreSQL' : false }, async () => {
    const tmp = path.join(server.dir, 'attachments', 'tmp');
    const hourAgo = new Date(Date.now() - 3600 * 1000);
    const put = (name, old) => {
      const f = path.join(tmp, name);
      fs.writeFileSync(f, crypto.randomBytes(1024));
      if (old) fs.utimesSync(f, hourAgo, hourAgo);
      return f;
    };
    const dead = put('up-dead01', true);
    const held = put('up-held01', true);
    const young = put('up-young1', false);
    const notOurs = put('keep-me.txt', true);
    // An upload in progress holds its spool file locked (flock(1), as
    // blob_spool_open does with flock(2)).
    const holder = spawn('flock', [held, 'sh', '-c', 'echo locked; sleep 60'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve, reject) => {
        holder.stdout.once('data', resolve);
        holder.once('exit', (code) => reject(new Error(`flock exited ${code}`)));
      });
      await waitFor(() => !fs.existsSync(dead), 15000, 'the dead upload\'s spool file removed');
      // The sweep logs once it has been through the whole directory.
      await waitFor(() => server.log.includes('spool files of dead uploads removed'), 15000, 'the sweep done');
      assert.ok(fs.existsSync(held), 'a spool file an upload holds stays');
      assert.ok(fs.existsSync(young), 'a spool file written just now stays');
      assert.ok(fs.existsSync(notOurs), 'a file that is no spool file stays');
    } finally {
      holder.kill();
    }
  });
});
