import { PlainError } from '../../../src/resp/reply-parser.js';
import { waitFor } from '../../helpers/waitFor.js';
import { startServer, TestClient, type Harness } from './harness.js';

let h: Harness;
const clients: TestClient[] = [];

async function connect(port = h.port): Promise<TestClient> {
  const c = await TestClient.connect(port);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h?.server.close();
});

const err = (message: string): PlainError => new PlainError(message);

describe('basic commands and pipelining', () => {
  beforeEach(async () => {
    h = await startServer();
  });

  it('answers PING, inline and multibulk', async () => {
    const c = await connect();
    c.write('PING\r\n');
    expect(await c.reply()).toBe('PONG');
    expect(await c.call('PING', 'hello')).toBe('hello');
    expect(await c.call('ping', 'a', 'b')).toEqual(err("ERR wrong number of arguments for 'ping' command"));
  });

  it('keeps replies in request order even when a handler is async', async () => {
    const c = await connect();
    c.write('PING a\r\n*3\r\n$8\r\nSENTINEL\r\n$10\r\nINFO-CACHE\r\n$1\r\nx\r\nPING b\r\nROLE\r\nPING c\r\n');
    const got = [await c.reply(), await c.reply(), await c.reply(), await c.reply(), await c.reply()];
    expect(got).toEqual(['a', ['x'], 'b', ['sentinel', ['mym']], 'c']);
  });

  it('serves a request split byte by byte', async () => {
    const c = await connect();
    const wire = Buffer.from('*2\r\n$4\r\nPING\r\n$3\r\nabc\r\n');
    for (const b of wire) {
      c.write(Buffer.from([b]));
      await new Promise((r) => setImmediate(r));
    }
    expect(await c.reply()).toBe('abc');
  });

  it('uses the Redis texts for unknown commands, subcommands and arity', async () => {
    const c = await connect();
    expect(await c.call('QUIT')).toEqual(err("ERR unknown command 'QUIT', with args beginning with: "));
    expect(await c.call('CONFIG', 'GET', 'port')).toEqual(
      err("ERR unknown command 'CONFIG', with args beginning with: 'GET' 'port' "),
    );
    expect(await c.call('FOO', 'a'.repeat(100), 'b'.repeat(100))).toEqual(
      err(`ERR unknown command 'FOO', with args beginning with: '${'a'.repeat(100)}' '${'b'.repeat(25)}' `),
    );
    expect(await c.call('FOO', 'a\r\nb')).toEqual(
      err("ERR unknown command 'FOO', with args beginning with: 'a  b' "),
    );
    expect(await c.call('SENTINEL')).toEqual(err("ERR wrong number of arguments for 'sentinel' command"));
    expect(await c.call('SENTINEL', 'FOO')).toEqual(err("ERR unknown subcommand 'FOO'. Try SENTINEL HELP."));
    expect(await c.call('SENTINEL', 'SET', 'mym', 'quorum')).toEqual(
      err("ERR wrong number of arguments for 'sentinel|set' command"),
    );
    expect(await c.call('CLIENT', 'SETINFO', 'LIB-NAME', 'x')).toEqual(
      err("ERR unknown subcommand 'SETINFO'. Try CLIENT HELP."),
    );
    expect(await c.call('client', 'setname')).toEqual(
      err("ERR wrong number of arguments for 'client|setname' command"),
    );
  });

  it('reports ROLE, COMMAND COUNT and the 72 names of COMMAND LIST', async () => {
    const c = await connect();
    expect(await c.call('ROLE')).toEqual(['sentinel', ['mym']]);
    expect(await c.call('COMMAND', 'COUNT')).toBe(15);
    const names = (await c.call('COMMAND', 'LIST')) as string[];
    expect(names).toHaveLength(72);
    expect(names).toEqual(
      expect.arrayContaining(['client|no-evict', 'acl|dryrun', 'command|getkeysandflags', 'sentinel|slaves']),
    );
    expect(await c.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'pubsub')).toEqual([
      'publish',
      'subscribe',
      'unsubscribe',
      'psubscribe',
      'punsubscribe',
    ]);
    expect(await c.call('COMMAND', 'GETKEYS', 'sentinel', 'masters')).toEqual(
      err('ERR The command has no key arguments'),
    );
  });

  it('answers PUBLISH __sentinel__:hello through the core and refuses other channels', async () => {
    const c = await connect();
    expect(await c.call('PUBLISH', '__sentinel__:hello', '1.2.3.4,26379,x,0,mym,127.0.0.1,6379,0')).toBe(1);
    expect(h.core.inputs).toEqual([
      { type: 'hello', linkId: null, payload: '1.2.3.4,26379,x,0,mym,127.0.0.1,6379,0' },
    ]);
    expect(h.commits).toBe(1);
    expect(await c.call('PUBLISH', 'foo', 'bar')).toEqual(
      err('ERR Only HELLO messages are accepted by Sentinel instances.'),
    );
  });

  it('calls onShutdown for SHUTDOWN and validates its options', async () => {
    const c = await connect();
    expect(await c.call('SHUTDOWN', 'FOO')).toEqual(err('ERR syntax error'));
    expect(await c.call('SHUTDOWN', 'ABORT')).toEqual(err('ERR No shutdown in progress.'));
    c.send('SHUTDOWN', 'NOSAVE');
    await waitFor(() => h.shutdowns === 1);
  });
});

