/**
 * #8 §2: every command action carries the name it goes out as, looked up in the master's
 * rename-command table when it is sent, not when the link was opened. A `SENTINEL SET ...
 * rename-command` therefore applies from the next command on, on open links, for the master,
 * its replicas and its peer sentinels (Sentinel 7.0 maps each command through the master's
 * table as it sends it).
 */
import type { Brain } from '../../../src/core/brain.js';
import type { Action } from '../../../src/core/actions.js';
import { hello, linkUp, master, newBrain, ofType, PEER, PEER2, tick } from './brain-helpers.js';

const REPLICA_INFO =
  'role:slave\r\nmaster_host:127.0.0.1\r\nmaster_port:6379\r\nmaster_link_status:up\r\nslave_repl_offset:100\r\n';

/** The commands Vigil sends on a command connection after the handshake. */
const SENT = [
  'PING',
  'INFO',
  'PUBLISH',
  'SENTINEL',
  'SCRIPT',
  'MULTI',
  'SLAVEOF',
  'CONFIG',
  'CLIENT',
  'EXEC',
];

/** What went out, as `<link role> <wire name>` (replicaOf: its six names). */
function wire(actions: Action[], role: (linkId: string) => string): string[] {
  const out: string[] = [];
  for (const a of actions) {
    switch (a.type) {
      case 'ping':
      case 'info':
      case 'publishHello':
      case 'askMasterDown':
      case 'scriptKill':
        out.push(`${role(a.linkId)} ${a.type} ${a.command}`);
        break;
      case 'replicaOf': {
        const c = a.commands;
        out.push(`${role(a.linkId)} replicaOf ${[c.multi, c.slaveof, c.config, c.client, c.exec].join(' ')}`);
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/**
 * A master with one replica and one peer sentinel, every link up and answered; `step` runs
 * one timer tick and answers what was sent, recording the actions.
 */
function world() {
  const b: Brain = newBrain();
  const m = master(b);
  b.applyConfigDirective(['down-after-milliseconds', 'm', '1000'], 0);
  // SENTINEL DEBUG info-period 1000: INFO to the master too within the few seconds observed.
  b.setTimer('info-period', 1000);
  b.start(1);
  tick(b, 10);
  linkUp(b, m, 10);
  b.handle(
    {
      type: 'infoReply',
      linkId: m.link.id,
      text: 'role:master\r\nslave0:ip=127.0.0.1,port=6380,state=online,offset=1,lag=0\r\n',
    },
    10,
  );
  b.handle(
    { type: 'hello', linkId: null, payload: hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0) },
    10,
  );
  const r = m.replicas.get('127.0.0.1:6380');
  const peer = m.sentinels.get(PEER);
  if (r === undefined || peer === undefined) throw new Error('replica or peer not discovered');
  linkUp(b, r, 10);
  linkUp(b, peer, 10);
  const roles = new Map([
    [m.link.id, 'master'],
    [r.link.id, 'replica'],
    [peer.link.id, 'peer'],
  ]);
  const role = (linkId: string): string => roles.get(linkId) ?? linkId;
  /** What the master answers to PING. */
  let masterPing = 'PONG';
  const all: Action[] = [];

  const answer = (a: Action, now: number): void => {
    switch (a.type) {
      case 'ping':
        b.handle(
          { type: 'pingReply', linkId: a.linkId, reply: a.linkId === m.link.id ? masterPing : 'PONG' },
          now,
        );
        break;
      case 'info':
        b.handle(
          {
            type: 'infoReply',
            linkId: a.linkId,
            text: a.linkId === r.link.id ? REPLICA_INFO : 'role:master\r\n',
          },
          now,
        );
        break;
      case 'publishHello':
        b.handle({ type: 'publishReply', linkId: a.linkId, ok: true }, now);
        break;
      case 'askMasterDown':
        b.handle(
          {
            type: 'askReply',
            linkId: a.linkId,
            masterName: a.masterName,
            peerRunId: a.peerRunId,
            reply: [1, a.args[3], a.args[3] === '*' ? 0 : Number(a.args[2])],
          },
          now,
        );
        break;
      case 'scriptKill':
        b.handle({ type: 'commandReply', linkId: a.linkId, count: 1 }, now);
        break;
      case 'replicaOf':
        b.handle({ type: 'commandReply', linkId: a.linkId, count: 6 }, now);
        break;
      default:
        break;
    }
  };

  const step = (now: number): Action[] => {
    b.handle({ type: 'tick' }, now);
    const seen: Action[] = [];
    for (let guard = 0; guard < 10; guard++) {
      const actions = b.takeActions();
      if (actions.length === 0) break;
      seen.push(...actions);
      for (const a of actions) answer(a, now);
    }
    all.push(...seen);
    return seen;
  };

  return {
    b,
    m,
    r,
    peer,
    role,
    step,
    setMasterPing: (reply: string) => {
      masterPing = reply;
    },
  };
}

test('a rename set after the links are up is used from the next command on, for every command', () => {
  const w = world();
  let now = 10;
  const before: Action[] = [];
  for (; now <= 2500; now += 100) before.push(...w.step(now));
  // Plain names while nothing is renamed.
  expect(new Set(wire(before, w.role))).toEqual(
    new Set([
      'master ping PING',
      'master info INFO',
      'master publishHello PUBLISH',
      'replica ping PING',
      'replica info INFO',
      'replica publishHello PUBLISH',
      'peer ping PING',
      'peer publishHello PUBLISH',
    ]),
  );

  for (const command of SENT) {
    expect(w.b.setOption('m', 'rename-command', command, `my-${command.toLowerCase()}`, now)).toBeNull();
  }
  const setActions = w.b.takeActions();
  // The links stay as they are: nothing is closed or reopened.
  expect(setActions.filter((a) => a.type === 'connect' || a.type === 'closeLink')).toEqual([]);

  const after: Action[] = [];
  for (let until = now + 2500; now <= until; now += 100) after.push(...w.step(now));
  expect(ofType(after, 'connect')).toEqual([]);
  expect(new Set(wire(after, w.role))).toEqual(
    new Set([
      'master ping my-ping',
      'master info my-info',
      'master publishHello my-publish',
      'replica ping my-ping',
      'replica info my-info',
      'replica publishHello my-publish',
      'peer ping my-ping',
      'peer publishHello my-publish',
    ]),
  );

  // The master now answers BUSY: SDOWN, one SCRIPT KILL, the peer is asked (SENTINEL), it
  // agrees, we are elected and promote the replica (the MULTI ... EXEC transaction).
  w.setMasterPing('BUSY Redis is busy running a script.');
  const failover: Action[] = [];
  for (let until = now + 20000; now <= until; now += 100) {
    failover.push(...w.step(now));
    if (ofType(failover, 'replicaOf').length > 0) break;
  }
  const sent = wire(failover, w.role);
  expect(sent).toContain('master scriptKill my-script');
  expect(sent).toContain('peer askMasterDown my-sentinel');
  expect(sent).toContain('replica replicaOf my-multi my-slaveof my-config my-client my-exec');
  // No command went out under its old name.
  expect(sent.filter((s) => /[A-Z]{3,}$/.test(s))).toEqual([]);
  expect(ofType(failover, 'connect')).toEqual([]);
});

test('renaming a command back to itself sends the plain name again on the same link', () => {
  const w = world();
  let now = 10;
  for (; now <= 1500; now += 100) w.step(now);
  w.b.setOption('m', 'rename-command', 'PING', 'PONG', now);
  const renamed: Action[] = [];
  for (let until = now + 1500; now <= until; now += 100) renamed.push(...w.step(now));
  expect(new Set(ofType(renamed, 'ping').map((a) => a.command))).toEqual(new Set(['PONG']));
  w.b.setOption('m', 'rename-command', 'ping', 'ping', now);
  const back: Action[] = [];
  for (let until = now + 1500; now <= until; now += 100) back.push(...w.step(now));
  expect(new Set(ofType(back, 'ping').map((a) => a.command))).toEqual(new Set(['PING']));
});

test("a peer link shared by two masters: each master's hello goes out under its own master's name", () => {
  const b = newBrain();
  b.applyConfigDirective(['monitor', 'n', '127.0.0.2', '6379', '2'], 0);
  b.applyConfigDirective(['rename-command', 'n', 'PUBLISH', 'n-publish'], 0);
  tick(b, 10);
  for (const name of ['m', 'n']) {
    const mi = master(b, name);
    linkUp(b, mi, 10);
    const addr = mi.addr;
    b.handle(
      {
        type: 'hello',
        linkId: null,
        payload: hello('127.0.0.9', 26380, PEER2, 0, name, addr.ip, addr.port, 0),
      },
      10,
    );
  }
  const pm = master(b, 'm').sentinels.get(PEER2);
  const pn = master(b, 'n').sentinels.get(PEER2);
  expect(pm?.link).toBeDefined();
  // Sentinel 7.0 shares one connection per peer between the masters it monitors.
  expect(pm?.link).toBe(pn?.link);
  linkUp(b, pm!, 10);
  b.setOption('m', 'rename-command', 'PUBLISH', 'm-publish', 20);
  b.takeActions();
  const hellos = ofType(tick(b, 3000), 'publishHello').filter((a) => a.linkId === pm!.link.id);
  expect(hellos.map((a) => [a.payload.split(',')[4], a.command])).toEqual([
    ['m', 'm-publish'],
    ['n', 'n-publish'],
  ]);
});
