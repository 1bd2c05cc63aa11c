#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Runs one command with a throw-away PostgreSQL 15 cluster (pg.js) and
// stops the cluster afterwards, whatever the command did:
//
//   node tests/infra/with-pg.js build/test_db_pg [args…]
//
// The command gets the libpq URI in HAUSDESK_TEST_PG (role hausdesk, over
// TCP, scram-sha-256), the same as key=value string in
// HAUSDESK_TEST_PG_CONNINFO, and the superuser's socket URI in
// HAUSDESK_TEST_PG_SU (for what a test needs the superuser for); its
// standard output and error pass through (TAP for meson), and its exit
// status is ours. meson runs the unit tests of the PostgreSQL driver
// through it (meson.build, test db_pg).
// WITH_PG_FSYNC=0 starts the cluster without fsync (never for figures).
// WITH_PG_SETTINGS='{"shared_buffers":"256MB",…}' adds postgresql.conf
// settings (make bench BACKEND=pg: pg_stat_statements, a larger cache).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startPostgres } from './pg.js';

const [arg0, ...args] = process.argv.slice(2);
// meson passes a built program by its name in the build directory.
const cmd = arg0 && !arg0.includes('/') && fs.existsSync(arg0) ? path.resolve(arg0) : arg0;
if (!cmd) {
  process.stderr.write('usage: with-pg.js COMMAND [ARG…]\n');
  process.exit(2);
}

const settings = process.env.WITH_PG_SETTINGS ? JSON.parse(process.env.WITH_PG_SETTINGS) : {};
const pg = await startPostgres({ fsync: process.env.WITH_PG_FSYNC !== '0', settings });
let code = 1;
try {
  const env = {
    ...process.env,
    HAUSDESK_TEST_PG: pg.url,
    HAUSDESK_TEST_PG_CONNINFO: pg.conninfo,
    HAUSDESK_TEST_PG_SU: `postgresql://postgres@/hausdesk?host=${encodeURIComponent(pg.socketDir)}&port=${pg.port}`,
  };
  const child = spawn(cmd, args, { stdio: 'inherit', env });
  // Forwarded, so that meson's time-out ends the test and then the cluster.
  const forward = (sig) => child.kill(sig);
  process.on('SIGTERM', forward);
  process.on('SIGINT', forward);
  code = await new Promise((resolve) => {
    child.on('error', (e) => { process.stderr.write(`with-pg: ${e.message}\n`); resolve(127); });
    child.on('exit', (c, sig) => resolve(c ?? (sig ? 128 + 1 : 1)));
  });
  process.removeListener('SIGTERM', forward);
  process.removeListener('SIGINT', forward);
} finally {
  await pg.stop();
}
process.exit(code);
