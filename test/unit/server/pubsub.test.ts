import { PlainError } from '../../../src/resp/reply-parser.js';
import { waitFor } from '../../helpers/waitFor.js';
import { startServer, TestClient, type Harness } from './harness.js';

let h: Harness;
const clients: TestClient[] = [];

async function connect(): Promise<TestClient> {
  const c = await TestClient.connect(h.port);
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h?.server.close();
});

describe('pub/sub', () => {
  beforeEach(async () => {
    h = await startServer();
  });

  it('confirms subscriptions and delivers message / pmessage arrays in RESP2', async () => {
    const c = await connect();
    c.send('SUBSCRIBE', '+switch-master', '+sdown');
    expect(await c.reply()).toEqual(['subscribe', '+switch-master', 1]);
    expect(await c.reply()).toEqual(['subscribe', '+sdown', 2]);
    c.send('PSUBSCRIBE', '[-+]sdown', '*');
    expect(await c.reply()).toEqual(['psubscribe', '[-+]sdown', 3]);
    expect(await c.reply()).toEqual(['psubscribe', '*', 4]);
    expect(h.server.publish('+sdown', 'master mym 127.0.0.1 6379')).toBe(3);
    expect(await c.reply()).toEqual(['message', '+sdown', 'master mym 127.0.0.1 6379']);
    expect(await c.reply()).toEqual(['pmessage', '[-+]sdown', '+sdown', 'master mym 127.0.0.1 6379']);
    expect(await c.reply()).toEqual(['pmessage', '*', '+sdown', 'master mym 127.0.0.1 6379']);
    expect(h.server.publish('-odown', 'x')).toBe(1);
    expect(await c.reply()).toEqual(['pmessage', '*', '-odown', 'x']);
    expect(h.server.publish('xsdown', 'x')).toBe(1);
    expect(await c.reply()).toEqual(['pmessage', '*', 'xsdown', 'x']);
  });

  it('restricts RESP2 subscribed clients and answers PING with the pong array', async () => {
    const c = await connect();
    c.send('SUBSCRIBE', 'a');
    await c.reply();
    expect(await c.call('PING')).toEqual(['pong', '']);
    expect(await c.call('PING', 'hi')).toEqual(['pong', 'hi']);
    expect(await c.call('INFO')).toEqual(
      new PlainError(
        "ERR Can't execute 'info': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
      ),
    );
    expect(await c.call('CLIENT', 'ID')).toEqual(
      new PlainError(
        "ERR Can't execute 'client|id': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
      ),
    );
    expect(await c.call('UNSUBSCRIBE')).toEqual(['unsubscribe', 'a', 0]);
    expect(await c.call('PING')).toBe('PONG');
    expect(await c.call('UNSUBSCRIBE')).toEqual(['unsubscribe', null, 0]);
    expect(await c.call('PUNSUBSCRIBE')).toEqual(['punsubscribe', null, 0]);
  });

  it('uses push frames in RESP3 and lets subscribed RESP3 clients run any command', async () => {
    const c = await connect();
    await c.call('HELLO', '3');
    c.send('SUBSCRIBE', 'a');
    const confirm = await c.value();
    expect(confirm.type).toBe('push');
    h.server.publish('a', 'hello');
    const msg = await c.value();
    expect(msg.type).toBe('push');
    expect(
      msg.type === 'push' && msg.value.map((v) => (v.type === 'bulk' ? v.value.toString() : '?')),
    ).toEqual(['message', 'a', 'hello']);
    expect(await c.call('PING')).toBe('PONG');
    expect(await c.call('ROLE')).toEqual(['sentinel', ['mym']]);
  });

  it('keeps PUBLISH of events away from the hello channel and counts pubsub stats in INFO', async () => {
    const c = await connect();
    const d = await connect();
    c.send('SUBSCRIBE', 'x');
    await c.reply();
    d.send('PSUBSCRIBE', 'y*');
    await d.reply();
    const info = (await (await connect()).call('INFO', 'stats')) as string;
    expect(info).toContain('pubsub_channels:1\r\n');
    expect(info).toContain('pubsub_patterns:1\r\n');
  });

  it('drops a subscriber past the hard output limit and keeps serving others', async () => {
    h.logs.length = 0;
    await h.server.close();
    h = await startServer({ limits: { pubsubHardLimit: 256 * 1024, pubsubSoftLimit: 0 } });
    const slow = await connect();
    const fast = await connect();
    slow.send('SUBSCRIBE', 'events');
    expect(await slow.reply()).toEqual(['subscribe', 'events', 1]);
    fast.send('SUBSCRIBE', 'events');
    expect(await fast.reply()).toEqual(['subscribe', 'events', 1]);
    slow.socket.pause(); // stops reading: the kernel buffers fill, then the server's queue grows
    const payload = 'x'.repeat(64 * 1024);
    await waitFor(
      () => {
        h.server.publish('events', payload);
        return h.server.clientCount() === 1;
      },
      { description: 'the slow subscriber to be disconnected', intervalMs: 1 },
    );
    expect(h.logs.join('')).toContain('scheduled to be closed ASAP for overcoming of output buffer limits');
    // The fast subscriber still gets messages and answers commands.
    await waitFor(() => fast.pending() > 0);
    const other = await connect();
    expect(await other.call('PING')).toBe('PONG');
  });

  it('drops a subscriber that stays over the soft limit for the configured time', async () => {
    await h.server.close();
    h = await startServer({
      limits: { pubsubHardLimit: 0, pubsubSoftLimit: 64 * 1024, pubsubSoftSeconds: 1 },
    });
    const slow = await connect();
    slow.send('SUBSCRIBE', 'events');
    await slow.reply();
    slow.socket.pause();
    const payload = 'y'.repeat(64 * 1024);
    const started = Date.now();
    await waitFor(
      () => {
        h.server.publish('events', payload);
        return h.server.clientCount() === 0;
      },
      { description: 'the subscriber over the soft limit to be disconnected', intervalMs: 20 },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
