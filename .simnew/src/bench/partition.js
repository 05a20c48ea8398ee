/**
 * Network partitions with Linux network namespaces (issue #10), shared by the partition tests
 * (test/partition/) and the `partition` benchmark.
 *
 * A lab is three "servers", each a network namespace with `lo` and one veth `eth0` holding
 * 198.51.100.<k>/24 (the documentation range TEST-NET-2, k = 1..3), whose other end sits in a
 * bridge inside a fourth, "hub" namespace. Nothing is added to the root namespace: the test or
 * benchmark process stays there and reaches the servers only through `ip netns exec`.
 *
 * Cutting a server sets the hub-side end of its veth down. The server's `eth0` then loses its
 * carrier but keeps its address and routes, so the server's own processes still reach each
 * other on 198.51.100.<k>, while packets to and from the other servers vanish (connects and
 * requests hang until their timeouts, as in a real partition). Setting the server-side end down
 * instead would remove the subnet route: connects would fail at once with ENETUNREACH, which is
 * not what a partition looks like. Healing sets the hub-side end up again.
 *
 * Every namespace and process a lab creates is removed by `destroy()` (async, normal end) or
 * `destroyNow()` (sync, for exit and signal handlers); namespaces are named
 * `vg<pid>-<n>-<server>` so parallel runs never collide and leftovers of a dead run can be
 * recognized (`sweepStaleNamespaces`).
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep, until } from './wait.js';
export const SUBNET = '198.51.100';
export const SERVER_NAMES = ['a', 'b', 'c'];
export const MASTER = 'mymaster';
export const DATA_PORT = 6379;
export const SENTINEL_PORT = 26379;
/** The config line that turns fencing on in Vigil (issue #10 §3). */
export const FENCE_LINE = 'vigil fence-on-minority yes';
export function serverIp(server) {
    return `${SUBNET}.${server + 1}`;
}
function runIp(args, timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
        execFile('ip', [...args], { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
            if (err)
                reject(new Error(`ip ${args.join(' ')}: ${stderr.trim() || err.message}`));
            else
                resolve(stdout);
        });
    });
}
function ipSync(args) {
    return execFileSync('ip', [...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 5000,
    });
}
/** Namespaces named by this module (`vg<pid>-...`). */
export function listLabNamespaces() {
    let out = '';
    try {
        out = ipSync(['netns', 'list']);
    }
    catch {
        return [];
    }
    return out
        .split('\n')
        .map((line) => line.split(' ')[0] ?? '')
        .filter((name) => /^vg\d+-/.test(name));
}
function pidAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (err) {
        return err.code === 'EPERM';
    }
}
function killNamespacePids(ns) {
    let pids = [];
    try {
        pids = ipSync(['netns', 'pids', ns])
            .split('\n')
            .map((s) => Number.parseInt(s, 10))
            .filter((n) => Number.isInteger(n) && n > 0);
    }
    catch {
        return;
    }
    for (const pid of pids) {
        try {
            process.kill(pid, 'SIGKILL');
        }
        catch {
            // Gone already.
        }
    }
}
function deleteNamespaceNow(ns) {
    killNamespacePids(ns);
    try {
        ipSync(['netns', 'del', ns]);
    }
    catch {
        // Already gone.
    }
}
/** Removes the namespaces (and their processes) left by runs whose process no longer exists. */
export function sweepStaleNamespaces() {
    const swept = [];
    for (const ns of listLabNamespaces()) {
        const pid = Number(/^vg(\d+)-/.exec(ns)?.[1]);
        if (pid === process.pid || pidAlive(pid))
            continue;
        deleteNamespaceNow(ns);
        swept.push(ns);
    }
    return swept;
}
/** Why this machine cannot build a lab (not root, no `ip`, no netns support), or null. */
export function netnsUnavailable() {
    if (typeof process.getuid === 'function' && process.getuid() !== 0)
        return 'needs root (network namespaces)';
    const probe = `vg${process.pid}-probe`;
    try {
        ipSync(['netns', 'add', probe]);
        ipSync(['netns', 'del', probe]);
        return null;
    }
    catch (err) {
        deleteNamespaceNow(probe);
        return `\`ip netns add\` failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); install iproute2`;
    }
}
let labCounter = 0;
/** Labs not destroyed yet in this process, for `destroyAllLabsNow()`. */
const liveLabs = new Set();
/** For exit and signal handlers: destroys every lab of this process at once. */
export function destroyAllLabsNow() {
    for (const lab of [...liveLabs])
        lab.destroyNow();
}
/** Three server namespaces joined by a bridge in a hub namespace; see the file comment. */
export class PartitionLab {
    dir;
    id;
    hub;
    namespaces;
    created = [];
    procs = new Set();
    cutSet = new Set();
    destroyed = false;
    constructor(dir, id) {
        this.dir = dir;
        this.id = id ?? `vg${process.pid}-${++labCounter}`;
        if (!/^vg\d+-[\w-]+$/.test(this.id) || !this.id.startsWith(`vg${process.pid}-`))
            throw new Error(`lab id '${this.id}' must be vg${process.pid}-<something>`);
        this.hub = `${this.id}-hub`;
        this.namespaces = SERVER_NAMES.map((s) => `${this.id}-${s}`);
    }
    /**
     * Builds the namespaces, bridge and links; on failure removes whatever was made. `id` (default
     * `vg<pid>-<n>`, n counting this module's labs) must start with `vg<pid>-`; `onCreate` sees
     * the lab before anything is built, so a caller's exit hook can destroy a half-built lab.
     */
    static async create(dir, options = {}) {
        mkdirSync(dir, { recursive: true });
        const lab = new PartitionLab(dir, options.id);
        liveLabs.add(lab);
        options.onCreate?.(lab);
        try {
            await lab.build();
        }
        catch (err) {
            lab.destroyNow();
            throw err;
        }
        return lab;
    }
    async build() {
        const addNs = async (ns) => {
            if (this.destroyed)
                throw new Error(`lab ${this.id} destroyed during set-up`);
            await runIp(['netns', 'add', ns]);
            if (this.destroyed) {
                // Destroyed while `ip netns add` ran: this one was not in the list yet.
                deleteNamespaceNow(ns);
                throw new Error(`lab ${this.id} destroyed during set-up`);
            }
            this.created.push(ns);
            await runIp(['-n', ns, 'link', 'set', 'lo', 'up']);
        };
        await addNs(this.hub);
        await runIp(['-n', this.hub, 'link', 'add', 'br0', 'type', 'bridge']);
        await runIp(['-n', this.hub, 'link', 'set', 'br0', 'up']);
        for (const [i, ns] of this.namespaces.entries()) {
            await addNs(ns);
            const hubEnd = this.hubEnd(i);
            await runIp([
                '-n',
                this.hub,
                'link',
                'add',
                hubEnd,
                'type',
                'veth',
                'peer',
                'name',
                'eth0',
                'netns',
                ns,
            ]);
            await runIp(['-n', this.hub, 'link', 'set', hubEnd, 'master', 'br0']);
            await runIp(['-n', this.hub, 'link', 'set', hubEnd, 'up']);
            await runIp(['-n', ns, 'addr', 'add', `${serverIp(i)}/24`, 'dev', 'eth0']);
            await runIp(['-n', ns, 'link', 'set', 'eth0', 'up']);
        }
    }
    hubEnd(server) {
        return `v${SERVER_NAMES[server]}`;
    }
    /** Cuts a server off the others (its local processes still reach each other). */
    async cut(server) {
        await runIp(['-n', this.hub, 'link', 'set', this.hubEnd(server), 'down']);
        this.cutSet.add(server);
    }
    async heal(server) {
        await runIp(['-n', this.hub, 'link', 'set', this.hubEnd(server), 'up']);
        this.cutSet.delete(server);
    }
    isCut(server) {
        return this.cutSet.has(server);
    }
    /** Runs a short command inside a server's namespace and returns its stdout. */
    exec(server, command, args, timeoutMs = 3000) {
        return runIp(['netns', 'exec', this.namespaces[server], command, ...args], timeoutMs);
    }
    /** `redis-cli --raw` against `ip:port` from inside `server`, output split into lines. */
    async cli(server, host, port, args, timeoutMs = 3000) {
        const out = await this.exec(server, 'redis-cli', ['-h', host, '-p', String(port), '--raw', ...args], timeoutMs);
        return out.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
    }
    /**
     * Starts a long-running process inside a server's namespace (`ip netns exec` execs, so the
     * child's pid is the program's), stdout and stderr to `<dir>/<name>.log`.
     */
    spawn(server, name, command, args, cwd = this.dir) {
        if (this.destroyed)
            throw new Error('lab destroyed');
        const logPath = join(this.dir, `${name}.log`);
        const fd = openSync(logPath, 'a');
        let child;
        try {
            child = spawn('ip', ['netns', 'exec', this.namespaces[server], command, ...args], {
                cwd,
                stdio: ['ignore', fd, fd],
            });
        }
        finally {
            closeSync(fd);
        }
        child.unref();
        child.on('error', () => undefined);
        const exited = new Promise((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null)
                resolve();
            else
                child.once('exit', () => resolve());
        });
        const proc = { name, server, child, logPath, exited };
        this.procs.add(proc);
        void exited.then(() => this.procs.delete(proc));
        return proc;
    }
    /** SIGTERM, then SIGKILL after `graceMs`. */
    async stop(proc, graceMs = 3000) {
        if (proc.child.exitCode !== null || proc.child.signalCode !== null)
            return;
        proc.child.kill('SIGTERM');
        const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
        await proc.exited;
        clearTimeout(timer);
    }
    get processes() {
        return [...this.procs];
    }
    /** Stops every process and removes every namespace (and with them the links). */
    async destroy() {
        if (this.destroyed)
            return;
        await Promise.all([...this.procs].map((p) => this.stop(p, 2000)));
        this.destroyNow();
    }
    /** Synchronous last resort: SIGKILL to every process, then delete the namespaces. */
    destroyNow() {
        if (this.destroyed)
            return;
        this.destroyed = true;
        liveLabs.delete(this);
        for (const p of this.procs) {
            try {
                p.child.kill('SIGKILL');
            }
            catch {
                // Gone already.
            }
        }
        // Servers first (their processes die with the kill), then the hub with the bridge.
        for (const ns of [...this.created].reverse())
            deleteNamespaceNow(ns);
        this.created.length = 0;
    }
}
/** Thrown when a sentinel refuses its config (exits at start-up). */
export class SentinelRefusedConfig extends Error {
    name = 'SentinelRefusedConfig';
}
/** `until` (bench/wait.ts), except that a sentinel refusing its config ends the wait at once. */
function waitUntil(what, timeoutMs, probe, intervalMs = 100) {
    return until(what, timeoutMs, probe, intervalMs, (err) => err instanceof SentinelRefusedConfig);
}
function tailOf(path, lines = 20) {
    try {
        return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
    }
    catch {
        return '(no log)';
    }
}
export async function startDeployment(lab, options) {
    const downAfter = options.downAfterMs ?? 1000;
    const failoverTimeout = options.failoverTimeoutMs ?? 10_000;
    const readyMs = options.readyTimeoutMs ?? 30_000;
    const data = [];
    for (const i of [0, 1, 2]) {
        const dir = join(lab.dir, `data-${SERVER_NAMES[i]}`);
        mkdirSync(dir, { recursive: true });
        const lines = [
            `bind ${serverIp(i)}`,
            `port ${DATA_PORT}`,
            'protected-mode no',
            'save ""',
            'appendonly no',
            // A demoted primary resyncs at once instead of after the default 5 s of waiting for more replicas.
            'repl-diskless-sync-delay 0',
            `dir ${dir}`,
            ...(i === 0 ? [] : [`replicaof ${serverIp(0)} ${DATA_PORT}`]),
            ...(options.dataConfig ?? []),
        ];
        writeFileSync(join(dir, 'redis.conf'), `${lines.join('\n')}\n`);
        data.push(lab.spawn(i, `data-${SERVER_NAMES[i]}`, options.redisServer ?? 'redis-server', [join(dir, 'redis.conf')], dir));
    }
    await Promise.all(data.map((p, i) => waitUntil(`data node ${serverIp(i)} to answer PING`, readyMs, async () => {
        if (p.child.exitCode !== null)
            throw new Error(`exited:\n${tailOf(p.logPath)}`);
        return (await lab.cli(i, serverIp(i), DATA_PORT, ['PING']))[0] === 'PONG';
    })));
    await Promise.all([1, 2].map((i) => waitUntil(`replica ${serverIp(i)} in sync`, readyMs, async () => {
        const role = await roleOf(lab, i);
        return role.role === 'slave' && role.state === 'connected';
    })));
    const sentinels = [];
    for (const i of [0, 1, 2]) {
        const dir = join(lab.dir, `${options.kind}-${SERVER_NAMES[i]}`);
        mkdirSync(dir, { recursive: true });
        const lines = [
            `port ${SENTINEL_PORT}`,
            `bind ${serverIp(i)}`,
            `dir ${dir}`,
            `sentinel monitor ${MASTER} ${serverIp(0)} ${DATA_PORT} 2`,
            `sentinel down-after-milliseconds ${MASTER} ${downAfter}`,
            `sentinel failover-timeout ${MASTER} ${failoverTimeout}`,
            ...(options.sentinelConfig ?? []),
        ];
        const configPath = join(dir, 'sentinel.conf');
        writeFileSync(configPath, `${lines.join('\n')}\n`);
        const [command, args] = options.kind === 'vigil'
            ? [options.node, [options.vigilBin, configPath]]
            : [options.redisSentinel ?? 'redis-sentinel', [configPath]];
        sentinels.push(lab.spawn(i, `${options.kind}-${SERVER_NAMES[i]}`, command, args, dir));
    }
    await Promise.all(sentinels.map((p, i) => waitUntil(`${options.kind} on ${serverIp(i)} to answer PING`, readyMs, async () => {
        if (p.child.exitCode !== null || p.child.signalCode !== null) {
            throw new SentinelRefusedConfig(`${p.name} exited at start-up:\n${tailOf(p.logPath)}`);
        }
        return (await lab.cli(i, serverIp(i), SENTINEL_PORT, ['PING']))[0] === 'PONG';
    })));
    const deployment = { lab, kind: options.kind, data, sentinels };
    // Every sentinel knows both replicas and both other sentinels.
    await Promise.all([0, 1, 2].map((i) => waitUntil(`${options.kind} on ${serverIp(i)} to discover 2 replicas and 2 sentinels`, readyMs, async () => {
        const m = await sentinelMaster(lab, i);
        return m['num-slaves'] === '2' && m['num-other-sentinels'] === '2';
    })));
    return deployment;
}
// ---------------------------------------------------------------------------------------------
// Queries, each from inside the server that is asked.
function pairsOf(lines) {
    const out = {};
    for (let i = 0; i + 1 < lines.length; i += 2)
        out[lines[i]] = lines[i + 1];
    return out;
}
export async function sentinelMaster(lab, server) {
    return pairsOf(await lab.cli(server, serverIp(server), SENTINEL_PORT, ['SENTINEL', 'MASTER', MASTER]));
}
/** The primary's address as this server's sentinel gives it to clients (`ip:port`). */
export async function sentinelPrimary(lab, server) {
    const lines = await lab.cli(server, serverIp(server), SENTINEL_PORT, [
        'SENTINEL',
        'GET-MASTER-ADDR-BY-NAME',
        MASTER,
    ]);
    return `${lines[0]}:${lines[1]}`;
}
export async function roleOf(lab, server) {
    const lines = await lab.cli(server, serverIp(server), DATA_PORT, ['ROLE']);
    if (lines[0] === 'slave')
        return { role: 'slave', primary: `${lines[1]}:${lines[2]}`, state: lines[3] };
    return { role: lines[0] ?? '' };
}
/**
 * Everyone agrees when the three sentinels give the same primary and config epoch, that node
 * says it is a master, and the other two are its replicas with the link up. Null otherwise.
 */
