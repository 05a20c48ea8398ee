/**
 * gather() against two fake sentinels speaking RESP: a sentinel is known to its peers by its
 * sentinel id (SENTINEL MYID), which differs from INFO's run_id on both redis-sentinel and
 * Vigil. One that announces an address nobody listens on must merge with the report asked on
 * its real address (an announce problem), not count as a second, dead sentinel.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import * as net from 'node:net';
import { gather } from '../../../src/cli/inspect/snapshot.js';
import { diagnose } from '../../../src/cli/inspect/rules.js';

type Reply = string | null | Reply[] | { error: string };

function encode(r: Reply): string {
  if (r === null) return '$-1\r\n';
  if (typeof r === 'string') return `$${Buffer.byteLength(r)}\r\n${r}\r\n`;
  if (Array.isArray(r)) return `*${r.length}\r\n${r.map(encode).join('')}`;
  return `-${r.error}\r\n`;
}

/** Parses complete RESP arrays of bulk strings off the front of `buf`. */
function commands(buf: string): { cmds: string[][]; rest: string } {
  const cmds: string[][] = [];
  let i = 0;
  for (;;) {
    const start = i;
    if (buf[i] !== '*') return { cmds, rest: buf.slice(start) };
    let eol = buf.indexOf('\r\n', i);
    if (eol < 0) return { cmds, rest: buf.slice(start) };
    const n = Number(buf.slice(i + 1, eol));
    i = eol + 2;
    const args: string[] = [];
    for (let k = 0; k < n; k++) {
      eol = buf.indexOf('\r\n', i);
      if (eol < 0) return { cmds, rest: buf.slice(start) };
      const len = Number(buf.slice(i + 1, eol));
      if (buf.length < eol + 2 + len + 2) return { cmds, rest: buf.slice(start) };
      args.push(buf.slice(eol + 2, eol + 2 + len));
      i = eol + 2 + len + 2;
    }
    cmds.push(args);
  }
}

const servers: net.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function fakeSentinel(answer: (cmd: string[]) => Reply): Promise<number> {
  const server = net.createServer((socket) => {
    let buf = '';
    socket.on('data', (d) => {
      const parsed = commands(buf + d.toString('latin1'));
      buf = parsed.rest;
      for (const cmd of parsed.cmds) socket.write(encode(answer(cmd)));
    });
    socket.on('error', () => undefined);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

const ID_A = 'a'.repeat(40);
const ID_B = 'b'.repeat(40);
const MASTER = ['name', 'mymaster', 'ip', '127.0.0.1', 'port', '1', 'flags', 'master', 'quorum', '2'];

function sentinel(myid: string, peers: () => Reply[]): (cmd: string[]) => Reply {
  return (cmd) => {
    const [c, sub] = [cmd[0]?.toUpperCase(), cmd[1]?.toUpperCase()];
    // INFO's run_id is the process's, not the sentinel id.
    if (c === 'INFO' && sub === undefined)
      return `redis_mode:sentinel\r\nrun_id:${'f'.repeat(39)}${myid[0]}\r\n`;
    if (c === 'INFO') return '';
    if (c === 'SENTINEL' && sub === 'MYID') return myid;
    if (c === 'SENTINEL' && sub === 'MASTERS') return [MASTER];
    if (c === 'SENTINEL' && sub === 'SENTINELS') return peers();
    if (c === 'SENTINEL' && sub === 'REPLICAS') return [];
    if (c === 'SENTINEL' && sub === 'CKQUORUM') return 'OK 2 usable Sentinels.';
    return { error: `ERR unknown command '${cmd[0]}'` };
  };
}

describe('gather', () => {
  test('merges a peer listed by its sentinel id under an announced address nobody serves', async () => {
    const deadPort = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    let portA = 0;
    const portB = await fakeSentinel(
      sentinel(ID_B, () => [
        ['name', ID_A, 'ip', '127.0.0.1', 'port', String(portA), 'runid', ID_A, 'flags', 'sentinel'],
      ]),
    );
    portA = await fakeSentinel(
      sentinel(ID_A, () => [
        [
          'name',
          ID_B,
          'ip',
          '127.0.0.1',
          'port',
          String(deadPort),
          'runid',
          ID_B,
          'flags',
          'sentinel,s_down',
        ],
      ]),
    );
    const snapshot = await gather({
      seeds: [
        { host: '127.0.0.1', port: portA },
        { host: '127.0.0.1', port: portB },
      ],
      timeoutMs: 1000,
      dataNodes: false,
    });
    expect(snapshot.sentinels.map((s) => [s.address, s.runId])).toEqual([
      [`127.0.0.1:${portA}`, ID_A],
      [`127.0.0.1:${portB}`, ID_B],
    ]);
    const found = diagnose(snapshot);
    expect(found.map((f) => f.id)).not.toContain('dead-sentinels');
    const announce = found.find((f) => f.id === 'announce-unreachable');
    expect(announce?.title).toContain(
      `sentinel 127.0.0.1:${portB} announced as 127.0.0.1:${deadPort} (down for 1 of 1 peers)`,
    );
  });
});
