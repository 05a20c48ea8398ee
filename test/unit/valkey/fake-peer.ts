/**
 * A fake peer sentinel on loopback for the "what Vigil sends to its peers" checks (unit and
 * integration): it records every command it receives, answers PING with PONG and
 * `SENTINEL is-master-down-by-addr` the way a Redis or Valkey peer that sees the master down
 * does (`[1, *, 0]`: down, no vote), and anything else with +OK.
 */
import * as net from 'node:net';
import { parseFrame, type RespValue } from '../../helpers/respParser.js';

export class FakePeer {
  readonly commands: string[][] = [];
  private readonly server = net.createServer((socket) => this.serve(socket));
  private readonly sockets = new Set<net.Socket>();

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as net.AddressInfo).port;
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const frame = parseFrame(buffer);
        if (frame === undefined) break;
        buffer = buffer.subarray(frame.end);
        const argv =
          frame.value.kind === 'array' ? frame.value.items.map((v: RespValue) => textOfBulk(v)) : [];
        this.commands.push(argv);
        socket.write(this.answer(argv));
      }
    });
  }

  private answer(argv: string[]): string {
    const name = (argv[0] ?? '').toLowerCase();
    if (name === 'ping') return '+PONG\r\n';
    // A Valkey 8 peer answers the old name exactly as Redis does: down=1, no vote, epoch 0.
    if (name === 'sentinel' && argv[1] === 'is-master-down-by-addr') return '*3\r\n:1\r\n$1\r\n*\r\n:0\r\n';
    return '+OK\r\n';
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function textOfBulk(v: RespValue): string {
  return v.kind === 'bulk' || v.kind === 'simple' ? v.value : '';
}