export async function agreement(lab) {
    const views = await Promise.all([0, 1, 2].map((i) => sentinelMaster(lab, i)));
    const addrs = new Set(views.map((v) => `${v.ip}:${v.port}`));
    const epochs = new Set(views.map((v) => v['config-epoch']));
    if (addrs.size !== 1 || epochs.size !== 1)
        return null;
    const addr = [...addrs][0];
    const primary = [0, 1, 2].find((i) => `${serverIp(i)}:${DATA_PORT}` === addr);
    if (primary === undefined)
        return null;
    const roles = await Promise.all([0, 1, 2].map((i) => roleOf(lab, i)));
    for (const [i, r] of roles.entries()) {
        if (i === primary
            ? r.role !== 'master'
            : r.role !== 'slave' || r.primary !== addr || r.state !== 'connected')
            return null;
    }
    return { primary, configEpoch: Number(views[0]['config-epoch']) };
}
/** Every key matching `pattern` on a data node, through SCAN from inside its server. */
export async function keysOn(lab, server, pattern) {
    const lines = await lab.cli(server, serverIp(server), DATA_PORT, ['--scan', '--pattern', pattern], 30_000);
    return new Set(lines.filter(Boolean));
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `1234:X 08 Dec 2026 01:23:45.678 # +switch-master mymaster ...` (redis-sentinel's log). */
const SENTINEL_LINE = /^\d+:X (\d\d) (\w{3}) (\d{4}) (\d\d):(\d\d):(\d\d)\.(\d{3}) . ([+-][\w-]+) ?(.*)$/;
/** The `+event payload` lines of a sentinel log: Vigil's JSON lines or redis-sentinel's text. */
export function parseSentinelEvents(text) {
    const events = [];
    for (const line of text.split('\n')) {
        if (line.startsWith('{')) {
            try {
                const entry = JSON.parse(line);
                if (typeof entry.event === 'string' && typeof entry.time === 'number')
                    events.push({ at: entry.time, event: entry.event, payload: String(entry.payload ?? '') });
            }
            catch {
                // A partial last line.
            }
            continue;
        }
        const m = SENTINEL_LINE.exec(line);
        if (!m)
            continue;
        const [, dd, mon, yyyy, hh, mi, ss, ms, event, payload] = m;
        const at = new Date(Number(yyyy), MONTHS.indexOf(mon), Number(dd), Number(hh), Number(mi), Number(ss), Number(ms)).getTime();
        events.push({ at, event: event, payload: payload ?? '' });
    }
    return events;
}
export function eventsOf(proc) {
    try {
        return parseSentinelEvents(readFileSync(proc.logPath, 'utf8'));
    }
    catch {
        return [];
    }
}
/**
 * Failovers in a run: the most `+switch-master` events any one sentinel logged (each sentinel
 * logs one per failover, whether it led it or learned of it).
 */
export function failoverCount(d, since = 0) {
    return Math.max(0, ...d.sentinels.map((s) => eventsOf(s).filter((e) => e.event === '+switch-master' && e.at >= since).length));
}
export function startWriter(lab, server, name, script, node, failoverDetector = true) {
    const ackLog = join(lab.dir, `acked-${name}.txt`);
    writeFileSync(ackLog, '');
    const sentinels = [0, 1, 2].map((i) => `${serverIp(i)}:${SENTINEL_PORT}`);
    // The writer's own server's sentinel first, as a client would be configured beside it.
    sentinels.unshift(...sentinels.splice(server, 1));
    const proc = lab.spawn(server, `writer-${name}`, node, [
        script,
        '--name',
        name,
        '--sentinels',
        sentinels.join(','),
        '--log',
        ackLog,
        '--failover-detector',
        failoverDetector ? 'yes' : 'no',
    ]);
    return { name, server, proc, ackLog };
}
/** The writes the writer logged as acknowledged so far. */
export function acks(w) {
    if (!existsSync(w.ackLog))
        return [];
    const out = [];
    for (const line of readFileSync(w.ackLog, 'utf8').split('\n')) {
        const [seq, at] = line.split(' ').map(Number);
        if (Number.isInteger(seq) && Number.isFinite(at))
            out.push({ seq: seq, at: at });
    }
    return out;
}
/** Sequence numbers the writer logged as acknowledged so far. */
export function ackedSeqs(w) {
    return acks(w).map((a) => a.seq);
}
/** Acknowledged writes whose key is missing on `server`'s data node (the final primary). */
export async function countLost(lab, server, writers) {
    const keys = await keysOn(lab, server, 'w:*');
    const byWriter = {};
    let acked = 0;
    let lost = 0;
    for (const w of writers) {
        const all = acks(w);
        const missing = all.filter((a) => !keys.has(`w:${w.name}:${a.seq}`));
        byWriter[w.name] = { acked: all.length, lost: missing.length, lostAt: missing.map((a) => a.at) };
        acked += all.length;
        lost += missing.length;
    }
    return { acked, lost, byWriter };
}
/** Lost writes acknowledged before `until` (during the cut) and from then on (after healing). */
export function lostBefore(loss, until) {
    const times = Object.values(loss.byWriter).flatMap((w) => w.lostAt);
    const before = times.filter((t) => t < until).length;
    return { before, after: times.length - before };
}
export const PARTITION_VARIANTS = ['redis-sentinel', 'vigil', 'vigil-fenced'];
export const VARIANT_LABEL = {
    'redis-sentinel': 'redis-sentinel',
    vigil: 'Vigil',
    'vigil-fenced': 'Vigil fence-on-minority',
};
const FAILOVER_EVENTS = ['+odown', '+try-failover', '+elected-leader', '+promoted-slave', '+switch-master'];
function emptyRun(variant, run) {
    return {
        variant,
        run,
        acked: null,
        lost: null,
        lostByWriter: {},
        lostAfterHeal: null,
        failovers: null,
        failoverMs: null,
        convergeMs: null,
        isolatedFailedOver: null,
        error: null,
        unavailable: null,
    };
}
/** One run of one variant in a fresh lab; never throws (a failed run carries `error`). */
export async function runPartition(baseDir, programs, variant, run, settings, log) {
    const base = emptyRun(variant, run);
    let lab = null;
    try {
        lab = await PartitionLab.create(join(baseDir, `partition-${variant}-${run}`));
        let d;
        try {
            d = await startDeployment(lab, {
                kind: variant === 'redis-sentinel' ? 'redis-sentinel' : 'vigil',
                node: programs.node,
                vigilBin: programs.vigilBin,
                redisServer: programs.redisServer,
                redisSentinel: programs.redisSentinel,
                downAfterMs: settings.downAfterMs,
                failoverTimeoutMs: settings.failoverTimeoutMs,
                sentinelConfig: variant === 'vigil-fenced' ? [FENCE_LINE] : [],
            });
        }
        catch (err) {
            if (variant === 'vigil-fenced' && err instanceof SentinelRefusedConfig) {
                const reason = `Vigil refuses '${FENCE_LINE}' (${/Bad directive[^\n]*/.exec(err.message)?.[0] ?? 'exited at start-up'})`;
                log(`${VARIANT_LABEL[variant]} run ${run}: not available: ${reason}`);
                return { ...base, unavailable: reason };
            }
            throw err;
        }
        const writers = [
            startWriter(lab, 0, 'near', programs.writerScript, programs.node, settings.failoverDetector),
            startWriter(lab, 2, 'far', programs.writerScript, programs.node, settings.failoverDetector),
        ];
        await waitUntil('both writers to have acknowledged writes', 20_000, async () => writers.every((w) => ackedSeqs(w).length > 0));
        await sleep(settings.warmupMs);
        const cutAt = Date.now();
        await lab.cut(0);
        await sleep(settings.cutMs);
        const healedAt = Date.now();
        await lab.heal(0);
        const agreed = await waitUntil('agreement after healing', settings.convergeTimeoutMs, () => agreement(lab).catch(() => null), 100);
        const convergeMs = Date.now() - healedAt;
        await sleep(settings.afterMs);
        await Promise.all(writers.map((w) => lab.stop(w.proc, 5000)));
        const loss = await countLost(lab, agreed.primary, writers);
        const firstSwitch = (i) => eventsOf(d.sentinels[i]).find((e) => e.event === '+switch-master' && e.at >= cutAt)?.at ?? null;
        const majority = [firstSwitch(1), firstSwitch(2)];
        const failoverMs = majority.some((t) => t === null) ? null : Math.max(...majority) - cutAt;
        const isolatedFailedOver = eventsOf(d.sentinels[0]).some((e) => e.at >= cutAt && e.at <= healedAt && FAILOVER_EVENTS.includes(e.event));
        const result = {
            ...base,
            acked: loss.acked,
            lost: loss.lost,
            lostByWriter: Object.fromEntries(Object.entries(loss.byWriter).map(([name, w]) => [name, { acked: w.acked, lost: w.lost }])),
            lostAfterHeal: lostBefore(loss, healedAt).after,
            failovers: failoverCount(d, cutAt),
            failoverMs,
            convergeMs,
            isolatedFailedOver,
        };
        const ms = (v) => (v === null ? '-' : `${Math.round(v)} ms`);
        log(`${VARIANT_LABEL[variant]} run ${run}: ${loss.lost} of ${loss.acked} acknowledged writes lost ` +
            `(${Object.entries(loss.byWriter)
                .map(([n, c]) => `${n} ${c.lost}/${c.acked}`)
                .join(', ')}; ${result.lostAfterHeal} of them acknowledged after healing), failovers ${result.failovers}, cut to failover ${ms(failoverMs)}, ` +
            `heal to agreement ${ms(convergeMs)}${isolatedFailedOver ? ', the isolated sentinel tried a failover' : ''}`);
        return result;
    }
    catch (err) {
        const error = err instanceof Error ? err.message.split('\n')[0] : String(err);
        log(`${VARIANT_LABEL[variant]} run ${run}: failed: ${error}`);
        return { ...base, error };
    }
    finally {
        await lab?.destroy();
    }
}
