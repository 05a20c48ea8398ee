import type { LinkSpec } from '../../../src/core/actions.js';
import type { Input } from '../../../src/core/inputs.js';
import { LinkManager, type LinkManagerOptions } from '../../../src/runtime/links.js';
import { waitFor } from '../../helpers/waitFor.js';
import { startBlackhole, startRedis, startSilentServer, stopAll, type RedisServer } from './servers.js';

const managers: LinkManager[] = [];

afterEach(() => {
  for (const m of managers.splice(0)) m.closeAll();
});

afterAll(async () => {
  await stopAll();
});

function harness(options: Partial<LinkManagerOptions> = {}) {
  const inputs: Input[] = [];
  const links = new LinkManager({ onInput: (i) => inputs.push(i), ...options });
  managers.push(links);
  const find = <T extends Input['type']>(
    type: T,
    pred: (i: Extract<Input, { type: T }>) => boolean = () => true,
  ) =>
    inputs.filter(
      (i): i is Extract<Input, { type: T }> => i.type === type && pred(i as Extract<Input, { type: T }>),
    );
  const wait = <T extends Input['type']>(
    type: T,
    pred: (i: Extract<Input, { type: T }>) => boolean = () => true,
    timeoutMs = 5000,
  ) => waitFor(() => find(type, pred)[0], { description: `${type} input`, timeoutMs });
  return { links, inputs, find, wait };
}

function spec(port: number, over: Partial<LinkSpec> = {}): LinkSpec {
  return {
    linkId: `link-${port}`,
    kind: 'instance',
    host: '127.0.0.1',
    port,
    auth: null,
    renamedCommands: {},
    clientNamePrefix: 'sentinel-abcdefgh',
    resolveHostnames: false,
    ...over,
  };
}

/** The role-change transaction's names when the master renames nothing. */
const PLAIN_TRANSACTION = {
  multi: 'MULTI',
  slaveof: 'SLAVEOF',
  config: 'CONFIG',
  client: 'CLIENT',
  exec: 'EXEC',
};

function connectBoth(links: LinkManager, s: LinkSpec): void {
  links.execute({ type: 'connect', which: 'cmd', spec: s });
  links.execute({ type: 'connect', which: 'pubsub', spec: s });
}

