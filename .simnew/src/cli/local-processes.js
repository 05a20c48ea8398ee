/**
 * Starting and stopping local redis-server and Vigil processes for `vigil demo` (and anything
 * else that wants a throwaway deployment on loopback). Every process started here is
 * remembered and killed by `stopAll()`, also when the demo is interrupted.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { accessSync, constants, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import pRetry from 'p-retry';
import { Redis } from 'ioredis';
/** Look a program up on PATH the way a shell would; null when it is not there. */
export function findOnPath(program) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
        if (!dir)
            continue;
        const candidate = join(dir, program);
        try {
            accessSync(candidate, constants.X_OK);
            return candidate;
        }
        catch {
            // not here; keep looking
        }
    }
    return null;
}
/** A port the kernel says is free on 127.0.0.1 right now. */
export function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            const port = typeof address === 'object' && address ? address.port : 0;
            server.close(() => resolve(port));
        });
    });
}
/** Poll until the process on `port` answers PING (p-retry's backoff, bounded in attempts). */
export async function waitForPing(port, attempts = 40) {
    await pRetry(async () => {
        const client = new Redis({
            host: '127.0.0.1',
            port,
            lazyConnect: true,
            retryStrategy: () => null,
            maxRetriesPerRequest: 0,
        });
        client.on('error', () => undefined);
        try {
            await client.connect();
            await client.ping();
        }
        finally {
            client.disconnect();
        }
    }, { retries: attempts, minTimeout: 50, maxTimeout: 250, factor: 1.5 });
}
export class ProcessGroup {
    baseDir;
    processes = [];
    constructor(baseDir) {
        this.baseDir = baseDir;
    }
    /** Start a process, logging to `<dir>/<name>.log`, and wait until it answers PING. */
    async start(name, port, command, args) {
        const dir = join(this.baseDir, name);
        mkdirSync(dir, { recursive: true });
        const launch = () => {
            const log = openSync(join(dir, `${name}.log`), 'a');
            return spawn(command, args, { cwd: dir, stdio: ['ignore', log, log] });
        };
        const proc = {
            name,
            port,
            dir,
            child: launch(),
            restart: async () => {
                proc.child = launch();
                await waitForPing(port);
            },
        };
        this.processes.push(proc);
        await waitForPing(port);
        return proc;
    }
    /** A redis-server with no persistence, bound to loopback. */
    async startRedis(name, port, replicaOf) {
        const redisServer = findOnPath('redis-server') ?? 'redis-server';
        // No 5 s wait before a replica's full sync (redis-server's default diskless delay), so
        // replicas repointed during a failover are back in sync at once.
        const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
        args.push('--repl-diskless-sync-delay', '0');
        if (replicaOf !== undefined)
            args.push('--replicaof', '127.0.0.1', String(replicaOf));
        return this.start(name, port, redisServer, args);
    }
    /** A Vigil process started through bin/vigil on a config file written into its directory. */
    async startVigil(name, port, vigilBin, configLines) {
        const dir = join(this.baseDir, name);
        mkdirSync(dir, { recursive: true });
        const configPath = join(dir, 'sentinel.conf');
        writeFileSync(configPath, [`port ${port}`, 'bind 127.0.0.1', ...configLines, ''].join('\n'));
        return this.start(name, port, process.execPath, [vigilBin, configPath]);
    }
    kill(proc, signal = 'SIGKILL') {
        return new Promise((resolve) => {
            if (proc.child.exitCode !== null || proc.child.signalCode !== null)
                return resolve();
            proc.child.once('exit', () => resolve());
            proc.child.kill(signal);
        });
    }
    async stopAll() {
        await Promise.all(this.processes.map((proc) => this.kill(proc)));
    }
}
