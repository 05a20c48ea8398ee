import net from 'node:net';
import { parseBind } from '../../../src/server/listeners.js';
import { startServer, TestClient, type Harness } from './harness.js';

const servers: Harness[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const h of servers.splice(0)) await h.server.close();
});

/** Whether this machine can listen on ::1 at all. */
async function ipv6Loopback(): Promise<boolean> {
  const s = net.createServer();
  return new Promise((resolve) => {
    s.once('error', () => resolve(false));
    s.listen({ host: '::1', port: 0 }, () => s.close(() => resolve(true)));
  });
}

describe('listeners', () => {
  it('maps bind like Redis (empty = * -::*)', () => {
    expect(parseBind([])).toEqual([
      { host: '0.0.0.0', ipv6Only: false, optional: false, shown: '*' },
      { host: '::', ipv6Only: true, optional: true, shown: '::*' },
    ]);
    expect(parseBind(['127.0.0.1', '-::1'])).toEqual([
      { host: '127.0.0.1', ipv6Only: false, optional: false, shown: '127.0.0.1' },
      { host: '::1', ipv6Only: true, optional: true, shown: '::1' },
    ]);
  });

  it('listens on IPv4 and IPv6 loopback with one port', async () => {
    const v6 = await ipv6Loopback();
    const h = await startServer({ config: { bind: ['127.0.0.1', v6 ? '::1' : '-::1'] } });
    servers.push(h);
    expect(h.server.ports()).toHaveLength(1);
    const a = await TestClient.connect(h.port, '127.0.0.1');
    clients.push(a);
    expect(await a.call('PING')).toBe('PONG');
    if (v6) {
      const b = await TestClient.connect(h.port, '::1');
      clients.push(b);
      expect(await b.call('CLIENT', 'INFO')).toMatch(/ addr=\[::1\]:\d+ laddr=\[::1\]:\d+ /);
    }
  });

  it('fails listen() with the Redis wording when the port is taken', async () => {
    const h = await startServer();
    servers.push(h);
    const clash = startServer({ config: { port: h.port } });
    await expect(clash).rejects.toThrow(/Could not create server TCP listening socket 127\.0\.0\.1:\d+/);
  });
});