describe('LinkManager against redis-server', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });

  test('cmd and pubsub connect, named by CLIENT SETNAME, pubsub subscribed to the hello channel', async () => {
    const h = harness();
    const s = spec(redis.port);
    connectBoth(h.links, s);
    const up = await h.wait('linkUp', (i) => i.which === 'cmd');
    expect(up).toEqual({ type: 'linkUp', linkId: s.linkId, which: 'cmd', localIp: '127.0.0.1' });
    await h.wait('linkUp', (i) => i.which === 'pubsub');
    // The subscribe confirmation counts as pub/sub activity.
    await h.wait('pubsubActivity');
    const list = await waitFor(
      async () => {
        const text = await redis.cli('CLIENT', 'LIST');
        return text.includes('name=sentinel-abcdefgh-pubsub') && text.includes('name=sentinel-abcdefgh-cmd')
          ? text
          : null;
      },
      { description: 'both names in CLIENT LIST' },
    );
    const pubsubLine = list.split('\n').find((l) => l.includes('name=sentinel-abcdefgh-pubsub'));
    expect(pubsubLine).toMatch(/ sub=1 /);
    // RESP2 only: no HELLO was sent on either connection.
    for (const line of list.split('\n').filter((l) => l.includes('name=sentinel-abcdefgh-'))) {
      expect(line).toMatch(/ resp=2$/);
    }
    expect(h.find('linkDown')).toEqual([]);
  });

  test('PING, INFO and PUBLISH replies become inputs; our own hello comes back on pubsub', async () => {
    const h = harness();
    const s = spec(redis.port);
    connectBoth(h.links, s);
    // Commands sent before the connection completes wait in the queue.
    h.links.execute({ type: 'ping', linkId: s.linkId, command: 'PING' });
    h.links.execute({ type: 'info', linkId: s.linkId, command: 'INFO' });
    expect(await h.wait('pingReply')).toEqual({ type: 'pingReply', linkId: s.linkId, reply: 'PONG' });
    const info = await h.wait('infoReply');
    expect(info.text).toMatch(/^# Server\r\n/);
    expect(info.text).toContain('redis_version:7.0.15');
    await h.wait('pubsubActivity');
    h.links.execute({
      type: 'publishHello',
      linkId: s.linkId,
      command: 'PUBLISH',
      payload: '127.0.0.1,26379,runid,0,m,127.0.0.1,6379,0',
    });
    expect(await h.wait('publishReply')).toEqual({ type: 'publishReply', linkId: s.linkId, ok: true });
    expect(await h.wait('hello')).toEqual({
      type: 'hello',
      linkId: s.linkId,
      payload: '127.0.0.1,26379,runid,0,m,127.0.0.1,6379,0',
    });
    // Activity is reported before the hello, as Sentinel updates pc_last_activity first.
    const helloAt = h.inputs.findIndex((i) => i.type === 'hello');
    expect(h.inputs[helloAt - 1]).toEqual({ type: 'pubsubActivity', linkId: s.linkId });
  });

  test('a PUBLISH from another client on the hello channel arrives as a hello input', async () => {
    const h = harness();
    const s = spec(redis.port, { linkId: 'other' });
    h.links.execute({ type: 'connect', which: 'pubsub', spec: s });
    await h.wait('pubsubActivity');
    await redis.cli('PUBLISH', '__sentinel__:hello', 'from-outside');
    expect(await h.wait('hello')).toEqual({ type: 'hello', linkId: 'other', payload: 'from-outside' });
    // Other channels are not ours.
    await redis.cli('PUBLISH', 'elsewhere', 'x');
    expect(h.find('hello')).toHaveLength(1);
  });

  test('an error reply is one reply input: SENTINEL on a plain redis answers the ask with an Error', async () => {
    const h = harness();
    const s = spec(redis.port);
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    h.links.execute({
      type: 'askMasterDown',
      linkId: s.linkId,
      command: 'SENTINEL',
      masterName: 'm',
      peerRunId: 'peer',
      args: ['127.0.0.1', '6379', '1', '*'],
    });
    const reply = await h.wait('askReply');
    expect(reply).toMatchObject({ linkId: s.linkId, masterName: 'm', peerRunId: 'peer' });
    expect(reply.reply).toBeInstanceOf(Error);
    expect((reply.reply as Error).message).toMatch(/^ERR unknown command 'SENTINEL'/);
    h.links.execute({ type: 'scriptKill', linkId: s.linkId, command: 'SCRIPT' });
    expect(await h.wait('commandReply')).toEqual({ type: 'commandReply', linkId: s.linkId, count: 1 });
  });

  test('a second connect on the same slot replaces the first without reporting it', async () => {
    const h = harness();
    const s = spec(redis.port, { linkId: 'replaced' });
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    await h.wait('linkUp');
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    await waitFor(() => h.find('linkUp').length === 2, { description: 'second linkUp' });
    h.links.execute({ type: 'ping', linkId: s.linkId, command: 'PING' });
    await h.wait('pingReply');
    expect(h.find('linkDown')).toEqual([]);
    // The replaced connection is really closed.
    await waitFor(
      async () =>
        (await redis.cli('CLIENT', 'LIST'))
          .split('\n')
          .filter((l) => l.includes('name=sentinel-abcdefgh-cmd')).length === 1,
      { description: 'one cmd connection left' },
    );
  });
});

