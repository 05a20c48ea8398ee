import { PROTOCOL, defaultTimers } from '../constants.js';
import { renderVigilOptions } from '../core/vigil-options.js';
/**
 * Compared against the built-in defaults, not the `SENTINEL DEBUG` overrides in
 * `state.timers`: debug overrides are not saved, so a value equal to an overridden default must
 * still be written for a restart to reproduce it.
 */
const DEFAULTS = defaultTimers();
/** The address as shown: hostname with announce-hostnames, otherwise the resolved IP. */
function announced(state, addr) {
    if (state.settings.announceHostnames)
        return addr.host;
    // An unresolved hostname (resolve-hostnames yes) has no IP yet; Sentinel 7.0 would write an
    // empty string, which reads back as a different line. Keep the hostname instead.
    return addr.ip !== '' ? addr.ip : addr.host;
}
/**
 * Sentinel 7.0's address equality: same port, and same IP or same hostname (ignoring case).
 * An empty IP (unresolved) never matches by IP.
 */
export function sameAddress(a, b) {
    if (a.port !== b.port)
        return false;
    if (a.ip !== '' && a.ip.toLowerCase() === b.ip.toLowerCase())
        return true;
    return a.host.toLowerCase() === b.host.toLowerCase();
}
/**
 * The master's current address: the promoted replica's once the failover reached
 * reconf_slaves (the replica already answers as master), the configured one otherwise.
 */
export function currentMasterAddress(master) {
    const promotedPhase = master.failoverState === 'reconf_slaves' || master.failoverState === 'update_config';
    return promotedPhase && master.promoted !== null ? master.promoted.addr : master.addr;
}
function renderMaster(state, master, out) {
    const name = master.name;
    const current = currentMasterAddress(master);
    out.push([
        'sentinel',
        'monitor',
        name,
        announced(state, current),
        String(current.port),
        String(master.quorum),
    ]);
    if (master.downAfterMs !== DEFAULTS['default-down-after']) {
        out.push(['sentinel', 'down-after-milliseconds', name, String(master.downAfterMs)]);
    }
    if (master.failoverTimeout !== DEFAULTS['default-failover-timeout']) {
        out.push(['sentinel', 'failover-timeout', name, String(master.failoverTimeout)]);
    }
    if (master.parallelSyncs !== PROTOCOL.defaultParallelSyncs) {
        out.push(['sentinel', 'parallel-syncs', name, String(master.parallelSyncs)]);
    }
    if (master.notificationScript !== null) {
        out.push(['sentinel', 'notification-script', name, master.notificationScript]);
    }
    if (master.clientReconfigScript !== null) {
        out.push(['sentinel', 'client-reconfig-script', name, master.clientReconfigScript]);
    }
    if (master.authPass !== null)
        out.push(['sentinel', 'auth-pass', name, master.authPass]);
    if (master.authUser !== null)
        out.push(['sentinel', 'auth-user', name, master.authUser]);
    if (master.masterRebootDownAfterPeriod !== 0) {
        out.push([
            'sentinel',
            'master-reboot-down-after-period',
            name,
            String(master.masterRebootDownAfterPeriod),
        ]);
    }
    out.push(['sentinel', 'config-epoch', name, String(master.configEpoch)]);
    out.push(['sentinel', 'leader-epoch', name, String(master.leaderEpoch)]);
    // Sentinel 7.0: a replica at the current master address (the promoted one, mid-failover) is
    // written with the old master address, which is about to become a replica. Unlike 7.0, a
    // line is never written twice (Valkey fix): a duplicate known-replica is fatal on reload.
    const seen = new Set();
    for (const replica of master.replicas.values()) {
        const addr = sameAddress(replica.addr, current) ? master.addr : replica.addr;
        const host = announced(state, addr);
        const key = `${host}\n${addr.port}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        out.push(['sentinel', 'known-replica', name, host, String(addr.port)]);
    }
    for (const sentinel of master.sentinels.values()) {
        if (sentinel.runId === null || sentinel.runId === '')
            continue;
        out.push([
            'sentinel',
            'known-sentinel',
            name,
            announced(state, sentinel.addr),
            String(sentinel.addr.port),
            sentinel.runId,
        ]);
    }
    for (const [command, renamed] of master.renamedCommands) {
        out.push(['sentinel', 'rename-command', name, command, renamed]);
    }
}
/** Every `sentinel` line (as argument arrays) that persists `state`, in Sentinel 7.0's order. */
export function renderSentinelState(state) {
    const out = [];
    const s = state.settings;
    // myid is generated at start before any flush; never write an id that would not load back.
    if (state.myid !== '')
        out.push(['sentinel', 'myid', state.myid]);
    if (!s.denyScriptsReconfig)
        out.push(['sentinel', 'deny-scripts-reconfig', 'no']);
    if (s.resolveHostnames)
        out.push(['sentinel', 'resolve-hostnames', 'yes']);
    if (s.announceHostnames)
        out.push(['sentinel', 'announce-hostnames', 'yes']);
    for (const master of state.masters.values())
        renderMaster(state, master, out);
    out.push(['sentinel', 'current-epoch', String(state.currentEpoch)]);
    if (s.announceIp !== null && s.announceIp !== '')
        out.push(['sentinel', 'announce-ip', s.announceIp]);
    if (s.announcePort !== 0)
        out.push(['sentinel', 'announce-port', String(s.announcePort)]);
    if (s.sentinelUser !== null)
        out.push(['sentinel', 'sentinel-user', s.sentinelUser]);
    if (s.sentinelPass !== null)
        out.push(['sentinel', 'sentinel-pass', s.sentinelPass]);
    // Vigil's own options, only when not at their defaults (a file with none stays readable by
    // redis-sentinel).
    out.push(...renderVigilOptions(state));
    return out;
}
