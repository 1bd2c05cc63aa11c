// SPDX-License-Identifier: MIT
// A full disk (the database on a small ext4 filesystem, filled up to the
// last block) under create load: changes answer 507 storage_full — never a
// generic 500 — reads go on, /healthz answers 200 with status storage_full,
// nothing acknowledged is lost, and once there is room again writes work
// without a restart.

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { expectStatus } from '../api/harness.js';
import { startFaultOrg, fileLoad, allProcesses, reconcile, waitFor } from './lib.js';

describe('a full disk', () => {
  let ctx;
  after(async () => { if (ctx) await ctx.stop(); });

  it('answers 507 storage_full to changes, goes on reading, and recovers by itself', async (t) => {
    ctx = await startFaultOrg({ smallFs: { sizeMB: 16 } });
    const { server, tenant, admin } = ctx;
    const before = fileLoad(tenant.client, ctx, { conns: 4, tag: 'pre' });
    await waitFor(() => before.acked().length >= 20, 30000, '20 creates before the disk fills');
    await before.stop();
    const one = before.acked()[0];

    const fill = await server.fill();
    assert.equal(fill.code, 0, `filled: ${fill.stderr}`);
    const full = fileLoad(tenant.client, ctx, { conns: 4, tag: 'full' });
    await waitFor(() => full.results.filter((r) => r.status && r.status !== 201).length >= 20,
      60000, '20 creates refused');
    const firstRefused = full.results.find((r) => r.status && r.status !== 201);
    assert.equal(firstRefused.status, 507, `a full disk is 507: ${firstRefused.status} ${firstRefused.message}`);
    // Reads while changes are refused.
    const got = expectStatus(await admin.get(`/processes/${one.id}`), 200, 'read a Vorgang');
    assert.equal(got.subject, one.subject);
    expectStatus(await admin.get('/processes?limit=50'), 200, 'list Vorgänge');
    const h = await server.anon().get('/healthz');
    assert.equal(h.status, 200, `/healthz stays 200 while reads work: ${h.text}`);
    assert.equal(h.body.status, 'storage_full', `/healthz says the disk is full: ${h.text}`);
    assert.match((await server.anon().get('/metrics')).text,
      /^hausdesk_db_condition\{condition="storage_full"\} 1$/m, '/metrics says so');
    await full.stop();
    const refused = full.results.filter((r) => r.status === 507);
    for (const r of refused) assert.equal(r.code, 'storage_full', `${r.subject}: ${r.message}`);
    const odd = [...before.results, ...full.results].filter((r) => r.status !== 201 && r.status !== 507);
    assert.deepEqual(odd.map((r) => `${r.subject} ${r.status} ${r.code || r.err}`), [],
      'every create is answered 201 or 507');

    const unfill = await server.unfill();
    assert.equal(unfill.code, 0, `room again: ${unfill.stderr}`);
    const again = fileLoad(tenant.client, ctx, { conns: 2, tag: 'again' });
    await waitFor(() => again.acked().length >= 10, 30000, 'creates answered 201 again');
    await again.stop();
    await waitFor(async () => (await server.anon().get('/healthz')).body?.status === 'ok', 10000,
      '/healthz to say ok again');

    await server.restart();
    const all = [...before.results, ...full.results, ...again.results];
    const procs = (await allProcesses(await server.admin()))
      .filter((p) => /^(pre|full|again)-/.test(p.subject));
    const rec = reconcile(all, procs);
    t.diagnostic(JSON.stringify({
      acknowledged: rec.acked.length, refused507: refused.length,
      acknowledgedWhileFull: full.acked().length, lost: rec.lost.length,
      committedUnanswered: rec.unanswered.length,
    }));
    assert.deepEqual(rec.lost.map((r) => r.subject), [], 'no acknowledged Vorgang is lost');
    assert.deepEqual(rec.duplicated, [], 'nothing twice');
    assert.deepEqual(rec.unanswered, [], 'nothing refused was committed');
  });
});
