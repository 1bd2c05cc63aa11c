// SPDX-License-Identifier: MIT
// The PostgreSQL half of the spike (docs/attachments.md): a throw-away
// PostgreSQL 15 from tests/infra/pg.js (fsync, synchronous_commit and
// full_page_writes on), then pg_attach for every store and size, a
// pg_dump of what was stored, and the create latency while uploads run.
// Needs root (pg.js runs the server as postgres). Each line of output is
// one run; results/ keeps them.
//
//   node bench/attach-spike/run-pg.mjs [reps]     (ONLY='single mixed isolated' picks parts)
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres, PG_BIN } from '../../tests/infra/pg.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const reps = Number(process.argv[2] || 3);
const only = (process.env.ONLY || 'single mixed').split(' ');
fs.mkdirSync(path.join(here, 'results'), { recursive: true });
const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
const out = path.join(here, 'results', `pg-${stamp}.txt`);
execFileSync('make', ['-s', '-C', here, 'pg_attach'], { stdio: 'inherit' });

const pg = await startPostgres();
const bin = path.join(here, 'pg_attach');
const log = (line) => { process.stdout.write(line); fs.appendFileSync(out, line); };
const run = (...args) => {
  const r = spawnSync(bin, [...args, '--url', pg.url], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg_attach ${args.join(' ')}: ${r.stderr}`);
  log(r.stdout);
};
try {
  log(`# PostgreSQL ${(await pg.psql('SHOW server_version'))[0][0]}, shared_buffers ${(await pg.psql('SHOW shared_buffers'))[0][0]}, ` +
    `fsync ${(await pg.psql('SHOW fsync'))[0][0]}, synchronous_commit ${(await pg.psql('SHOW synchronous_commit'))[0][0]}\n`);
  run('setup');
  const stores = ['bytea', 'bytea-ext', 'chunks', 'lo'];
  if (only.includes('single')) {
    for (let rep = 0; rep < reps; rep++) {
      for (const size of [524288, 1048576, 5242880, 20971520]) {
        for (const s of stores) run('single', '--store', s, '--size', String(size), '--count', '5');
      }
    }
    run('sizes');
    const dumpDir = fs.mkdtempSync('/tmp/attach-spike-dump-');
    try {
      const dump = path.join(dumpDir, 'dump');
      const t0 = performance.now();
      const d = spawnSync(path.join(PG_BIN, 'pg_dump'), ['-Fc', '-Z0', '--no-sync', '-f', dump, pg.url], { encoding: 'utf8' });
      if (d.status !== 0) throw new Error(`pg_dump: ${d.stderr}`);
      log(`pg_dump -Fc -Z0 of the database: ${Math.round(performance.now() - t0)} ms, ${(fs.statSync(dump).size / 1e6).toFixed(0)} MB\n`);
    } finally {
      fs.rmSync(dumpDir, { recursive: true, force: true });
    }
  }
  if (only.includes('mixed')) {
    for (let rep = 0; rep < reps; rep++) {
      run('mixed', '--uploaders', '0', '--seconds', '10');
      for (const s of stores) {
        run('mixed', '--store', s, '--size', '1048576', '--uploaders', '1', '--upload-every-ms', '200', '--seconds', '10');
        run('mixed', '--store', s, '--size', '20971520', '--uploaders', '1', '--upload-every-ms', '500', '--seconds', '10');
      }
    }
    for (const s of stores) run('mixed', '--store', s, '--size', '20971520', '--uploaders', '1', '--seconds', '10');
  }
  if (only.includes('isolated')) {
    // Uploads alone, no creates: what the store itself costs (pglz's try
    // on EXTENDED bytea shows here).
    for (let rep = 0; rep < reps; rep++) {
      for (const s of stores) {
        run('mixed', '--store', s, '--size', '20971520', '--uploaders', '1', '--creators', '0', '--seconds', '6');
        run('mixed', '--store', s, '--size', '1048576', '--uploaders', '1', '--creators', '0', '--seconds', '4');
      }
    }
  }
} finally {
  await pg.stop();
}
