import { PlainError } from '../../../src/resp/reply-parser.js';
import { startServer, TestClient, type Harness } from './harness.js';

let h: Harness;
const clients: TestClient[] = [];

async function connect(): Promise<TestClient> {
  const c = await TestClient.connect(h.port);
  clients.push(c);
  return c;
}

beforeEach(async () => {
  h = await startServer();
});

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h.server.close();
});

const err = (m: string): PlainError => new PlainError(m);

describe('CLIENT', () => {
  it('names connections and lists them with the Redis fields', async () => {
    const c = await connect();
    expect(await c.call('CLIENT', 'GETNAME')).toBeNull();
    expect(await c.call('CLIENT', 'SETNAME', 'a b')).toEqual(
      err('ERR Client names cannot contain spaces, newlines or special characters.'),
    );
    expect(await c.call('CLIENT', 'SETNAME', 'worker-1')).toBe('OK');
    expect(await c.call('CLIENT', 'GETNAME')).toBe('worker-1');
    const line = (await c.call('CLIENT', 'INFO')) as string;
    const keys = line
      .trim()
      .split(' ')
      .map((kv) => kv.split('=')[0]);
    expect(keys).toEqual(
      'id addr laddr fd name age idle flags db sub psub ssub multi qbuf qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem events cmd user redir resp'.split(
        ' ',
      ),
    );
    expect(line).toMatch(/ name=worker-1 .* flags=N .* cmd=client\|info user=default redir=-1 resp=2\n$/);
    const d = await connect();
    await d.call('SUBSCRIBE', 'x');
    const list = (await c.call('CLIENT', 'LIST')) as string;
    expect(list.split('\n').filter(Boolean)).toHaveLength(2);
    expect(list).toMatch(/flags=P .* sub=1 /);
    expect(
      ((await c.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string).split('\n').filter(Boolean),
    ).toHaveLength(1);
    expect(await c.call('CLIENT', 'LIST', 'TYPE', 'x')).toEqual(err("ERR Unknown client type 'x'"));
    expect(await c.call('CLIENT', 'LIST', 'x')).toEqual(err('ERR syntax error'));
  });

  it('kills by address (old form) and by filters, including itself with SKIPME no', async () => {
    const c = await connect();
    const victim = await connect();
    const victimId = (await victim.call('CLIENT', 'ID')) as number;
    expect(await c.call('CLIENT', 'KILL', '1.2.3.4:5')).toEqual(err('ERR No such client'));
    expect(await c.call('CLIENT', 'KILL', 'ID', '0')).toEqual(err('ERR client-id should be greater than 0'));
    expect(await c.call('CLIENT', 'KILL', 'USER', 'nobody')).toEqual(err("ERR No such user 'nobody'"));
    expect(await c.call('CLIENT', 'KILL', 'FOO', 'x')).toEqual(err('ERR syntax error'));
    expect(await c.call('CLIENT', 'KILL', 'ID', String(victimId))).toBe(1);
    await victim.waitClosed();
    const v2 = await connect();
    const addr = ((await v2.call('CLIENT', 'INFO')) as string).match(/ addr=(\S+)/)?.[1] as string;
    expect(await c.call('CLIENT', 'KILL', addr)).toBe('OK');
    await v2.waitClosed();
    expect(await c.call('CLIENT', 'KILL', 'USER', 'default')).toBe(0);
    c.send('CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'no');
    c.send('PING');
    expect(await c.reply()).toBe(1);
    await c.waitClosed();
    expect(c.pending()).toBe(0);
  });

  it('honours CLIENT REPLY OFF / SKIP / ON', async () => {
    const c = await connect();
    c.send('CLIENT', 'REPLY', 'SKIP');
    c.send('PING', 'skipped');
    c.send('PING', 'seen');
    expect(await c.reply()).toBe('seen');
    c.send('CLIENT', 'REPLY', 'OFF');
    c.send('PING', 'dropped');
    expect(await c.call('CLIENT', 'REPLY', 'ON')).toBe('OK');
    expect(c.pending()).toBe(0);
    expect(await c.call('CLIENT', 'REPLY', 'x')).toEqual(err('ERR syntax error'));
  });

  it('pauses every client, itself included, until the timeout', async () => {
    const c = await connect();
    const d = await connect();
    expect(await c.call('CLIENT', 'PAUSE', 'x')).toEqual(
      err('ERR timeout is not an integer or out of range'),
    );
    expect(await c.call('CLIENT', 'PAUSE', '-1')).toEqual(err('ERR timeout is negative'));
    expect(await c.call('CLIENT', 'PAUSE', '10', 'FOO')).toEqual(
      err('ERR CLIENT PAUSE mode must be WRITE or ALL'),
    );
    const started = Date.now();
    expect(await c.call('CLIENT', 'PAUSE', '300')).toBe('OK');
    d.send('PING');
    c.send('CLIENT', 'UNPAUSE');
    expect(await d.reply()).toBe('PONG');
    expect(await c.reply()).toBe('OK');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    // WRITE mode holds nothing: Sentinel has no write commands.
    expect(await c.call('CLIENT', 'PAUSE', '100000', 'WRITE')).toBe('OK');
    expect(await d.call('PING')).toBe('PONG');
    expect(await c.call('CLIENT', 'UNPAUSE')).toBe('OK');
  });

  it('tracks client side caching settings', async () => {
    const c = await connect();
    expect(await c.call('CLIENT', 'TRACKINGINFO')).toEqual([
      'flags',
      ['off'],
      'redirect',
      -1,
      'prefixes',
      [],
    ]);
    expect(await c.call('CLIENT', 'TRACKING', 'on', 'PREFIX', 'a')).toEqual(
      err('ERR PREFIX option requires BCAST mode to be enabled'),
    );
    expect(await c.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', '99999')).toEqual(
      err('ERR The client ID you want redirect to does not exist'),
    );
    expect(await c.call('CLIENT', 'CACHING', 'yes')).toEqual(
      err(
        'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled',
      ),
    );
    expect(await c.call('CLIENT', 'TRACKING', 'on', 'OPTIN')).toBe('OK');
    expect(await c.call('CLIENT', 'CACHING', 'yes')).toBe('OK');
    expect(await c.call('CLIENT', 'TRACKINGINFO')).toEqual([
      'flags',
      ['on', 'optin', 'caching-yes'],
      'redirect',
      0,
      'prefixes',
      [],
    ]);
    expect(await c.call('CLIENT', 'GETREDIR')).toBe(0);
    expect(await c.call('CLIENT', 'TRACKING', 'on', 'OPTOUT')).toEqual(
      err(
        "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.",
      ),
    );
    expect(await c.call('CLIENT', 'TRACKING', 'off')).toBe('OK');
    expect(await c.call('CLIENT', 'GETREDIR')).toBe(-1);
    expect(await c.call('CLIENT', 'UNBLOCK', '1')).toBe(0);
    expect(await c.call('CLIENT', 'NO-EVICT', 'on')).toBe('OK');
    expect(await c.call('CLIENT', 'INFO')).toMatch(/ flags=e /);
  });

  it('prints a HELP in the Redis shape', async () => {
    const c = await connect();
    const help = (await c.call('CLIENT', 'HELP')) as string[];
    expect(help[0]).toBe('CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    expect(help.slice(-2)).toEqual(['HELP', '    Prints this help.']);
  });
});

describe('INFO', () => {
  it('prints the five Sentinel sections in order with the real field names', async () => {
    const c = await connect();
    const info = (await c.call('INFO')) as string;
    const titles = info.split('\r\n').filter((l) => l.startsWith('#'));
    expect(titles).toEqual(['# Server', '# Clients', '# Stats', '# CPU', '# Sentinel']);
    expect(info).toContain('redis_version:7.0.15\r\n');
    expect(info).toContain('redis_mode:sentinel\r\n');
    // The timer's current hz (10..19, re-drawn every run as in Sentinel 7.0); configured_hz is 10.
    expect(info).toContain('\r\nhz:13\r\nconfigured_hz:10\r\n');
    expect(info).toContain('connected_clients:1\r\n');
    expect(info).toContain('\r\n\r\n# Clients\r\n');
    expect(
      info.endsWith(
        'sentinel_masters:1\r\nsentinel_tilt:0\r\nsentinel_tilt_since_seconds:-1\r\nsentinel_running_scripts:0\r\n' +
          'sentinel_scripts_queue_length:0\r\nsentinel_simulate_failure_flags:0\r\n' +
          'master0:name=mym,status=sdown,address=127.0.0.1:6379,slaves=1,sentinels=2\r\n',
      ),
    ).toBe(true);
  });

  it('selects sections case-insensitively, in fixed order, dropping unknown ones', async () => {
    const c = await connect();
    const info = (await c.call('INFO', 'CPU', 'Server', 'foo')) as string;
    expect(info.split('\r\n').filter((l) => l.startsWith('#'))).toEqual(['# Server', '# CPU']);
    expect(await c.call('INFO', 'foo')).toBe('');
    expect(((await c.call('INFO', 'everything')) as string).split('# ').length).toBe(6);
    await c.call('HELLO', '3');
    c.send('INFO', 'sentinel');
    // Sentinel 7.0.15 answers INFO with a bulk string in RESP3 too.
    expect((await c.value()).type).toBe('bulk');
  });
});

describe('COMMAND', () => {
  it('describes commands like COMMAND INFO does, with sets in RESP3', async () => {
    const c = await connect();
    expect(await c.call('COMMAND', 'INFO', 'ping', 'nosuch')).toEqual([
      [
        'ping',
        -1,
        ['fast'],
        0,
        0,
        0,
        ['@fast', '@connection'],
        ['request_policy:all_shards', 'response_policy:all_succeeded'],
        [],
        [],
      ],
      null,
    ]);
    const client = ((await c.call('COMMAND', 'INFO', 'client')) as unknown[][])[0];
    expect(client.slice(0, 3)).toEqual(['client', -2, []]);
    expect((client[9] as unknown[]).length).toBe(16);
    await c.call('HELLO', '3');
    c.send('COMMAND', 'INFO', 'subscribe');
    const v = await c.value();
    const entry = v.type === 'array' ? v.value[0] : null;
    expect(entry?.type === 'array' && entry.value[2].type).toBe('set');
    expect(await c.call('COMMAND', 'DOCS', 'sentinel|slaves')).toEqual({
      'sentinel|slaves': expect.objectContaining({
        since: '2.8.0',
        group: 'sentinel',
        doc_flags: ['deprecated'],
      }),
    });
    expect(await c.call('COMMAND', 'FOO')).toEqual(err("ERR unknown subcommand 'FOO'. Try COMMAND HELP."));
    expect(await c.call('COMMAND', 'LIST', 'x')).toEqual(err('ERR syntax error'));
  });

  it('documents arguments and history, flat in RESP2 and with sets in RESP3', async () => {
    const c = await connect();
    expect(await c.call('COMMAND', 'DOCS', 'sentinel|debug')).toEqual([
      'sentinel|debug',
      [
        ...['summary', 'debug', 'since', '7.0.0', 'group', 'sentinel', 'complexity', 'O(N), N = timers'],
        'arguments',
        [
          [
            ...['name', 'parameter_value', 'type', 'block', 'flags', ['multiple']],
            'arguments',
            [
              ['name', 'parameter', 'type', 'string'],
              ['name', 'value', 'type', 'string'],
            ],
          ],
        ],
      ],
    ]);
    await c.call('HELLO', '3');
    c.send('COMMAND', 'DOCS', 'auth');
    const v = await c.value();
    const auth = v.type === 'map' ? v.value[0]?.[1] : undefined;
    const fields = auth?.type === 'map' ? auth.value : [];
    const field = (k: string) =>
      fields.find(([key]) => key.type === 'bulk' && key.value.toString() === k)?.[1];
    expect(fields.map(([k]) => (k.type === 'bulk' ? k.value.toString() : k.type))).toEqual([
      'summary',
      'since',
      'group',
      'complexity',
      'history',
      'arguments',
    ]);
    const history = field('history');
    expect(history?.type).toBe('set');
    expect(history?.type === 'set' && history.value[0]?.type).toBe('array');
    const args = field('arguments');
    const first = args?.type === 'array' ? args.value[0] : undefined;
    const flags =
      first?.type === 'map'
        ? first.value.find(([k]) => k.type === 'bulk' && k.value.toString() === 'flags')
        : undefined;
    expect(flags?.[1]).toEqual({ type: 'set', value: [{ type: 'simple', value: 'optional' }] });
  });
});

describe('ACL', () => {
  it('creates, shows, checks and deletes users', async () => {
    const c = await connect();
    expect(
      await c.call('ACL', 'SETUSER', 'u2', 'on', 'nopass', '-@all', '+@pubsub', '-publish', '&ev*'),
    ).toBe('OK');
    expect(await c.call('ACL', 'GETUSER', 'u2')).toEqual([
      'flags',
      ['on', 'nopass'],
      'passwords',
      [],
      'commands',
      '-@all +@pubsub -publish',
      'keys',
      '',
      'channels',
      '&ev*',
      'selectors',
      [],
    ]);
    expect(await c.call('ACL', 'SETUSER', 'u3', 'foo')).toEqual(
      err("ERR Error in ACL SETUSER modifier 'foo': Syntax error"),
    );
    expect(await c.call('ACL', 'SETUSER', 'u3', '+nosuch')).toEqual(
      err("ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL"),
    );
    expect(await c.call('ACL', 'GETUSER', 'u3')).toBeNull();
    expect(await c.call('ACL', 'DRYRUN', 'u2', 'subscribe', 'evx')).toBe('OK');
    expect(await c.call('ACL', 'DRYRUN', 'u2', 'subscribe', 'other')).toBe(
      "This user has no permissions to access the 'other' channel",
    );
    expect(await c.call('ACL', 'DRYRUN', 'u2', 'ping')).toBe(
      "This user has no permissions to run the 'ping' command",
    );
    expect(await c.call('ACL', 'USERS')).toEqual(['default', 'u2']);
    expect(await c.call('ACL', 'LIST')).toEqual([
      'user default on nopass ~* &* +@all',
      'user u2 on nopass resetchannels &ev* -@all +@pubsub -publish',
    ]);
    const d = await connect();
    expect(await d.call('AUTH', 'u2', 'x')).toBe('OK');
    expect(await d.call('SUBSCRIBE', 'other')).toEqual(
      err('NOPERM this user has no permissions to access one of the channels used as arguments'),
    );
    expect(await d.call('PSUBSCRIBE', 'ev*')).toEqual(['psubscribe', 'ev*', 1]);
    expect(await c.call('ACL', 'DELUSER', 'u2', 'nosuch')).toBe(1);
    await d.waitClosed();
    expect(await c.call('ACL', 'DELUSER', 'default')).toEqual(
      err("ERR The 'default' user cannot be removed"),
    );
    expect(((await c.call('ACL', 'GENPASS')) as string).length).toBe(64);
    expect(((await c.call('ACL', 'GENPASS', '5')) as string).length).toBe(2);
    expect(await c.call('ACL', 'SAVE')).toEqual(
      expect.objectContaining({ message: expect.stringContaining('not configured to use an ACL file') }),
    );
  });
});
