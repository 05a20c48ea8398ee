import { Redis as Redis6 } from 'ioredis6';
import { describe as show } from '../helpers/resp.js';
import { waitFor } from '../helpers/waitFor.js';
import { ClientDeployment, RecordingProxy, cleanupClients, track } from './clients-util.js';

afterAll(() => cleanupClients());

test('what get-master-addr-by-name answers around a failover', async () => {
  const d = await ClientDeployment.start();
  const proxies = await Promise.all(d.sentinelPorts.map((p) => RecordingProxy.start(p)));
  const clients = Array.from({ length: 6 }, (_, i) => {
    const c = new Redis6({ sentinels: proxies.map((p) => ({ host: '127.0.0.1', port: p.port })), name: 'mymaster', updateSentinels: false, failoverDetector: i % 2 === 0 });
    c.on('error', () => undefined);
    track(() => c.disconnect());
    return c;
  });
  await Promise.all(clients.map((c) => c.ping()));
  const out = await d.failover();
  await waitFor(async () => { await Promise.all(clients.map((c) => c.ping())); return true; }, { timeoutMs: 20000 }).catch((e) => console.log('ERR', String(e)));
  const weird: string[] = [];
  for (const p of proxies) for (const c of p.connections) {
    const replies = c.frames.filter((f) => f.kind !== 'push');
    c.commands.forEach((cmd, i) => {
      if (cmd[1]?.toLowerCase() === 'get-master-addr-by-name') {
        const r = replies[i];
        if (!r || r.kind !== 'array') weird.push(`${p.targetPort} ${cmd.join(' ')} -> ${r ? show(r) : 'none'} (all: ${c.commands.map((x) => x.join(' ')).join(' | ')}) replies: ${replies.map(show).join(' | ').slice(0, 600)}`);
      }
    });
  }
  console.log(JSON.stringify(out), clients.map((c) => c.status).join(','), '\n' + weird.join('\n'));
}, 60000);
