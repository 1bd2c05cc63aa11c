// SPDX-License-Identifier: MIT
// Damaged database files: a zero-length --db file and one with overwritten
// pages are refused by `serve` with a clear message (nothing is made of
// them), `hausdesk check` reports the damage with a non-zero exit status,
// and damage met while the server runs answers 503 database_unavailable
// (not a misleading 500) with /healthz saying so — also for a read of one
// row, which must not look like a row that is not there (404).

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli, freePort, expectError, expectStatus, ADMIN } from '../api/harness.js';
import { startFaultOrg, fileLoad, damagePages, allProcesses, waitFor } from './lib.js';

// Long enough for a server that (wrongly) starts to show it is running.
const SERVE_MS = 8000;

async function serveOnce(db) {
  const port = await freePort();
  return runCli(['serve', '--db', db, '--listen', `127.0.0.1:${port}`], { timeoutMs: SERVE_MS });
}

/** Fills a database with Vorgänge and stops its server cleanly (the WAL
 * goes into the file); returns the context (server stopped). */
async function filledDatabase(n) {
  const ctx = await startFaultOrg();
  const load = fileLoad(ctx.tenant.client, ctx, { conns: 8, tag: 'fill' });
  await waitFor(() => load.acked().length >= n, 60000, `${n} Vorgänge`);
  await load.stop();
  await ctx.server.kill('SIGTERM');
  return ctx;
}

