/**
 * INFO in Sentinel mode: only the sections `server`, `clients`, `stats`, `cpu` and
 * `sentinel`, always printed in that order (Server, Clients, Stats, CPU, Sentinel), with the
 * field names the real redis-sentinel 7.0.15 prints. No argument, `default`, `all` and
 * `everything` mean all five; unknown sections are dropped silently (possibly leaving an
 * empty string). Sentinel 7.0 replies with a bulk string in RESP3 too (not verbatim).
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { PROTOCOL, VIGIL_VERSION } from '../constants.js';
import { bulk } from '../resp/reply.js';
import { onConnection } from './helpers.js';
import { vigilOptionPairs } from '../core/vigil-options.js';
const ORDER = ['server', 'clients', 'stats', 'cpu', 'sentinel'];
/** Which sections an INFO call asks for, in output order. */
export function requestedSections(args) {
    if (args.length === 0)
        return [...ORDER];
    const want = new Set();
    for (const a of args) {
        const s = a.toLowerCase();
        if (s === 'default' || s === 'all' || s === 'everything')
            ORDER.forEach((x) => want.add(x));
        else
            want.add(s);
    }
    const sections = ORDER.filter((s) => want.has(s));
    // Vigil's own section only when asked for by name: `all` and `everything` stay what 7.0.15
    // prints, for the tools that parse INFO.
    if (want.has('vigil'))
        sections.push('vigil');
    return sections;
}
const lines = (title, fields) => `# ${title}\r\n` + fields.map(([k, v]) => `${k}:${v}\r\n`).join('');
const BUILD_ID = createHash('sha1').update(`vigil-${VIGIL_VERSION}`).digest('hex').slice(0, 15);
function multiplexingApi() {
    if (process.platform === 'linux')
        return 'epoll';
    if (process.platform === 'win32')
        return 'iocp';
    return 'kqueue';
}
function serverSection(ctx) {
    const now = ctx.now();
    const uptime = Math.max(0, Math.floor((now - ctx.process.startTime) / 1000));
    return lines('Server', [
        ['redis_version', PROTOCOL.redisVersion],
        ['redis_git_sha1', '00000000'],
        ['redis_git_dirty', 0],
        ['redis_build_id', BUILD_ID],
        ['redis_mode', 'sentinel'],
        ['os', `${os.type()} ${os.release()} ${os.machine()}`],
        ['arch_bits', /64/.test(process.arch) ? 64 : 32],
        ['monotonic_clock', 'POSIX clock_gettime'],
        ['multiplexing_api', multiplexingApi()],
        ['atomicvar_api', 'c11-builtin'],
        ['gcc_version', '0.0.0'],
        ['process_id', process.pid],
        ['process_supervised', 'no'],
        ['run_id', ctx.process.runId],
        ['tcp_port', ctx.process.tcpPort],
        ['server_time_usec', Math.floor(now * 1000)],
        ['uptime_in_seconds', uptime],
        ['uptime_in_days', Math.floor(uptime / 86400)],
        // Sentinel 7.0 reports the hz its timer last drew (10..19), configured_hz stays 10.
        ['hz', ctx.process.hz?.() ?? 10],
        ['configured_hz', 10],
        ['lru_clock', Math.floor(now / 1000) & 0xffffff],
        ['executable', ctx.process.executable],
        ['config_file', ctx.process.configFile],
        ['io_threads_active', 0],
    ]);
}
function clientsSection(ctx, hub) {
    return lines('Clients', [
        ['connected_clients', ctx.process.connectedClients()],
        ['cluster_connections', 0],
        ['maxclients', hub.limits.maxClients],
        ['client_recent_max_input_buffer', hub.stats.recentMaxInput],
        ['client_recent_max_output_buffer', hub.stats.recentMaxOutput],
        ['blocked_clients', 0],
        ['tracking_clients', hub.clients().filter((c) => c.tracking !== null).length],
        ['clients_in_timeout_table', 0],
    ]);
}
function statsSection(ctx, hub) {
    const s = hub.stats;
    const inst = hub.instantaneous();
    const zero = (...names) => names.map((n) => [n, 0]);
    return lines('Stats', [
        ['total_connections_received', ctx.process.totalConnections()],
        ['total_commands_processed', ctx.process.totalCommands()],
        ['instantaneous_ops_per_sec', inst.ops],
        ['total_net_input_bytes', s.netInputBytes],
        ['total_net_output_bytes', s.netOutputBytes],
        ...zero('total_net_repl_input_bytes', 'total_net_repl_output_bytes'),
        ['instantaneous_input_kbps', inst.inputKbps.toFixed(2)],
        ['instantaneous_output_kbps', inst.outputKbps.toFixed(2)],
        ['instantaneous_input_repl_kbps', '0.00'],
        ['instantaneous_output_repl_kbps', '0.00'],
        ['rejected_connections', s.rejectedConnections],
        ...zero('sync_full', 'sync_partial_ok', 'sync_partial_err', 'expired_keys'),
        ['expired_stale_perc', '0.00'],
        ...zero('expired_time_cap_reached_count', 'expire_cycle_cpu_milliseconds', 'evicted_keys', 'evicted_clients', 'total_eviction_exceeded_time', 'current_eviction_exceeded_time', 'keyspace_hits', 'keyspace_misses'),
        ['pubsub_channels', hub.pubsub.channelCount()],
        ['pubsub_patterns', hub.pubsub.patternCount()],
        ...zero('pubsubshard_channels', 'latest_fork_usec', 'total_forks', 'migrate_cached_sockets', 'slave_expires_tracked_keys', 'active_defrag_hits', 'active_defrag_misses', 'active_defrag_key_hits', 'active_defrag_key_misses', 'total_active_defrag_time', 'current_active_defrag_time', 'tracking_total_keys', 'tracking_total_items', 'tracking_total_prefixes', 'unexpected_error_replies'),
        ['total_error_replies', s.errorReplies],
        ['dump_payload_sanitizations', 0],
        ['total_reads_processed', s.readsProcessed],
        ['total_writes_processed', s.writesProcessed],
        ...zero('io_threaded_reads_processed', 'io_threaded_writes_processed', 'reply_buffer_shrinks', 'reply_buffer_expands'),
    ]);
}
function cpuSection() {
    const u = process.cpuUsage();
    const sec = (us) => (us / 1e6).toFixed(6);
    return lines('CPU', [
        ['used_cpu_sys', sec(u.system)],
        ['used_cpu_user', sec(u.user)],
        ['used_cpu_sys_children', '0.000000'],
        ['used_cpu_user_children', '0.000000'],
        ['used_cpu_sys_main_thread', sec(u.system)],
        ['used_cpu_user_main_thread', sec(u.user)],
    ]);
}
/** The `# Sentinel` section (spec §18), also what redis_exporter scrapes. */
export function sentinelSection(state, scripts, now) {
    const fields = [
        ['sentinel_masters', state.masters.size],
        ['sentinel_tilt', state.tilt ? 1 : 0],
        ['sentinel_tilt_since_seconds', state.tilt ? Math.floor((now - state.tiltStartTime) / 1000) : -1],
        ['sentinel_running_scripts', scripts.runningCount()],
        ['sentinel_scripts_queue_length', scripts.queueLength()],
        ['sentinel_simulate_failure_flags', state.simulateFailureFlags],
    ];
    let i = 0;
    for (const m of state.masters.values()) {
        const status = m.flags.oDown ? 'odown' : m.flags.sDown ? 'sdown' : 'ok';
        const host = state.settings.announceHostnames ? m.addr.host : m.addr.ip;
        fields.push([
            `master${i++}`,
            `name=${m.name},status=${status},address=${host}:${m.addr.port},slaves=${m.replicas.size},sentinels=${m.sentinels.size + 1}`,
        ]);
    }
    return lines('Sentinel', fields);
}
/** `# Vigil`: Vigil's own options (core/vigil-options.ts) and the fences it keeps now. */
export function vigilSection(state) {
    const fields = vigilOptionPairs(state.settings, true).map(([name, value]) => [
        name.replace(/-/g, '_'),
        value,
    ]);
    let fenced = 0;
    for (const m of state.masters.values()) {
        if (m.fence?.active === true)
            fenced++;
        for (const r of m.replicas.values())
            if (r.fence?.active === true)
                fenced++;
    }
    fields.push(['vigil_fenced_instances', fenced]);
    const inMaintenance = [...state.masters.values()].filter((m) => m.maintenance).map((m) => m.name);
    fields.push(['vigil_maintenance', inMaintenance.join(',')]);
    return lines('Vigil', fields);
}
export function infoText(ctx, hub, sections) {
    const parts = sections.map((s) => {
        switch (s) {
            case 'server':
                return serverSection(ctx);
            case 'clients':
                return clientsSection(ctx, hub);
            case 'stats':
                return statsSection(ctx, hub);
            case 'cpu':
                return cpuSection();
            case 'sentinel':
                return sentinelSection(ctx.core.state, ctx.scripts, ctx.now());
            case 'vigil':
                return vigilSection(ctx.core.state);
        }
    });
    return parts.join('\r\n');
}
export const infoCommandSpec = {
    name: 'info',
    arity: -1,
    flags: ['loading', 'stale'],
    summary: 'Reports server, client, statistics, CPU and Sentinel facts',
    handler: onConnection((conn, ctx, args) => bulk(infoText(ctx, conn.hub, requestedSections(args)))),
};