describe('rename-command', () => {
  test("the handshake uses the spec's table (CLIENT, SUBSCRIBE); commands carry their own name (PING, INFO)", async () => {
    const redis = await startRedis([
      '--rename-command',
      'PING',
      'MYPING',
      '--rename-command',
      'CLIENT',
      'MYCLIENT',
      '--rename-command',
      'SUBSCRIBE',
      'MYSUB',
      '--rename-command',
      'INFO',
      'MYINFO',
    ]);
    const h = harness();
    const s = spec(redis.port, {
      renamedCommands: { ping: 'MYPING', client: 'MYCLIENT', subscribe: 'MYSUB', info: 'MYINFO' },
    });
    connectBoth(h.links, s);
    h.links.execute({ type: 'ping', linkId: s.linkId, command: 'MYPING' });
    h.links.execute({ type: 'info', linkId: s.linkId, command: 'MYINFO' });
    expect((await h.wait('pingReply')).reply).toBe('PONG');
    expect((await h.wait('infoReply')).text).toContain('redis_version:');
    await h.wait('pubsubActivity');
    await redis.cli('PUBLISH', '__sentinel__:hello', 'renamed-sub');
    expect((await h.wait('hello')).payload).toBe('renamed-sub');
    const list = await redis.cli('MYCLIENT', 'LIST');
    expect(list).toContain('name=sentinel-abcdefgh-cmd');
    expect(list).toContain('name=sentinel-abcdefgh-pubsub');
  });

  test('without the table the renamed-away command fails with an error reply', async () => {
    const redis = await startRedis(['--rename-command', 'PING', 'MYPING']);
    const h = harness();
    const s = spec(redis.port);
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    h.links.execute({ type: 'ping', linkId: s.linkId, command: 'PING' });
    expect((await h.wait('pingReply')).reply).toMatch(/^ERR unknown command 'PING'/);
  });
});

describe('AUTH', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis(['--requirepass', 's3cret'], 's3cret');
  });

  test('AUTH <pass> is sent first on both connections', async () => {
    const h = harness();
    const s = spec(redis.port, { auth: { user: null, pass: 's3cret' } });
    connectBoth(h.links, s);
    h.links.execute({ type: 'ping', linkId: s.linkId, command: 'PING' });
    expect((await h.wait('pingReply')).reply).toBe('PONG');
    await h.wait('pubsubActivity');
    await redis.cli('PUBLISH', '__sentinel__:hello', 'authed');
    expect((await h.wait('hello')).payload).toBe('authed');
    const list = await redis.cli('CLIENT', 'LIST');
    expect(list).toContain('name=sentinel-abcdefgh-cmd');
  });

  test('AUTH <user> <pass>', async () => {
    const h = harness();
    const s = spec(redis.port, { auth: { user: 'default', pass: 's3cret' } });
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    h.links.execute({ type: 'ping', linkId: s.linkId, command: 'PING' });
    expect((await h.wait('pingReply')).reply).toBe('PONG');
  });

  test('a wrong password leaves the link up and PING answers NOAUTH', async () => {
    const h = harness();
    const s = spec(redis.port, { auth: { user: null, pass: 'wrong' } });
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    h.links.execute({ type: 'ping', linkId: s.linkId, command: 'PING' });
    expect((await h.wait('pingReply')).reply).toMatch(/^NOAUTH /);
  });

  test('a wrong password: the refused SUBSCRIBE is reported as subscribeFailed, not as activity', async () => {
    const h = harness();
    const s = spec(redis.port, { auth: { user: null, pass: 'wrong' } });
    h.links.execute({ type: 'connect', which: 'pubsub', spec: s });
    const failed = await h.wait('subscribeFailed');
    expect(failed).toEqual({
      type: 'subscribeFailed',
      linkId: s.linkId,
      error: expect.stringMatching(/^NOAUTH /),
    });
    expect(h.find('pubsubActivity')).toEqual([]);
    // The core answers with closeLink: the connection goes, silently.
    h.links.execute({ type: 'closeLink', linkId: s.linkId, which: 'pubsub' });
    expect(h.links.hasConnection(s.linkId, 'pubsub')).toBe(false);
    expect(h.find('linkDown')).toEqual([]);
  });

  test('after a refused password, the next connect authenticates with the credentials of its own spec', async () => {
    const h = harness();
    const wrong = spec(redis.port, { linkId: 'retry', auth: { user: null, pass: 'wrong' } });
    connectBoth(h.links, wrong);
    h.links.execute({ type: 'ping', linkId: wrong.linkId, command: 'PING' });
    expect((await h.wait('pingReply')).reply).toMatch(/^NOAUTH /);
    await h.wait('subscribeFailed');
    h.links.execute({ type: 'closeLink', linkId: wrong.linkId, which: 'both' });
    const right = { ...wrong, auth: { user: null, pass: 's3cret' } };
    connectBoth(h.links, right);
    h.links.execute({ type: 'ping', linkId: right.linkId, command: 'PING' });
    await waitFor(() => h.find('pingReply').length === 2, { description: 'second PING answered' });
    expect(h.find('pingReply')[1]?.reply).toBe('PONG');
    await h.wait('pubsubActivity');
    expect(h.find('subscribeFailed')).toHaveLength(1);
  });
});

