/**
 * Hello messages (spec §8): what we publish every publish-period to masters, replicas and
 * peers, and how a received hello discovers peers, spreads epochs and master addresses.
 * Garbage never throws: a message that is not 8 comma-separated tokens about a known master is
 * ignored.
 */
import { abortFailover } from './failover-helpers.js';
import { parseEpoch } from './epoch.js';
import { announceAddr, masterOf } from './events.js';
import { createSentinel, currentMasterAddress, addrEqualsHostname, makeAddress, removeSentinelsByRunId, sameAddress, tryConnectionSharing, } from './instances.js';
import { canSendPeriodic, wireName } from './links.js';
import { atoi } from './parse.js';
/**
 * `<ip>,<port>,<myid>,<current_epoch>,<master>,<master_ip>,<master_port>,<master_config_epoch>`:
 * our address is announce-ip (else the local address of the command socket) and announce-port
 * (else our port); the master is described by its current address. Null when we cannot tell our
 * own IP yet.
 */
export function helloPayload(ctx, instance) {
    const state = ctx.state;
    const settings = state.settings;
    // An empty announce-ip (possible through SENTINEL CONFIG SET) is treated as unset.
    const ip = settings.announceIp !== null && settings.announceIp !== '' ? settings.announceIp : instance.link.localIp;
    if (ip === null || ip === '')
        return null;
    const port = settings.announcePort !== 0 ? settings.announcePort : settings.port;
    const master = masterOf(instance);
    const maddr = currentMasterAddress(master);
    return [
        ip,
        port,
        state.myid,
        state.currentEpoch,
        master.name,
        announceAddr(settings, maddr),
        maddr.port,
        master.configEpoch,
    ].join(',');
}
/** PUBLISH our hello on the instance's command connection (Sentinel 7.0 `sentinelSendHello`). */
export function sendHello(ctx, instance) {
    if (!canSendPeriodic(instance))
        return false;
    // A PUBLISH to a node under CLIENT PAUSE WRITE would wait, and so would everything sent after
    // it on this connection (fencing.ts). Skipped from the moment the node is a fencing
    // candidate, since another sentinel may pause it before we do.
    if (instance.fence !== null)
        return false;
    const payload = helloPayload(ctx, instance);
    if (payload === null)
        return false;
    const entry = ctx.links.entry(instance.link.id);
    if (entry === undefined)
        return false;
    ctx.emit({
        type: 'publishHello',
        linkId: instance.link.id,
        command: wireName(instance, 'PUBLISH'),
        payload,
    });
    entry.publishOwners.push(instance);
    return true;
}
/** Reply to a hello PUBLISH: only a non-error reply advances last_pub_time. */
export function handlePublishReply(ctx, linkId, ok, now) {
    const entry = ctx.links.replied(linkId);
    if (entry === undefined)
        return;
    const owner = entry.publishOwners.shift();
    if (ok && owner !== undefined && entry.users.has(owner))
        owner.lastPubTime = now;
}
/** Sentinel 7.0 `getSentinelRedisInstanceByAddrAndRunID` with §19 address equality. */
function findSentinel(master, addr, runId) {
    for (const sentinel of master.sentinels.values()) {
        if (runId !== null && sentinel.runId !== runId)
            continue;
        if (sameAddress(sentinel.addr, addr))
            return sentinel;
    }
    return null;
}
/**
 * After an address switch, the same runid under the other masters moves to the new address
 * and its connections are closed (`+sentinel-address-update` when any other was updated).
 */
