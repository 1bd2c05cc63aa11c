// SPDX-License-Identifier: MIT
// A throw-away Dovecot IMAP server (issue 14): a configuration of its own in a
// temporary directory (base_dir, state_dir, log file, Maildirs, a passwd-file
// with the test's users), `dovecot -F` in the foreground, IMAP and IMAPS
// (self-signed certificate for 127.0.0.1) on free ports of 127.0.0.1. Never
// a system service, never /etc/dovecot.
//
//   const imap = await startDovecot({ users: [{ user: 'eingang@abc.example', password: 'pw' }] });
//   await imap.deliver('eingang@abc.example', rawMail);   // through dovecot-lda
//   imap.imapUrl('eingang@abc.example')   // imap://eingang%40abc.example:pw@127.0.0.1:PORT/INBOX
//   await imap.list('eingang@abc.example') // [{uid, flags: ['\\Seen'], seen, messageId, subject, size}]
//   await imap.stop();

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {
  needRoot, tempDir, removeTempDir, atExit, accountIds, spawnDaemon, waitWhileRunning, stopSync, run,
  freePort, BIND_FAILED,
} from './proc.js';

export const DOVECOT = '/usr/sbin/dovecot';
export const DOVECOT_LDA = '/usr/lib/dovecot/dovecot-lda';
export const DOVEADM = '/usr/bin/doveadm';
const MAIL_USER = 'mail';
// A Dovecot user name: no ':' (passwd-file fields), no '/' (Maildir path), no '%'.
const USER = /^[A-Za-z0-9._@+-]{1,64}$/;

function config({ dir, imapPort, imapsPort, mailIds, tls }) {
  return `# tests/infra/dovecot.js: a throw-away IMAP server for tests
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = ${path.basename(dir)}
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
# Local test clients log in with a plain password, with or without TLS.
disable_plaintext_auth = no
auth_mechanisms = plain login
# The Maildirs belong to the system account mail (uid ${mailIds.uid}).
first_valid_uid = ${mailIds.uid}
first_valid_gid = ${mailIds.gid}
mail_location = maildir:~/Maildir
postmaster_address = postmaster@example.invalid
${tls ? `ssl = yes
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem` : 'ssl = no'}

passdb {
  driver = passwd-file
  args = ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailIds.uid} gid=${mailIds.gid} home=${dir}/mail/%u
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${tls ? imapsPort : 0}
    ssl = yes
  }
}
`;
}

/** Resolves true once an IMAP greeting ("* OK") arrives on port. */
function imapGreets(port) {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    let buf = '';
    c.setTimeout(2000, () => { c.destroy(); resolve(false); });
    c.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('\r\n')) {
        c.end('a LOGOUT\r\n');
        resolve(/^\* OK/.test(buf));
      }
    });
    c.on('error', () => resolve(false));
    c.on('close', () => resolve(false));
  });
}

/**
 * Starts Dovecot with users [{user, password}] (user: letters, digits and
 * . _ @ + -; password: any text without a line break).
 *
 * Resolves with {imapPort, imapsPort, certFile, dir, timings, log,
 * imapUrl(user), imapsUrl(user), deliver(user, raw), list(user), stop()}.
 * IMAPS needs openssl for the certificate; without it imapsPort, certFile
 * and imapsUrl are null.
 */