describe('HELLO', () => {
  beforeEach(async () => {
    h = await startServer();
  });

  it('answers the 6-field map in RESP2 and RESP3', async () => {
    const c = await connect();
    const r2 = await c.call('HELLO');
    expect(r2).toEqual([
      'server',
      'redis',
      'version',
      '7.0.15',
      'proto',
      2,
      'id',
      expect.any(Number),
      'mode',
      'sentinel',
      'modules',
      [],
    ]);
    c.send('HELLO', '3');
    const v = await c.value();
    expect(v.type).toBe('map');
    const id = (r2 as unknown[])[7];
    expect(await Promise.resolve(v).then((x) => (x.type === 'map' ? x.value.length : 0))).toBe(6);
    expect(await c.call('CLIENT', 'ID')).toBe(id);
    // RESP3 nulls are `_`.
    c.send('CLIENT', 'GETNAME');
    expect((await c.value()).type).toBe('null');
  });

  it('rejects bad versions and options with the Redis texts', async () => {
    const c = await connect();
    expect(await c.call('HELLO', '4')).toEqual(err('NOPROTO unsupported protocol version'));
    expect(await c.call('HELLO', 'x')).toEqual(err('ERR Protocol version is not an integer or out of range'));
    expect(await c.call('HELLO', '3', 'AUTH', 'a')).toEqual(err("ERR Syntax error in HELLO option 'AUTH'"));
    expect(await c.call('HELLO', '3', 'SETNAME', 'a b')).toEqual(
      err('ERR Client names cannot contain spaces, newlines or special characters.'),
    );
    expect(await c.call('HELLO', '3', 'SETNAME', 'cli')).toMatchObject({ proto: 3 });
    expect(await c.call('CLIENT', 'GETNAME')).toBe('cli');
  });
});

describe('authentication', () => {
  beforeEach(async () => {
    h = await startServer({
      config: {
        requirepass: 'secret',
        users: [
          ['alice', 'on', '>apw', '~*', '&*', '+@all'],
          ['carol', 'on', 'nopass', '+ping'],
        ],
      },
    });
  });

  it('requires AUTH before anything but AUTH and HELLO', async () => {
    const c = await connect();
    expect(await c.call('PING')).toEqual(err('NOAUTH Authentication required.'));
    expect(await c.call('FOO')).toEqual(err("ERR unknown command 'FOO', with args beginning with: "));
    expect(await c.call('CLIENT')).toEqual(err("ERR wrong number of arguments for 'client' command"));
    expect(await c.call('HELLO', '3')).toEqual(
      err(
        'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
      ),
    );
    expect(await c.call('AUTH', 'wrong')).toEqual(
      err('WRONGPASS invalid username-password pair or user is disabled.'),
    );
    expect(await c.call('AUTH', 'a', 'b', 'c')).toEqual(err('ERR syntax error'));
    expect(await c.call('AUTH', 'secret')).toBe('OK');
    expect(await c.call('PING')).toBe('PONG');
    expect(await c.call('ACL', 'WHOAMI')).toBe('default');
  });

  it('authenticates ACL users, with HELLO AUTH too, and enforces their permissions', async () => {
    const c = await connect();
    expect(await c.call('HELLO', '3', 'AUTH', 'alice', 'bad')).toEqual(
      err('WRONGPASS invalid username-password pair or user is disabled.'),
    );
    expect(await c.call('HELLO', '3', 'AUTH', 'alice', 'apw')).toMatchObject({ proto: 3 });
    expect(await c.call('ACL', 'WHOAMI')).toBe('alice');
    const d = await connect();
    expect(await d.call('AUTH', 'carol', 'anything')).toBe('OK');
    expect(await d.call('PING')).toBe('PONG');
    expect(await d.call('INFO')).toEqual(
      err("NOPERM this user has no permissions to run the 'info' command"),
    );
    expect(await d.call('SUBSCRIBE', 'x')).toEqual(
      err("NOPERM this user has no permissions to run the 'subscribe' command"),
    );
    const log = (await c.call('ACL', 'LOG')) as Record<string, unknown>[];
    expect(log[0]).toMatchObject({ count: 1, reason: 'command', object: 'subscribe', username: 'carol' });
  });

  it('closes an unauthenticated client that sends more than 10 arguments', async () => {
    const c = await connect();
    c.write('*1\r\n$4\r\nPING\r\n*11\r\n');
    expect(await c.reply()).toEqual(err('NOAUTH Authentication required.'));
    expect(await c.reply()).toEqual(err('ERR Protocol error: unauthenticated multibulk length'));
    await c.waitClosed();
  });
});

describe('protocol errors and limits', () => {
  it('closes a client sending a huge multibulk length while another keeps being served', async () => {
    h = await startServer();
    const bad = await connect();
    const good = await connect();
    bad.write('*2147483648\r\n');
    expect(await bad.reply()).toEqual(err('ERR Protocol error: invalid multibulk length'));
    await bad.waitClosed();
    expect(await good.call('PING')).toBe('PONG');
    await waitFor(() => h.server.clientCount() === 1);
  });

  it('closes a client on unbalanced quotes after the replies before it', async () => {
    h = await startServer();
    const c = await connect();
    c.write('PING\r\nPING "a\r\nPING\r\n');
    expect(await c.reply()).toBe('PONG');
    expect(await c.reply()).toEqual(err('ERR Protocol error: unbalanced quotes in request'));
    await c.waitClosed();
    expect(c.pending()).toBe(0);
  });

  it('closes a client whose query buffer passes the limit, and logs it', async () => {
    h = await startServer({ limits: { queryBufferMax: 4096 } });
    const c = await connect();
    c.write(`*1\r\n$100000\r\n${'x'.repeat(8192)}`);
    await c.waitClosed();
    expect(h.logs.join('')).toContain('Closing client that reached max query buffer length');
  });

  it('refuses clients beyond maxclients', async () => {
    h = await startServer({ limits: { maxClients: 1 } });
    await connect();
    const c = await connect();
    expect(await c.reply()).toEqual(err('ERR max number of clients reached'));
  });
});
