/**
 * The processes a benchmark run starts: redis-server data nodes, sentinels of both kinds (Vigil
 * and the real redis-sentinel) and redis-benchmark itself. Every child is tracked from the moment
 * it is spawned, so `stopAll()` (normal end, errors) and `killAllNow()` (Ctrl-C, process exit)
 * leave nothing behind. Ideas taken from src/cli/local-processes.ts; the helpers it exports are
 * reused as they are.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { waitForPing } from '../cli/local-processes.js';
export const KINDS = ['vigil', 'redis-sentinel'];
export const KIND_LABEL = { vigil: 'Vigil', 'redis-sentinel': 'redis-sentinel' };
function alive(child) {
    return child.exitCode === null && child.signalCode === null;
}
function tail(path, lines = 15) {
    try {
        return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
    }
    catch {
        return '(no log)';
    }
}
export class Fleet {
    baseDir;
    programs;
    children = new Set();
    clients = new Set();
    constructor(baseDir, programs) {
        this.baseDir = baseDir;
        this.programs = programs;
    }
    /** Spawn and track a child; it leaves the set when it exits. */
    spawn(command, args, options) {
        const child = spawn(command, args, options);
        this.children.add(child);
        child.once('exit', () => this.children.delete(child));
        // A spawn failure (ENOENT) arrives as an 'error' event; the caller sees it through 'exit'.
        child.on('error', () => undefined);
        return child;
    }
    /** Start a server process logging to `<dir>/<name>.log` and wait until it answers PING. */
    async startServer(name, port, command, args, dir) {
        mkdirSync(dir, { recursive: true });
        const logPath = join(dir, `${name}.log`);
        const log = openSync(logPath, 'a');
        const child = this.spawn(command, args, { cwd: dir, stdio: ['ignore', log, log] });
        closeSync(log);
        // Fail at once when the process dies during start-up instead of polling until the deadline.
        const exited = new Promise((_, reject) => {
            child.once('exit', (code, signal) => reject(new Error(`${name} exited during start-up (${signal ?? `code ${code}`}):\n${tail(logPath)}`)));
        });
        exited.catch(() => undefined);
        try {
            await Promise.race([waitForPing(port), exited]);
        }
        catch (err) {
            await this.kill(child);
            throw err;
        }
        if (child.pid === undefined)
            throw new Error(`${name} has no pid`);
        return { name, port, dir, child, pid: child.pid };
    }
    /** A redis-server with no persistence, bound to loopback. */
    startRedis(name, port, replicaOf) {
        const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
        if (replicaOf !== undefined)
            args.push('--replicaof', '127.0.0.1', String(replicaOf));
        return this.startServer(name, port, this.programs.redisServer, args, join(this.baseDir, name));
    }
    /**
     * A sentinel of either kind on the same config file: `port`, `bind`, then `lines`. Vigil is a
     * drop-in for `redis-sentinel <config>`, so both get identical configs.
     */
    startSentinel(kind, name, port, lines) {
        const dir = join(this.baseDir, name);
        mkdirSync(dir, { recursive: true });
        const configPath = join(dir, 'sentinel.conf');
        writeFileSync(configPath, [`port ${port}`, 'bind 127.0.0.1', ...lines, ''].join('\n'));
        return kind === 'vigil'
            ? this.startServer(name, port, this.programs.node, [this.programs.vigilBin, configPath], dir)
            : this.startServer(name, port, this.programs.redisSentinel, [configPath], dir);
    }
    /** A tracked ioredis client that never reconnects on its own and never throws on 'error'. */
    client(port) {
        const client = new Redis({
            host: '127.0.0.1',
            port,
            lazyConnect: true,
            retryStrategy: () => null,
            maxRetriesPerRequest: 0,
            enableOfflineQueue: false,
        });
        client.on('error', () => undefined);
        this.clients.add(client);
        return client;
    }
    dropClient(client) {
        client.disconnect();
        this.clients.delete(client);
    }
    /** Send `signal` (kill -9 by default) and wait until the process is gone. */
    kill(proc, signal = 'SIGKILL') {
        const child = 'child' in proc ? proc.child : proc;
        return new Promise((resolve) => {
            if (!alive(child))
                return resolve();
            child.once('exit', () => resolve());
            child.kill(signal);
        });
    }
    /** Stop everything started so far and wait for every exit. */
    async stopAll() {
        for (const client of this.clients)
            client.disconnect();
        this.clients.clear();
        await Promise.all([...this.children].map((child) => this.kill(child)));
    }
    /** Synchronous last resort for signal and exit handlers: SIGKILL to every child still alive. */
    killAllNow() {
        for (const client of this.clients)
            client.disconnect();
        for (const child of this.children)
            if (alive(child))
                child.kill('SIGKILL');
    }
    get running() {
        return this.children.size;
    }
}
