// SPDX-License-Identifier: MIT
// `hausdesk demo` (README, "Two commands"; docs/performance.md, "The data
// set"): the seed scenario that `make run` loads — written through the
// store, once, into the organisation `init` made — and the large data
// set's command at a tiny scale, its token files and the logins it prints.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, runCli, login, listAll, expectStatus } from './harness.js';

const DEMO_PASSWORD = 'hausdesk-demo';

describe('demo: the seed scenario', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { if (server) await server.stop(); });

  it('loads ABC Hausverwaltung once: a second run changes nothing', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await runCli(['demo', '--db', server.db]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /huber@abc\.example +Frau Huber \(Buchhaltung\)/);
      assert.match(r.stdout, /mueller@example\.org +Herr Müller \(Mieter, Kundenportal\)/);
    }
    // The organisation was there (init): the scenario is loaded into it.
    const admin = await server.admin();
    const props = await listAll(admin, '/properties');
    assert.deepEqual(props.map((p) => [p.name, p.street, p.postal_code, p.city, p.external_id]),
      [['Max-Planck-Straße 12', 'Max-Planck-Straße 12', '80331', 'München', 'MPS12']]);
    const staff = await listAll(admin, `/properties/${props[0].id}/staff`);
    assert.deepEqual(staff.map((s) => `${s.employee_name}: ${s.role_name}`).sort(),
      ['Frau Huber: Buchhaltung', 'Herr Schmidt: Sachbearbeitung']);
    const roles = await listAll(admin, '/roles');
    assert.deepEqual(roles.map((x) => x.name).sort(), ['Buchhaltung', 'Sachbearbeitung']);
    const types = await listAll(admin, '/process-types');
    assert.deepEqual(types.map((t) => `${t.name}: ${t.roles.map((x) => x.name).join()}`).sort(),
      ['Frage zur Rechnung: Buchhaltung', 'Schadensmeldung: Sachbearbeitung']);
    for (const t of types) assert.equal(t.portal, true);
  });

  it('Herr Müller files in the portal and the Vorgänge reach Herr Schmidt and Frau Huber', async () => {
    const mueller = await login(server.base, 'mueller@example.org', DEMO_PASSWORD);
    const [prop] = await listAll(mueller, '/properties');
    const units = await listAll(mueller, `/properties/${prop.id}/units`);
    assert.deepEqual(units.map((u) => [u.label, u.kind]), [['Wohnung 3, 2. OG links', 'apartment']]);
    const types = Object.fromEntries((await listAll(mueller, '/process-types')).map((t) => [t.name, t]));
    const dmg = expectStatus(await mueller.post('/processes', {
      type_id: types.Schadensmeldung.id, property_id: prop.id, unit_id: units[0].id,
      subject: 'Wasserfleck an der Decke', description: 'Im Bad wächst ein Wasserfleck.',
    }), 201, 'file the damage report');
    assert.deepEqual(dmg.assignees.map((a) => a.name), ['Herr Schmidt']);
    const inv = expectStatus(await mueller.post('/processes', {
      type_id: types['Frage zur Rechnung'].id, property_id: prop.id,
      subject: 'Nebenkosten', description: 'Die Heizkosten sind zu hoch.',
    }), 201, 'file the invoice request');
    assert.deepEqual(inv.assignees.map((a) => a.name), ['Frau Huber']);
    for (const email of ['huber@abc.example', 'schmidt@abc.example']) {
      await login(server.base, email, DEMO_PASSWORD);
    }
  });

  // store/process.c takes these sentences from core/event now; they must
  // stay what the server has always written (existing databases hold them).
  it('a filing, a status change and a manual assignment write the sentences they always did', async () => {
    const admin = await server.admin();
    const mueller = await login(server.base, 'mueller@example.org', DEMO_PASSWORD);
    const [prop] = await listAll(mueller, '/properties');
    const types = Object.fromEntries((await listAll(mueller, '/process-types')).map((t) => [t.name, t]));
    const p = expectStatus(await mueller.post('/processes', {
      type_id: types.Schadensmeldung.id, property_id: prop.id,
      subject: 'Tür klemmt', description: 'Die Haustür klemmt.',
    }), 201, 'file');
    const huber = (await listAll(admin, '/employees')).find((e) => e.email === 'huber@abc.example');
    expectStatus(await admin.patch(`/processes/${p.id}`, { status: 'in_progress' }), 200, 'status');
    const after = expectStatus(await admin.patch(`/processes/${p.id}`, { assignee_ids: [huber.id] }),
      200, 'assign');
    const me = admin.user.name;
    const vonMe = me.replace(/^Herr /, 'Herrn '); // "von Herrn Schmidt"
    assert.deepEqual(after.history.map((h) => [h.event, h.text]), [
      ['created', 'Vorgang angelegt von Herrn Müller im Kundenportal'],
      ['routed', 'Herr Schmidt: Rolle Sachbearbeitung in Max-Planck-Straße 12'],
      ['status', `Status: neu → in Bearbeitung (${me})`],
      ['assigned', `Frau Huber: manuell zugewiesen von ${vonMe}`],
    ]);
    assert.equal(after.assignees[0].reason, `Frau Huber: manuell zugewiesen von ${vonMe}`);
  });
});

describe('demo --scale: the large data set at a tiny scale', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { if (server) await server.stop(); });

  it('generates once, writes the token files and prints a login of each kind', async () => {
    const tokens = path.join(server.dir, 'tokens');
    const r = await runCli(['demo', '--db', server.db, '--scale', '0.01', '--tokens', tokens],
      { timeoutMs: 120000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /10000 Vorgänge \(\d+ unrouted\)/);
    assert.match(r.stdout, /admin@muster\.example +Frau Claudia Brandt \(Administration\)/);
    assert.match(r.stdout, /@muster\.example +(Frau|Herr) .+ \(\S+, \d+ Objekte\)/);
    assert.match(r.stdout, /@mieter\.example +Frau .+ \(Mieterin, .+\)|@mieter\.example +Herr .+ \(Mieter, .+\)/);
    assert.match(r.stdout, /@eigentuemer\.example +(Frau .+ \(Eigentümerin|Herr .+ \(Eigentümer), .+\)/);
    const lines = fs.readFileSync(tokens, 'utf8').trim().split('\n');
    const kinds = lines.map((l) => l.split('\t')[0]);
    assert.ok(kinds.includes('tenant') && kinds.includes('employee'), kinds.join());
    const reads = fs.readFileSync(`${tokens}.read`, 'utf8').trim().split('\n');
    const [tok, pid] = reads[0].split('\t');
    const p = expectStatus(await server.bearer(tok).get(`/processes/${pid}`), 200, 'a Vorgang of the .read file');
    assert.equal(String(p.id), pid);

    const again = await runCli(['demo', '--db', server.db, '--scale', '0.01'], { timeoutMs: 120000 });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Muster Immobilien GmbH is already in .*: nothing generated/);
    assert.match(again.stdout, /admin@muster\.example +Frau Claudia Brandt \(Administration\)/);
  });
});
