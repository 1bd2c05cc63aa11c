// SPDX-License-Identifier: MIT
// What the infrastructure helpers (pg.js, haproxy.js, dovecot.js) share:
// temporary directories and foreground daemons that are cleaned up however
// the test process ends.
//
// Three layers, because no single one covers every way a test can end:
// - stop() of each helper: the normal path, asynchronous, waits for the exit.
// - process 'exit' (an uncaught exception, process.exit, a test file that
//   ends without stop()) and SIGINT/SIGTERM/SIGHUP (Ctrl-C, the runner
//   ending a file): synchronous cleanups stop what is still running and
//   remove the directories.
// - SIGKILL of the test process runs no code at all: every daemon is started
//   through `setpriv --pdeathsig`, so the kernel signals it when the test
//   process dies. Only its temporary directory stays behind then.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sleep } from '../api/harness.js';

export { freePort, waitFor, sleep, execP } from '../api/harness.js';

export const SETPRIV = '/usr/bin/setpriv';

// ---------------------------------------------------------------------------
// Cleanups that must run synchronously when the process ends

const cleanups = new Set();
let hooked = false;

function runCleanups() {
  for (const fn of [...cleanups]) {
    cleanups.delete(fn);
    try { fn(); } catch { /* best effort: the next one still runs */ }
  }
}

function onSignal(sig) {
  runCleanups();
  // Nobody else handles the signal: end the way it would have without us.
  if (process.listenerCount(sig) <= 1) {
    process.removeListener(sig, onSignal);
    process.kill(process.pid, sig);
  }
}

/**
 * Registers fn (synchronous, must not throw for "already gone") to run when
 * the process exits or gets SIGINT/SIGTERM/SIGHUP. Returns a function that
 * unregisters it (call it once stop() has done the work itself).
 */
export function atExit(fn) {
  if (!hooked) {
    hooked = true;
    process.on('exit', runCleanups);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, onSignal);
  }
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/**
 * True while a process with that pid runs. A zombie counts as gone: it has
 * exited, and nobody may reap it soon — node does not while an exit handler
 * blocks, and PID 1 of this container reaps nothing.
 */
export function alive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    if (e.code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) S ...": comm may contain spaces and parentheses.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/**
 * Synchronous stop for exit handlers: sends signal, waits up to graceMs for
 * the exit, then SIGKILL. Never throws.
 */
export function stopSync(pid, signal = 'SIGTERM', graceMs = 5000) {
  if (!alive(pid)) return;
  try { process.kill(pid, signal); } catch { return; }
  if (waitGoneSync(pid, graceMs)) return;
  try { process.kill(pid, 'SIGKILL'); } catch { return; }
  waitGoneSync(pid, 2000);
}

/** Blocks (synchronously; for exit handlers) until pid is gone or ms passed. */
export function waitGoneSync(pid, ms = 5000) {
  const end = Date.now() + ms;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (alive(pid) && Date.now() < end) Atomics.wait(cell, 0, 0, 20);
  return !alive(pid);
}

// Every directory tempDir() made, and nothing else, may be removed: a
// computed path that went wrong once removed a whole repository.
const ownDirs = new Set();
const removedDirs = new Set();
const TMP = fs.realpathSync(os.tmpdir());

/**
 * Creates a fresh directory /tmp/<prefix>XXXXXX (prefix: "hausdesk-…-"),
 * remembered as removable by removeTempDir().
 */
export async function tempDir(prefix) {
  if (!/^hausdesk-[a-z0-9-]+-$/.test(prefix)) throw new Error(`tempDir: bad prefix ${prefix}`);
  const dir = await fsp.mkdtemp(path.join(TMP, prefix));
  ownDirs.add(dir);
  return dir;
}

/**
 * Removes a directory that tempDir() created in this process, synchronously,
 * retrying while a dying daemon still writes; once removed, again is a no-op.
 * Refuses any other path.
 */
export function removeTempDir(dir) {
  if (removedDirs.has(dir)) return;
  const ok = typeof dir === 'string' && ownDirs.has(dir) && path.dirname(dir) === TMP &&
    /^hausdesk-[a-z0-9-]+-[A-Za-z0-9]{6}$/.test(path.basename(dir));
  if (!ok) throw new Error(`removeTempDir: refusing to remove ${JSON.stringify(dir)}`);
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  ownDirs.delete(dir);
  removedDirs.add(dir);
}

/** Throws a clear error unless the tests run as root (setpriv --reuid, chown). */
export function needRoot(what) {
  if (process.getuid() !== 0) {
    throw new Error(`${what} needs root (it runs daemons as their own users); uid is ${process.getuid()}`);
  }
}