function updateSentinelAddressInAllMasters(ctx, sentinel) {
    let reconfigured = 0;
    for (const master of ctx.state.masters.values()) {
        const match = master.sentinels.get(sentinel.runId ?? '');
        if (match === undefined)
            continue;
        ctx.links.closeConnection(match.link, 'both');
        if (match === sentinel)
            continue;
        match.addr = { ...sentinel.addr };
        reconfigured++;
    }
    if (reconfigured > 0) {
        ctx.event('notice', '+sentinel-address-update', sentinel, `${reconfigured} additional matching instances`);
    }
}
/** A hello from a sentinel we don't know at that address: switch, invalidate, or add it. */
function addSentinel(ctx, master, ipText, port, runId, now) {
    const removed = removeSentinelsByRunId(ctx, master, runId);
    if (removed > 0) {
        ctx.event('notice', '+sentinel-address-switch', master, `ip ${ipText} port ${port} for ${runId}`);
    }
    else {
        // Another runid claims this address: that one is stale, forget it under every master.
        const addr = makeAddress(ctx.state.settings, ipText, port);
        const other = typeof addr === 'string' ? null : findSentinel(master, addr, null);
        if (other !== null && other.runId !== null) {
            ctx.event('notice', '+sentinel-invalid-addr', other);
            const obsolete = other.runId;
            for (const m of ctx.state.masters.values())
                removeSentinelsByRunId(ctx, m, obsolete);
        }
    }
    const addr = makeAddress(ctx.state.settings, ipText, port);
    if (typeof addr === 'string')
        return null;
    const created = createSentinel(ctx, master, runId, addr, now);
    if (typeof created === 'string')
        return null;
    if (removed === 0)
        ctx.event('notice', '+sentinel', created);
    tryConnectionSharing(ctx, created);
    if (removed > 0)
        updateSentinelAddressInAllMasters(ctx, created);
    ctx.flush();
    return created;
}
/** client-reconfig-script: `<master> <leader|observer> <state> <from-ip> <from-port> <to-ip> <to-port>`. */
export function callClientReconfScript(ctx, master, role, from, to) {
    const script = master.clientReconfigScript;
    if (script === null)
        return;
    const settings = ctx.state.settings;
    ctx.emit({
        type: 'runScript',
        argv: [
            script,
            master.name,
            role,
            'start',
            announceAddr(settings, from),
            String(from.port),
            announceAddr(settings, to),
            String(to.port),
        ],
    });
}
/** Sentinel 7.0 `sentinelProcessHelloMessage`. */
export function processHello(ctx, payload, now) {
    const state = ctx.state;
    // We are not interested in meeting ourselves.
    if (state.myid !== '' && payload.includes(state.myid))
        return;
    const token = payload.split(',');
    if (token.length !== 8)
        return;
    const master = state.masters.get(token[4]);
    if (master === undefined)
        return;
    const runId = token[2];
    if (runId === '')
        return;
    const port = atoi(token[1]);
    const masterPort = atoi(token[6]);
    // A hello whose epochs are not 64-bit unsigned integers is ignored whole (Sentinel 7.0 takes
    // `-1` as 2^64-1 and garbage as 0).
    const currentEpoch = parseEpoch(token[3]);
    const masterConfigEpoch = parseEpoch(token[7]);
    if (currentEpoch === null || masterConfigEpoch === null)
        return;
    const addr = makeAddress(state.settings, token[0], port);
    let si = typeof addr === 'string' ? null : findSentinel(master, addr, runId);
    if (si === null)
        si = addSentinel(ctx, master, token[0], port, runId, now);
    if (currentEpoch > state.currentEpoch) {
        state.currentEpoch = currentEpoch;
        ctx.flush();
        ctx.plainEvent('warning', '+new-epoch', master, String(currentEpoch));
    }
    if (si !== null && master.configEpoch < masterConfigEpoch) {
        master.configEpoch = masterConfigEpoch;
        if (masterPort !== master.addr.port || !addrEqualsHostname(state.settings, master.addr, token[5])) {
            ctx.event('warning', '+config-update-from', si);
            ctx.plainEvent('warning', '+switch-master', master, `${master.name} ${announceAddr(state.settings, master.addr)} ${master.addr.port} ${token[5]} ${masterPort}`);
            const oldAddr = { ...master.addr };
            const newAddr = makeAddress(state.settings, token[5], masterPort);
            // Sentinel 7.0 gives up the switch silently when the new address cannot be used.
            if (typeof newAddr !== 'string') {
                ctx.resetMasterAndChangeAddress(master, newAddr.host, newAddr.ip, newAddr.port, now);
            }
            callClientReconfScript(ctx, master, 'observer', oldAddr, master.addr);
        }
        else if (master.flags.failoverInProgress && master.failoverEpoch < masterConfigEpoch) {
            // A newer failover, elected in a later epoch, has already named this address the primary
            // while ours is still running (our promoted replica failed meanwhile, and the other
            // leader promoted the old primary back). Ours is superseded: finishing it would switch to
            // our promoted replica at the newer config epoch, and no later hello would ever correct
            // it (the sentinels would disagree at the same epoch for good). Found by the simulator
            // (seed 5434); Sentinel 7.0 has the same gap. Abort, and keep the newer configuration.
            abortFailover(master, now);
            ctx.event('warning', '-failover-abort-superseded', master, `#config-epoch ${masterConfigEpoch}`);
            ctx.flush();
        }
    }
    if (si !== null) {
        si.lastHelloTime = now;
        // For fencing (fencing.ts): this peer names our master's current address at our config
        // epoch, so it had not adopted a newer configuration when it sent this.
        if (masterConfigEpoch === master.configEpoch &&
            masterPort === master.addr.port &&
            addrEqualsHostname(state.settings, master.addr, token[5])) {
            si.lastAgreeTime = now;
            // A voter in a later election has that election's epoch as its current epoch before it
            // hears of any promotion, while it still names the old address (simulator, seed 2688).
            if (currentEpoch <= master.configEpoch)
                si.lastSettledTime = now;
        }
    }
}