describe('damaged database files', () => {
  const ctxs = [];
  let dir;
  after(async () => {
    for (const c of ctxs) await c.stop();
    if (dir) await fsp.rm(dir, { recursive: true, force: true });
  });

  it('a zero-length file: serve refuses it, check reports it, init may still make one of it', async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'hausdesk-faults-'));
    const db = path.join(dir, 'empty.db');
    fs.writeFileSync(db, '');
    const r = await serveOnce(db);
    assert.equal(r.code, 1, `serve exits 1 at once: ${r.code} ${r.stderr}`);
    assert.match(r.stderr, /empty \(0 bytes\)/, 'says the file is empty');
    assert.equal(fs.statSync(db).size, 0, 'the file is left as it was');
    assert.ok(!fs.existsSync(`${db}-wal`), 'no WAL made beside it');
    const c = await runCli(['check', '--db', db]);
    assert.equal(c.code, 1, `check exits 1: ${c.stdout} ${c.stderr}`);
    assert.match(c.stderr, /empty/);
    const i = await runCli(['init', '--db', db, '--org', ADMIN.org, '--admin-email', ADMIN.email],
      { env: { HAUSDESK_ADMIN_PASSWORD: ADMIN.password } });
    assert.equal(i.code, 0, `init makes a database of it: ${i.stderr}`);
    const ok = await runCli(['check', '--db', db]);
    assert.equal(ok.code, 0, `then check finds it sound: ${ok.stdout} ${ok.stderr}`);
  });

  it('overwritten pages: serve refuses to start, check reports the damage', async () => {
    const ctx = await filledDatabase(300);
    ctxs.push(ctx);
    const db = ctx.server.db;
    const sound = await runCli(['check', '--db', db]);
    assert.equal(sound.code, 0, `sound before: ${sound.stdout} ${sound.stderr}`);
    assert.match(sound.stdout, /ok/);

    const pages = fs.statSync(db).size / 4096;
    damagePages(db, Math.floor(pages * 0.4), Math.floor(pages * 0.6));
    const r = await serveOnce(db);
    assert.equal(r.code, 1, `serve exits 1 at once: ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, /is damaged/, 'says the file is damaged');
    assert.match(r.stderr, /hausdesk check --db/, 'points to hausdesk check');
    const c = await runCli(['check', '--db', db]);
    assert.equal(c.code, 1, `check exits 1: ${c.stdout} ${c.stderr}`);
    assert.match(c.stdout, /DAMAGED/);
    assert.ok(c.stdout.split('\n').length > 3, `check lists the problems:\n${c.stdout}`);
  });

  it('a read that meets a damaged page answers 503, not 404 as if the row were not there', async () => {
    const ctx = await startFaultOrg();
    ctxs.push(ctx);
    const { server, admin } = ctx;
    // Enough contacts for several pages of the users table; the last
    // one's row is the one to damage, far from the admin's page.
    const pad = 'x'.repeat(150);
    const made = [];
    for (let i = 0; i < 120; i++) {
      const r = await admin.post('/contacts', { name: `Kontakt ${i} ${pad}` });
      made.push(expectStatus(r, 201, `contact ${i}`).id);
    }
    const marker = `Schadensprobe-${Date.now().toString(36)}`;
    const victim = expectStatus(await admin.post('/contacts', { name: `${marker} ${pad}` }), 201,
      'the contact to damage').id;
    expectStatus(await admin.get(`/contacts/${victim}`), 200, 'read before the damage');
    // Stopped cleanly, the WAL is in the file: find the row's page.
    await server.kill('SIGTERM');
    const bytes = fs.readFileSync(server.db);
    const page = (off) => Math.floor(off / 4096) + 1;
    const at = bytes.indexOf(Buffer.from(marker));
    const adminAt = bytes.indexOf(Buffer.from(ADMIN.email));
    const firstAt = bytes.indexOf(Buffer.from(`Kontakt 0 ${pad}`));
    assert.ok(at > 0 && adminAt > 0 && firstAt > 0, 'the rows are in the file');
    assert.notEqual(page(at), page(adminAt), 'the admin lives on another page');
    assert.notEqual(page(at), page(firstAt), 'the first contact lives on another page');
    damagePages(server.db, page(at), page(at));
    // The start-up check would refuse the file: skip it (--check-mb 0).
    await server.restart({ HAUSDESK_CHECK_MB: '0' });
    const a2 = await server.admin();
    expectStatus(await a2.get(`/contacts/${made[0]}`), 200, 'a contact on a sound page');
    const r = await a2.get(`/contacts/${victim}`);
    expectError(r, 503, 'database_unavailable');
    const list = await a2.get('/contacts?limit=500');
    expectError(list, 503, 'database_unavailable');
    // A row that is not there (an employee is no contact; her row is on
    // a sound page) is still 404.
    expectError(await a2.get(`/contacts/${ctx.emp.id}`), 404, 'not_found');
    assert.match(server.log, /database file is damaged/, 'a clear log line');
  });

  it('damage met while serving answers 503 database_unavailable, and /healthz says so', async () => {
    const ctx = await filledDatabase(300);
    ctxs.push(ctx);
    const { server } = ctx;
    await server.restart();
    const admin = await server.admin();
    const pages = fs.statSync(server.db).size / 4096;
    damagePages(server.db, Math.floor(pages * 0.3), Math.floor(pages * 0.7));
    // A change makes every connection read the file anew, past its cache.
    const statuses = [];
    const w = await ctx.tenant.client.post('/processes', { type_id: ctx.type.id,
      property_id: ctx.prop.id, subject: 'nach dem Schaden', description: 'x' });
    statuses.push(w.status);
    for (const p of ['/processes?limit=500', '/contacts', '/properties', '/mail?limit=500']) {
      const r = await admin.get(p);
      statuses.push(r.status);
      if (r.status >= 500) expectError(r, 503, 'database_unavailable');
    }
    await allProcesses(admin).catch(() => null);
    assert.ok(statuses.includes(503), `a request met the damage: ${statuses}`);
    assert.ok(!statuses.includes(500), `no 500: ${statuses}`);
    const h = await server.anon().get('/healthz');
    const err = expectError(h, 503, 'database_unavailable');
    assert.match(err.message, /damaged/);
    assert.match(server.log, /database file is damaged/, 'a clear log line');
  });
});