describe('replicaOf transaction', () => {
  test('makes a second redis-server a replica, then a master again', async () => {
    const master = await startRedis();
    const replica = await startRedis();
    const h = harness();
    const s = spec(replica.port);
    connectBoth(h.links, s);
    await h.wait('pubsubActivity');
    h.links.execute({
      type: 'replicaOf',
      linkId: s.linkId,
      commands: PLAIN_TRANSACTION,
      host: '127.0.0.1',
      port: master.port,
    });
    expect(await h.wait('commandReply')).toEqual({ type: 'commandReply', linkId: s.linkId, count: 6 });
    const info = await replica.cli('INFO', 'replication');
    expect(info).toContain('role:slave');
    expect(info).toContain(`master_port:${master.port}`);
    // CLIENT KILL TYPE pubsub dropped our own pubsub connection (as with Sentinel); cmd survives (SKIPME).
    expect(await h.wait('linkDown', (i) => i.which === 'pubsub')).toMatchObject({ linkId: s.linkId });
    expect(h.find('linkDown', (i) => i.which === 'cmd')).toEqual([]);

    h.links.execute({
      type: 'replicaOf',
      linkId: s.linkId,
      commands: PLAIN_TRANSACTION,
      host: null,
      port: 0,
    });
    await waitFor(() => h.find('commandReply').length === 2, { description: 'second transaction answered' });
    expect(await replica.cli('INFO', 'replication')).toContain('role:master');
  });

  test('the reply count is configurable', async () => {
    const r = await startRedis();
    const h = harness({ replicaOfReplyCount: 1 });
    const s = spec(r.port);
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    h.links.execute({
      type: 'replicaOf',
      linkId: s.linkId,
      commands: PLAIN_TRANSACTION,
      host: null,
      port: 0,
    });
    expect((await h.wait('commandReply')).count).toBe(1);
  });
});

describe('wire', () => {
  const resp = (...parts: string[]) =>
    `*${parts.length}\r\n` + parts.map((p) => `$${p.length}\r\n${p}\r\n`).join('');

  test("the handshake is exactly AUTH, CLIENT SETNAME (then the core's PING): no HELLO, no CLIENT SETINFO", async () => {
    const silent = await startSilentServer();
    const h = harness();
    const s = spec(silent.port, { auth: { user: 'u', pass: 'p' }, renamedCommands: { client: 'CLI' } });
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    h.links.execute({ type: 'ping', linkId: s.linkId, command: 'PING' });
    const expected = resp('AUTH', 'u', 'p') + resp('CLI', 'SETNAME', 'sentinel-abcdefgh-cmd') + resp('PING');
    await waitFor(() => silent.received[0] === expected, { description: 'handshake bytes' });
  });

  test('the pubsub handshake ends with SUBSCRIBE __sentinel__:hello', async () => {
    const silent = await startSilentServer();
    const h = harness();
    const s = spec(silent.port, { auth: { user: null, pass: 'p' }, renamedCommands: { subscribe: 'SUB2' } });
    h.links.execute({ type: 'connect', which: 'pubsub', spec: s });
    const expected =
      resp('AUTH', 'p') +
      resp('CLIENT', 'SETNAME', 'sentinel-abcdefgh-pubsub') +
      resp('SUB2', '__sentinel__:hello');
    await waitFor(() => silent.received[0] === expected, { description: 'pubsub handshake bytes' });
  });

  test('on an open connection each command goes out under the name its action carries (#8 §2)', async () => {
    const silent = await startSilentServer();
    const h = harness();
    // The table at connect time renamed PING; the core has renamed it again since.
    const s = spec(silent.port, { renamedCommands: { ping: 'OLDPING' } });
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    h.links.execute({ type: 'ping', linkId: s.linkId, command: 'NEWPING' });
    h.links.execute({ type: 'info', linkId: s.linkId, command: 'NEWINFO' });
    h.links.execute({ type: 'publishHello', linkId: s.linkId, command: 'NEWPUB', payload: 'h' });
    h.links.execute({
      type: 'askMasterDown',
      linkId: s.linkId,
      command: 'NEWSENTINEL',
      masterName: 'm',
      peerRunId: 'r',
      args: ['127.0.0.1', '6379', '1', '*'],
    });
    h.links.execute({ type: 'scriptKill', linkId: s.linkId, command: 'NEWSCRIPT' });
    const expected =
      resp('CLIENT', 'SETNAME', 'sentinel-abcdefgh-cmd') +
      resp('NEWPING') +
      resp('NEWINFO') +
      resp('NEWPUB', '__sentinel__:hello', 'h') +
      resp('NEWSENTINEL', 'is-master-down-by-addr', '127.0.0.1', '6379', '1', '*') +
      resp('NEWSCRIPT', 'KILL');
    await waitFor(() => silent.received[0] === expected, { description: 'renamed command bytes' });
  });

  test('the replicaOf transaction on the wire, with the names the action carries', async () => {
    const silent = await startSilentServer();
    const h = harness();
    const s = spec(silent.port, { renamedCommands: { client: 'C' } });
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    const commands = { slaveof: 'SO', config: 'CFG', multi: 'M', exec: 'E', client: 'C' };
    h.links.execute({ type: 'replicaOf', linkId: s.linkId, commands, host: '10.0.0.9', port: 6380 });
    const expected =
      resp('C', 'SETNAME', 'sentinel-abcdefgh-cmd') +
      resp('M') +
      resp('SO', '10.0.0.9', '6380') +
      resp('CFG', 'REWRITE') +
      resp('C', 'KILL', 'TYPE', 'normal') +
      resp('C', 'KILL', 'TYPE', 'pubsub') +
      resp('E');
    await waitFor(() => silent.received[0] === expected, { description: 'transaction bytes' });
  });
});

