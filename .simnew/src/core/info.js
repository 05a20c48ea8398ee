import { actOnInfo } from './failover.js';
import { createReplica, makeAddress } from './instances.js';
import { atoi, strtoll, strtoull } from './parse.js';
function isDigit(c) {
    return c !== undefined && c >= '0' && c <= '9';
}
/**
 * A `slave<N>:` line: `ip=..,port=..,...` (new format, extra fields ignored) or
 * `<ip>,<port>,<state>` (old format). Valkey 8 dual-channel sync lists the RDB connection as an
 * extra line `type=rdb-channel`, possibly with another IP: it is not a replica, so it is skipped.
 */
export function parseReplicaLine(line) {
    let ip;
    let portText;
    const colon = line.indexOf(':');
    if (colon < 0)
        return null;
    if (!line.includes('ip=')) {
        const parts = line.slice(colon + 1).split(',');
        if (parts.length < 3)
            return null;
        ip = parts[0];
        portText = parts[1];
    }
    else {
        const fields = new Map();
        for (const pair of line.slice(colon + 1).split(',')) {
            const eq = pair.indexOf('=');
            if (eq > 0 && !fields.has(pair.slice(0, eq)))
                fields.set(pair.slice(0, eq), pair.slice(eq + 1));
        }
        if (fields.get('type') === 'rdb-channel')
            return null;
        const ipField = fields.get('ip');
        const portField = fields.get('port');
        if (ipField === undefined || portField === undefined)
            return null;
        ip = ipField;
        portText = portField;
    }
    const port = atoi(portText);
    if (ip === '' || port <= 0 || port > 65535)
        return null;
    return { ip, port };
}
export function parseInfo(text, isMaster) {
    const info = {
        runId: null,
        replicas: [],
        masterLinkDownTime: 0,
        role: null,
        masterHost: null,
        masterPort: null,
        masterLinkUp: null,
        slavePriority: null,
        slaveReplOffset: null,
        replicaAnnounced: null,
        replId: null,
        replId2: null,
    };
    for (const line of text.split(/\r?\n/)) {
        if (line.length >= 47 && line.startsWith('run_id:'))
            info.runId = line.slice(7, 47);
        if (isMaster && line.length >= 7 && line.startsWith('slave') && isDigit(line[5])) {
            const replica = parseReplicaLine(line);
            if (replica !== null)
                info.replicas.push(replica);
        }
        if (line.length >= 32 && line.startsWith('master_link_down_since_seconds')) {
            info.masterLinkDownTime = strtoll(line.slice(31)) * 1000;
        }
        if (line.startsWith('master_replid:'))
            info.replId = line.slice(14).trim();
        else if (line.startsWith('master_replid2:'))
            info.replId2 = line.slice(15).trim();
        if (line.startsWith('role:master'))
            info.role = 'master';
        else if (line.startsWith('role:slave'))
            info.role = 'slave';
        if (info.role !== 'slave')
            continue;
        if (line.startsWith('master_host:'))
            info.masterHost = line.slice(12);
        else if (line.startsWith('master_port:'))
            info.masterPort = atoi(line.slice(12));
        else if (line.startsWith('master_link_status:'))
            info.masterLinkUp = line.slice(19).toLowerCase() === 'up';
        else if (line.startsWith('slave_priority:'))
            info.slavePriority = atoi(line.slice(15));
        else if (line.startsWith('slave_repl_offset:'))
            info.slaveReplOffset = strtoull(line.slice(18));
        else if (line.startsWith('replica_announced:'))
            info.replicaAnnounced = atoi(line.slice(18)) !== 0;
    }
    return info;
}
/** New replicas from a master's `slave<N>` lines: `+slave` and one config flush each. */
function discoverReplicas(ctx, master, replicas, now) {
    for (const { ip, port } of replicas) {
        if (ctx.findReplica(master, ip, port) !== null)
            continue;
        const addr = makeAddress(ctx.state.settings, ip, port);
        if (typeof addr === 'string')
            continue;
        const replica = createReplica(ctx, master, addr, now);
        if (typeof replica === 'string')
            continue;
        ctx.event('notice', '+slave', replica);
        ctx.flush();
    }
}
/**
 * Sentinel 7.0 `sentinelRefreshInstanceInfo`. An INFO without a role line records "no role
 * known" and restarts the role's stability clock, as Sentinel 7.0 does: a later `role:master`
 * must then be stable for the whole wait again before the instance is converted, and nothing
 * is acted on meanwhile. (Vigil used to keep the previous role, so one truncated or garbled
 * reply could not delay a conversion: the wait was measured across a gap in what it knew.)
 */
export function applyInfo(ctx, instance, text, now) {
    if (instance.kind === 'sentinel')
        return;
    instance.info = text;
    const info = parseInfo(text, instance.kind === 'master');
    if (info.runId !== null) {
        if (instance.runId === null) {
            instance.runId = info.runId;
        }
        else if (instance.runId !== info.runId) {
            ctx.event('notice', '+reboot', instance);
            if (instance.kind === 'master' && instance.masterRebootDownAfterPeriod !== 0) {
                instance.flags.masterReboot = true;
                instance.rebootSince = now;
            }
            instance.runId = info.runId;
        }
    }
    if (instance.kind === 'master')
        discoverReplicas(ctx, instance, info.replicas, now);
    if (instance.kind === 'slave') {
        instance.masterLinkDownTime = info.masterLinkDownTime;
        if (info.masterHost !== null) {
            const old = instance.slaveMasterHost;
            if (old === null || old.toLowerCase() !== info.masterHost.toLowerCase()) {
                instance.slaveMasterHost = info.masterHost;
                instance.slaveConfChangeTime = now;
            }
        }
        if (info.masterPort !== null && info.masterPort !== instance.slaveMasterPort) {
            instance.slaveMasterPort = info.masterPort;
            instance.slaveConfChangeTime = now;
        }
        if (info.masterLinkUp !== null)
            instance.slaveMasterLinkUp = info.masterLinkUp;
        if (info.slavePriority !== null)
            instance.slavePriority = info.slavePriority;
        if (info.slaveReplOffset !== null)
            instance.slaveReplOffset = info.slaveReplOffset;
        if (info.replicaAnnounced !== null)
            instance.replicaAnnounced = info.replicaAnnounced;
    }
    instance.infoRefresh = now;
    instance.replId = info.replId;
    instance.replId2 = info.replId2;
    const previousRole = instance.roleReported;
    if (info.role === null) {
        if (previousRole !== 'unknown') {
            instance.roleReported = 'unknown';
            instance.roleReportedTime = now;
        }
        // Sentinel 7.0 acts on nothing in an INFO that reports no role.
        return;
    }
    if (info.role !== previousRole) {
        instance.roleReportedTime = now;
        instance.roleReported = info.role;
        if (info.role === 'slave' && instance.kind === 'slave')
            instance.slaveConfChangeTime = now;
        // `+` when the new role agrees with what we think the instance is, `-` otherwise.
        const coherent = (instance.kind === 'master') === (info.role === 'master');
        ctx.event('verbose', coherent ? '+role-change' : '-role-change', instance, `new reported role is ${info.role}`);
    }
    // Sentinel 7.0: the acting half is skipped in TILT.
    if (ctx.state.tilt)
        return;
    actOnInfo(ctx, instance, previousRole, now);
}