/** The numeric uid and gid of a system account (from /etc/passwd). */
export function accountIds(name) {
  const out = execFileSync('getent', ['passwd', name], { encoding: 'utf8' });
  const f = out.trim().split(':');
  if (f.length < 4) throw new Error(`no system account ${name}`);
  return { uid: Number(f[2]), gid: Number(f[3]), home: f[5] };
}

/** Environment for a daemon or client tool: ours minus the PG* variables that would redirect libpq. */
export function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^PG/.test(k)) delete env[k];
  return { ...env, ...extra };
}

// ---------------------------------------------------------------------------
// Foreground daemons

/**
 * Spawns cmd in the foreground under `setpriv --pdeathsig SIG` (and as user,
 * when given, with that account's uid/gid and no supplementary groups), with
 * stdout and stderr collected in `log` (the last ~100 KB).
 *
 * Returns {proc, pid, log, exited, exitPromise, kill(signal, graceMs)}:
 * kill sends signal, then SIGKILL after graceMs, and resolves with
 * {code, signal} once the process is gone.
 */
export function spawnDaemon(cmd, args, { user = null, pdeathsig = 'SIGTERM', env, cwd } = {}) {
  const pre = ['--pdeathsig', pdeathsig];
  if (user) pre.unshift(`--reuid=${user}`, `--regid=${user}`, '--clear-groups');
  const proc = spawn(SETPRIV, [...pre, '--', cmd, ...args],
    { env: env ?? cleanEnv(), cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const append = (d) => {
    log += d.toString();
    if (log.length > 200000) log = log.slice(-100000);
  };
  proc.stdout.on('data', append);
  proc.stderr.on('data', append);
  const d = {
    proc,
    pid: proc.pid,
    exited: null,
    get log() { return log; },
    exitPromise: null,
    async kill(signal = 'SIGTERM', graceMs = 5000) {
      if (d.exited) return d.exited;
      try { proc.kill(signal); } catch { /* gone */ }
      const t = setTimeout(() => { try { proc.kill('SIGKILL'); } catch { /* gone */ } }, graceMs);
      const r = await d.exitPromise;
      clearTimeout(t);
      return r;
    },
  };
  d.exitPromise = new Promise((resolve) => {
    proc.on('error', (e) => {
      append(`\n[spawn ${cmd}: ${e.message}]\n`);
      d.exited = { code: -1, signal: null };
      resolve(d.exited);
    });
    proc.on('exit', (code, signal) => {
      d.exited = { code, signal };
      resolve(d.exited);
    });
  });
  return d;
}

/**
 * Waits for pred while the daemon runs; throws with the daemon's output if
 * it exits first or the time runs out (then stops it with killSignal, and
 * SIGKILL if that does not end it).
 */
export async function waitWhileRunning(daemon, pred, timeoutMs, what,
  { extraLog = () => '', killSignal = 'SIGKILL' } = {}) {
  const end = Date.now() + timeoutMs;
  let lastErr = null;
  let failure = null;
  for (;;) {
    if (daemon.exited) {
      failure = `exited early (${JSON.stringify(daemon.exited)}) while waiting for ${what}`;
      break;
    }
    try {
      const v = await pred();
      if (v) return v;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() > end) {
      failure = `timed out after ${timeoutMs} ms waiting for ${what}` +
        (lastErr ? ` (last error: ${lastErr.message})` : '');
      break;
    }
    await sleep(25);
  }
  const early = Boolean(daemon.exited);
  await daemon.kill(killSignal);
  const err = new Error(`${failure}\n--- output ---\n${daemon.log}${extraLog()}`);
  err.exitedEarly = early;
  err.log = daemon.log + extraLog();
  throw err;
}

/** A port taken between freePort() and the daemon's bind shows as one of these. */
export const BIND_FAILED = /address already in use|could not bind|cannot bind|bind\(\) .*failed/i;

/**
 * Runs a client tool to completion: stdin gets `input` (string or Buffer),
 * the environment is cleanEnv(env). Never throws; resolves with
 * {code, signal, stdout, stderr} (strings; stdout a Buffer when raw).
 */
export function run(cmd, args, { input = null, env = {}, timeoutMs = 30000, raw = false } = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    let spawnError = null;
    const t = setTimeout(() => { try { p.kill('SIGKILL'); } catch { /* gone */ } }, timeoutMs);
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.on('data', (d) => err.push(d));
    p.stdin.on('error', () => { /* the tool exited before reading all: its exit code tells */ });
    p.on('error', (e) => { spawnError = e; });
    p.on('close', (code, signal) => {
      clearTimeout(t);
      const stdout = Buffer.concat(out);
      resolve({
        code: spawnError ? -1 : code,
        signal,
        stdout: raw ? stdout : stdout.toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') +
          (spawnError ? `\n[${cmd}: ${spawnError.message}]` : '') +
          (signal ? `\n[${cmd} ended by ${signal}]` : ''),
      });
    });
    p.stdin.end(input ?? undefined);
  });
}