describe('failures', () => {
  test('a connect to a closed port yields one linkDown quickly', async () => {
    const { getFreePort } = await import('../../helpers/ports.js');
    const port = await getFreePort();
    const h = harness();
    const started = Date.now();
    h.links.execute({ type: 'connect', which: 'cmd', spec: spec(port) });
    h.links.execute({ type: 'ping', linkId: `link-${port}`, command: 'PING' });
    const down = await h.wait('linkDown', () => true, 2000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(down).toEqual({
      type: 'linkDown',
      linkId: `link-${port}`,
      which: 'cmd',
      error: 'Connection refused',
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.inputs).toEqual([down]);
  });

  test('a connect that never completes times out without blocking other links', async () => {
    const blackhole = await startBlackhole();
    const redis = await startRedis();
    const h = harness({ connectTimeoutMs: 400 });
    const hung = spec(blackhole, { linkId: 'hung' });
    h.links.execute({ type: 'connect', which: 'cmd', spec: hung });
    h.links.execute({ type: 'ping', linkId: 'hung', command: 'PING' });
    const ok = spec(redis.port, { linkId: 'ok' });
    h.links.execute({ type: 'connect', which: 'cmd', spec: ok });
    h.links.execute({ type: 'ping', linkId: 'ok', command: 'PING' });
    expect(await h.wait('pingReply')).toEqual({ type: 'pingReply', linkId: 'ok', reply: 'PONG' });
    expect(h.find('linkDown')).toEqual([]);
    const down = await h.wait('linkDown', (i) => i.linkId === 'hung', 3000);
    expect(down.error).toBe('Connection timed out');
    expect(h.find('pingReply', (i) => i.linkId === 'hung')).toEqual([]);
    expect(h.find('linkUp', (i) => i.linkId === 'hung')).toEqual([]);
  });

  test('a server that never answers: replies stay pending, other links work, a drop gives linkDown only', async () => {
    const silent = await startSilentServer();
    const redis = await startRedis();
    const h = harness();
    const mute = spec(silent.port, { linkId: 'mute' });
    h.links.execute({ type: 'connect', which: 'cmd', spec: mute });
    await h.wait('linkUp', (i) => i.linkId === 'mute');
    h.links.execute({ type: 'ping', linkId: 'mute', command: 'PING' });
    h.links.execute({ type: 'info', linkId: 'mute', command: 'INFO' });
    const ok = spec(redis.port, { linkId: 'ok' });
    h.links.execute({ type: 'connect', which: 'cmd', spec: ok });
    h.links.execute({ type: 'ping', linkId: 'ok', command: 'PING' });
    await h.wait('pingReply', (i) => i.linkId === 'ok');
    // The server drops the connection with PING and INFO pending: linkDown, no reply inputs.
    await waitFor(() => silent.accepted.length === 1, { description: 'connection accepted' });
    silent.accepted[0]?.destroy();
    const down = await h.wait('linkDown', (i) => i.linkId === 'mute');
    expect(down.error).toBe('Server closed the connection');
    await new Promise((resolve) => setImmediate(resolve));
    const forMute = h.inputs.filter((i) => 'linkId' in i && i.linkId === 'mute');
    expect(forMute.map((i) => i.type)).toEqual(['linkUp', 'linkDown']);
  });

  test('closeLink stops replies at once and reports nothing for that connection', async () => {
    const silent = await startSilentServer();
    const h = harness();
    const s = spec(silent.port, { linkId: 'closing' });
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    await h.wait('linkUp');
    h.links.execute({ type: 'ping', linkId: 'closing', command: 'PING' });
    h.links.execute({ type: 'closeLink', linkId: 'closing', which: 'both' });
    expect(h.links.hasConnection('closing', 'cmd')).toBe(false);
    await waitFor(() => silent.closed[0], { description: 'server sees the close' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.inputs.map((i) => i.type)).toEqual(['linkUp']);
    // Closing what is not open is a no-op.
    h.links.execute({ type: 'closeLink', linkId: 'closing', which: 'cmd' });
    h.links.execute({ type: 'closeLink', linkId: 'never-opened', which: 'both' });
  });

  test('closeLink during a connect that never completes: no linkDown, not even at the timeout', async () => {
    const blackhole = await startBlackhole();
    const h = harness({ connectTimeoutMs: 300 });
    // Closed right away (socket not created yet) and a moment later (connect in flight).
    h.links.execute({ type: 'connect', which: 'cmd', spec: spec(blackhole, { linkId: 'immediate' }) });
    h.links.execute({ type: 'closeLink', linkId: 'immediate', which: 'cmd' });
    h.links.execute({ type: 'connect', which: 'cmd', spec: spec(blackhole, { linkId: 'pending' }) });
    h.links.execute({ type: 'ping', linkId: 'pending', command: 'PING' });
    // A witness connected after them, left open: its timeout comes after theirs would have.
    await new Promise((resolve) => setImmediate(resolve));
    h.links.execute({ type: 'closeLink', linkId: 'pending', which: 'cmd' });
    h.links.execute({ type: 'connect', which: 'cmd', spec: spec(blackhole, { linkId: 'witness' }) });
    await h.wait('linkDown', (i) => i.linkId === 'witness', 3000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(h.inputs.map((i) => `${i.type} ${'linkId' in i ? i.linkId : ''}`)).toEqual(['linkDown witness']);
  });

  test('closeLink then connect: the old close is not reported', async () => {
    const redis = await startRedis();
    const h = harness();
    const s = spec(redis.port, { linkId: 'again' });
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    await h.wait('linkUp');
    h.links.execute({ type: 'closeLink', linkId: 'again', which: 'cmd' });
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    h.links.execute({ type: 'ping', linkId: 'again', command: 'PING' });
    await h.wait('pingReply');
    await waitFor(() => h.find('linkUp').length === 2, { description: 'second linkUp' });
    expect(h.find('linkDown')).toEqual([]);
  });
});

describe('hostnames', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });

  test('resolve-hostnames yes: the name is resolved at connect and the IP reported', async () => {
    const h = harness();
    const s = spec(redis.port, { host: 'localhost', resolveHostnames: true });
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    const up = await h.wait('linkUp');
    expect(up.resolvedIp).toBe('127.0.0.1');
    h.links.execute({ type: 'ping', linkId: s.linkId, command: 'PING' });
    expect((await h.wait('pingReply')).reply).toBe('PONG');
  });

  test('resolve-hostnames no: a name is refused with linkDown', async () => {
    const h = harness();
    const s = spec(redis.port, { host: 'localhost', resolveHostnames: false });
    h.links.execute({ type: 'connect', which: 'cmd', spec: s });
    expect((await h.wait('linkDown')).error).toBe('Invalid IP address: localhost');
    expect(h.find('linkUp')).toEqual([]);
  });
});