export async function startDovecot({ users = [] } = {}) {
  needRoot('startDovecot');
  const passwords = new Map();
  for (const u of users) {
    if (!USER.test(u.user ?? '')) throw new Error(`startDovecot: bad user name ${JSON.stringify(u.user)}`);
    if (typeof u.password !== 'string' || u.password === '' || /[\r\n\0]/.test(u.password)) {
      throw new Error(`startDovecot: bad password for ${u.user}`);
    }
    passwords.set(u.user, u.password);
  }
  const mailIds = accountIds(MAIL_USER);
  const dir = await tempDir('hausdesk-dovecot-');
  const cfg = path.join(dir, 'dovecot.conf');
  const logFile = path.join(dir, 'dovecot.log');
  const timings = {};
  let daemon = null;
  const unregister = atExit(() => {
    if (daemon && !daemon.exited) stopSync(daemon.pid, 'SIGTERM', 5000); // exited: its pid may be another's now
    removeTempDir(dir);
  });
  const fileLog = () => {
    try { return `\n--- ${logFile} ---\n${fs.readFileSync(logFile, 'utf8')}`; } catch { return ''; }
  };

  try {
    // Dovecot's own users (dovecot, dovenull) and mail must pass through.
    await fsp.chmod(dir, 0o711);
    await fsp.mkdir(path.join(dir, 'mail'), { mode: 0o700 });
    await fsp.chown(path.join(dir, 'mail'), mailIds.uid, mailIds.gid);
    // {PLAIN.b64}: the password in base64, so that any character is allowed
    // (passwd-file separates its fields with ':').
    const passwd = [...passwords].map(([u, p]) =>
      `${u}:{PLAIN.b64}${Buffer.from(p, 'utf8').toString('base64')}::::::\n`).join('');
    await fsp.writeFile(path.join(dir, 'passwd'), passwd, { mode: 0o644 });

    let t0 = performance.now();
    const cert = await run('openssl', ['req', '-x509', '-newkey', 'ec',
      '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']);
    const tls = cert.code === 0;
    timings.certMs = Math.round(performance.now() - t0);

    let imapPort;
    let imapsPort = null;
    for (let attempt = 1; ; attempt++) {
      imapPort = await freePort();
      if (tls) {
        do imapsPort = await freePort(); while (imapsPort === imapPort);
      }
      await fsp.writeFile(cfg, config({ dir, imapPort, imapsPort, mailIds, tls }));
      t0 = performance.now();
      // -F: foreground. SIGTERM: the master stops its children and exits.
      daemon = spawnDaemon(DOVECOT, ['-F', '-c', cfg], { pdeathsig: 'SIGTERM' });
      try {
        await waitWhileRunning(daemon, async () => (await imapGreets(imapPort)) &&
          (!tls || (await new Promise((resolve) => {
            const c = net.connect(imapsPort, '127.0.0.1');
            c.on('connect', () => { c.destroy(); resolve(true); });
            c.on('error', () => resolve(false));
          }))), 15000, 'Dovecot to greet on IMAP', { extraLog: fileLog, killSignal: 'SIGTERM' });
        timings.startMs = Math.round(performance.now() - t0);
        break;
      } catch (e) {
        daemon = null;
        if (!(e.exitedEarly && BIND_FAILED.test(e.log) && attempt < 3)) throw e;
      }
    }

    const known = (user) => {
      if (!passwords.has(user)) throw new Error(`dovecot: unknown user ${JSON.stringify(user)}`);
      return `${encodeURIComponent(user)}:${encodeURIComponent(passwords.get(user))}`;
    };

    const imap = {
      imapPort,
      imapsPort,
      certFile: tls ? path.join(dir, 'cert.pem') : null,
      dir,
      timings,
      get log() { return (daemon ? daemon.log : '') + fileLog(); },

      /** imap://user:password@127.0.0.1:PORT/INBOX (both URL-encoded). */
      imapUrl(user) { return `imap://${known(user)}@127.0.0.1:${imapPort}/INBOX`; },

      /** imaps://…/INBOX; verify it with certFile (its name is 127.0.0.1), or null without TLS. */
      imapsUrl(user) {
        return tls ? `imaps://${known(user)}@127.0.0.1:${imapsPort}/INBOX` : null;
      },

      /**
       * Delivers raw (Buffer or string, a whole RFC 5322 message) to user's
       * INBOX through dovecot-lda, as an MTA would. Throws unless it exits 0.
       */
      async deliver(user, raw) {
        known(user);
        const r = await run(DOVECOT_LDA, ['-c', cfg, '-d', user], { input: raw });
        if (r.code !== 0) throw new Error(`dovecot-lda -d ${user} failed (exit ${r.code}): ${r.stderr}${fileLog()}`);
      },

      /**
       * The messages in user's INBOX as Dovecot sees them (doveadm fetch,
       * which sets no flag): [{uid, flags: ['\\Seen', …], seen, messageId,
       * subject (raw header), size}], in UID order.
       */
      async list(user) {
        known(user);
        const r = await run(DOVEADM, ['-c', cfg, '-f', 'json', 'fetch', '-u', user,
          'uid flags size.physical hdr.message-id hdr.subject', 'mailbox', 'INBOX', 'all']);
        if (r.code !== 0) throw new Error(`doveadm fetch -u ${user} failed (exit ${r.code}): ${r.stderr}`);
        const rows = r.stdout.trim() === '' ? [] : JSON.parse(r.stdout);
        return rows.map((m) => {
          const flags = m.flags ? m.flags.split(' ').filter(Boolean) : [];
          return {
            uid: Number(m.uid),
            flags,
            seen: flags.includes('\\Seen'),
            messageId: (m['hdr.message-id'] ?? '').trim() || null,
            subject: (m['hdr.subject'] ?? '').trim(),
            size: Number(m['size.physical']),
          };
        }).sort((a, b) => a.uid - b.uid);
      },

      /** The master's pid while it runs (for tests of the cleanup). */
      get pid() { return daemon ? daemon.pid : null; },

      /**
       * SIGTERM, waits for the master's exit, removes the directory. The
       * master stops its children at once but keeps its log process about
       * 1 s longer (measured: 1.0–1.1 s); nothing here can shorten that.
       */
      async stop() {
        if (daemon) {
          const d = daemon;
          daemon = null;
          const t1 = performance.now();
          await d.kill('SIGTERM', 10000);
          timings.stopMs = Math.round(performance.now() - t1);
        }
        unregister();
        removeTempDir(dir);
      },
    };
    return imap;
  } catch (e) {
    if (daemon) await daemon.kill('SIGTERM');
    unregister();
    removeTempDir(dir);
    throw e;
  }
}
