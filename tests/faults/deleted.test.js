// SPDX-License-Identifier: MIT
// The database files deleted (rm of the file, its -wal and -shm) while the
// server runs under create load: from then on no create is answered 201 —
// it would be lost at the next start — but 503 database_unavailable;
// /healthz answers 503 and says why; the server makes no new, empty
// database in its place.

import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { expectError } from '../api/harness.js';
import { startFaultOrg, fileLoad, waitFor } from './lib.js';

describe('a deleted database', () => {
  let ctx;
  after(async () => { if (ctx) await ctx.stop(); });

  it('refuses every create begun after the deletion with 503, and /healthz says why', async (t) => {
    ctx = await startFaultOrg();
    const { server, tenant } = ctx;
    const load = fileLoad(tenant.client, ctx, { conns: 4, tag: 'del' });
    await waitFor(() => load.acked().length >= 30, 30000, '30 creates answered 201');
    for (const f of [server.db, `${server.db}-wal`, `${server.db}-shm`]) fs.rmSync(f, { force: true });
    const deletedAt = Date.now();

    const h = await server.anon().get('/healthz');
    const err = expectError(h, 503, 'database_unavailable');
    assert.match(err.message, /deleted/, '/healthz says the file was deleted');
    assert.match((await server.anon().get('/metrics')).text,
      /^hausdesk_db_condition\{condition="gone"\} 1$/m, '/metrics says so');

    await waitFor(() => load.results.filter((r) => r.at > deletedAt && r.done).length >= 40,
      30000, '40 creates begun after the deletion');
    await load.stop();
    const after = load.results.filter((r) => r.at > deletedAt);
    t.diagnostic(JSON.stringify({
      before: load.results.length - after.length, after: after.length,
      acknowledgedAfter: after.filter((r) => r.status === 201).length,
    }));
    assert.deepEqual(after.filter((r) => r.status === 201).map((r) => r.subject), [],
      'nothing begun after the deletion is answered 201');
    for (const r of after) {
      assert.equal(r.status, 503, `${r.subject}: 503, not ${r.status} ${r.err || r.message}`);
      assert.equal(r.code, 'database_unavailable', `${r.subject}: ${r.message}`);
    }
    // Reading goes through new connections too: none may create the file.
    await server.anon().get('/healthz');
    assert.ok(!fs.existsSync(server.db), 'no new, empty database where the old one was');
    assert.match(server.log, /was deleted while the server ran/, 'a clear log line');
  });
});
