/**
 * `vigil demo`: the recommended production deployment, run locally in a temporary directory.
 * One primary, two replicas and three Vigil processes with quorum 2; it shows the topology
 * as the Vigils discover it, kills the primary, shows the failover events as they happen and
 * the new primary, brings the old primary back and shows it rejoin as a replica, then cleans
 * everything up (also on Ctrl-C).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { findOnPath, freePort, ProcessGroup } from './local-processes.js';
const MASTER_NAME = 'mymaster';
const INSTALL_HINT = [
    'redis-server was not found on PATH. The demo runs real Redis processes; install them with',
    '  sudo apt-get install -y redis-server        (Debian, Ubuntu)',
    '  sudo dnf install -y redis                   (Fedora, RHEL)',
    '  brew install redis                          (macOS)',
    'or run `bash scripts/setup.sh`, which installs it on Debian when it can.',
].join('\n');
function vigilBinPath() {
    // dist/cli/demo.js → ../../bin/vigil
    return resolve(fileURLToPath(import.meta.url), '..', '..', '..', 'bin', 'vigil');
}
async function until(what, timeoutMs, probe) {
    const deadline = Date.now() + timeoutMs;
    let lastError = null;
    for (;;) {
        try {
            const value = await probe();
            if (value)
                return value;
        }
        catch (err) {
            lastError = err;
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
        }
        await new Promise((r) => setTimeout(r, 100));
    }
}
/** Flat [k, v, k, v] → object, the way clients read Sentinel maps in RESP2. */
function pairs(flat) {
    const out = {};
    if (Array.isArray(flat))
        for (let i = 0; i + 1 < flat.length; i += 2)
            out[String(flat[i])] = String(flat[i + 1]);
    return out;
}
export async function runDemo(options = {}) {
    const write = options.write ?? ((line) => process.stdout.write(line + '\n'));
    const downAfter = options.downAfterMs ?? 1000;
    const failoverTimeout = options.failoverTimeoutMs ?? 6000;
    const stepTimeout = options.stepTimeoutMs ?? 30000;
    if (!findOnPath('redis-server')) {
        write(INSTALL_HINT);
        return 1;
    }
    const started = Date.now();
    const stamp = () => `+${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s`;
    const say = (line) => write(`${stamp()}  ${line}`);
    const baseDir = mkdtempSync(join(tmpdir(), 'vigil-demo-'));
    const group = new ProcessGroup(baseDir);
    const clients = [];
    let interrupted = false;
    const onSignal = () => {
        interrupted = true;
        say('interrupted: stopping every process the demo started');
        void cleanup().then(() => process.exit(130));
    };
    let cleaned = false;
    let keepLogs = false;
    async function cleanup() {
        if (cleaned)
            return;
        cleaned = true;
        for (const client of clients)
            client.disconnect();
        await group.stopAll();
        // A failed run keeps its directory so the process logs can be read.
        if (!keepLogs)
            rmSync(baseDir, { recursive: true, force: true });
    }
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
        say(`working directory ${baseDir}`);
        const [p0, p1, p2, s0, s1, s2] = await Promise.all([0, 1, 2, 3, 4, 5].map(() => freePort()));
        const primary = await group.startRedis('redis-a', p0);
        const replicas = [await group.startRedis('redis-b', p1, p0), await group.startRedis('redis-c', p2, p0)];
        say(`data nodes: primary 127.0.0.1:${p0}, replicas 127.0.0.1:${p1} and 127.0.0.1:${p2}`);
        const vigilLines = [
            `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${p0} 2`,
            `sentinel down-after-milliseconds ${MASTER_NAME} ${downAfter}`,
            `sentinel failover-timeout ${MASTER_NAME} ${failoverTimeout}`,
        ];
        const vigils = [];
        for (const [i, port] of [s0, s1, s2].entries()) {
            vigils.push(await group.startVigil(`vigil-${i + 1}`, port, vigilBinPath(), vigilLines));
        }
        say(`Vigils on ports ${s0}, ${s1}, ${s2}, quorum 2, down-after ${downAfter} ms`);
        // Follow every event of every Vigil, as an operator would with PSUBSCRIBE *.
        for (const [i, vigil] of vigils.entries()) {
            const sub = new Redis({ host: '127.0.0.1', port: vigil.port, lazyConnect: true });
            sub.on('error', () => undefined);
            clients.push(sub);
            await sub.connect();
            sub.on('pmessage', (_pattern, channel, message) => {
                if (channel === '__sentinel__:hello')
                    return;
                say(`vigil-${i + 1}  ${channel} ${message}`);
            });
            await sub.psubscribe('*');
        }
        const admin = vigils.map((v) => {
            const c = new Redis({ host: '127.0.0.1', port: v.port, lazyConnect: true });
            c.on('error', () => undefined);
            clients.push(c);
            return c;
        });
        await Promise.all(admin.map((c) => c.connect()));
        say('waiting for every Vigil to discover both replicas and its two peers...');
        await until('discovery', stepTimeout, async () => {
            for (const c of admin) {
                const reps = (await c.call('SENTINEL', 'REPLICAS', MASTER_NAME));
                const peers = (await c.call('SENTINEL', 'SENTINELS', MASTER_NAME));
                if (reps.length < 2 || peers.length < 2)
                    return false;
            }
            return true;
        });
        const master = pairs(await admin[0].call('SENTINEL', 'MASTER', MASTER_NAME));
        say(`topology: primary ${master.ip}:${master.port}, ${master['num-slaves']} replicas, ` +
            `${Number(master['num-other-sentinels']) + 1} Vigils, config epoch ${master['config-epoch']}`);
        say(`killing the primary (kill -9 redis-a, port ${p0})`);
        await group.kill(primary);
        const newAddress = await until('the failover', stepTimeout + failoverTimeout, async () => {
            const answers = await Promise.all(admin.map((c) => c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER_NAME)));
            const ports = answers.map((a) => (Array.isArray(a) ? String(a[1]) : ''));
            return ports.every((p) => p !== String(p0) && p === ports[0]) ? ports[0] : null;
        });
        const promoted = replicas.find((r) => String(r.port) === newAddress);
        say(`all three Vigils agree: the new primary is 127.0.0.1:${newAddress} (${promoted?.name ?? '?'})`);
        say('restarting the old primary; the Vigils will turn it into a replica of the new one');
        await primary.restart();
        await until('the old primary to rejoin as a replica', stepTimeout * 2, async () => {
            const probe = new Redis({ host: '127.0.0.1', port: p0, lazyConnect: true, retryStrategy: () => null });
            probe.on('error', () => undefined);
            try {
                await probe.connect();
                const info = await probe.info('replication');
                return info.includes('role:slave') && info.includes(`master_port:${newAddress}`);
            }
            finally {
                probe.disconnect();
            }
        });
        say(`redis-a (127.0.0.1:${p0}) is now a replica of 127.0.0.1:${newAddress}`);
        say('demo complete: cleaning up');
        return 0;
    }
    catch (err) {
        keepLogs = !interrupted;
        if (!interrupted)
            say(`demo failed: ${err instanceof Error ? err.message : String(err)} (logs in ${baseDir})`);
        return 1;
    }
    finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
        await cleanup();
    }
}
