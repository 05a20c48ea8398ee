/**
 * The TCP listeners, with Redis's `bind` semantics: `*` is every IPv4 address, `::*` every
 * IPv6 one, a leading `-` marks an address whose failure is tolerated (unavailable address
 * or address family), and no `bind` at all means `* -::*`. Port 0 picks a free port (the
 * first listener's, reused by the others) — handy for tests.
 */
import net from 'node:net';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/model.js';

/** Errors an optional (`-`) bind address may fail with, as Redis tolerates them. */
const OPTIONAL_ERRORS = new Set([
  'EADDRNOTAVAIL',
  'EAFNOSUPPORT',
  'EPROTONOSUPPORT',
  'ENOPROTOOPT',
  'EINVAL',
]);

interface BindSpec {
  host: string;
  ipv6Only: boolean;
  optional: boolean;
  shown: string;
}

export function parseBind(bind: readonly string[]): BindSpec[] {
  const list = bind.length === 0 ? ['*', '-::*'] : bind;
  return list.map((raw) => {
    const optional = raw.startsWith('-');
    const a = optional ? raw.slice(1) : raw;
    if (a === '*') return { host: '0.0.0.0', ipv6Only: false, optional, shown: '*' };
    if (a === '::*') return { host: '::', ipv6Only: true, optional, shown: '::*' };
    return { host: a, ipv6Only: a.includes(':'), optional, shown: a };
  });
}

export class ListenerSet {
  private servers: net.Server[] = [];

  constructor(
    private readonly config: ServerConfig,
    private readonly log: Logger,
    private readonly onConnection: (socket: net.Socket) => void,
  ) {}

  async open(): Promise<void> {
    let port = this.config.port;
    for (const spec of parseBind(this.config.bind)) {
      const server = net.createServer({ noDelay: true }, this.onConnection);
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ host: spec.host, port, ipv6Only: spec.ipv6Only, exclusive: true }, () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (spec.optional && e.code !== undefined && OPTIONAL_ERRORS.has(e.code)) {
          this.log.debug(`Skipping optional bind address ${spec.shown}: ${e.message}`);
          continue;
        }
        const detail = `Could not create server TCP listening socket ${spec.shown}:${port}: ${e.message}`;
        this.log.warn(`Warning: ${detail}`);
        await this.close();
        throw new Error(`Failed listening on port ${port} (TCP): ${detail}`);
      }
      server.on('error', (err) => this.log.warn(`Listening socket error: ${err.message}`));
      const addr = server.address();
      if (port === 0 && addr && typeof addr === 'object') port = addr.port;
      this.servers.push(server);
    }
  }

  async close(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  ports(): number[] {
    const out: number[] = [];
    for (const s of this.servers) {
      const a = s.address();
      if (a && typeof a === 'object' && !out.includes(a.port)) out.push(a.port);
    }
    return out;
  }
}
