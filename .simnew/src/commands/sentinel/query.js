/**
 * Read-only SENTINEL subcommands: MASTERS, MASTER, REPLICAS/SLAVES, SENTINELS,
 * GET-MASTER-ADDR-BY-NAME, MYID, CKQUORUM, INFO-CACHE, PENDING-SCRIPTS.
 */
import { NIL, NIL_ARRAY, array, bulk, error, int, map, simple, bulkArray, } from '../../resp/reply.js';
import { instanceReply, shownHost } from './instance-reply.js';
import { NO_SUCH_MASTER } from './parse.js';
function lookupMaster(ctx, name) {
    return name === undefined ? null : (ctx.core.state.masters.get(name) ?? null);
}
export function mastersCommand(ctx) {
    const { masters, settings } = ctx.core.state;
    const now = ctx.now();
    return array([...masters.values()].map((m) => instanceReply(m, settings, now)));
}
export function masterCommand(ctx, args) {
    const m = lookupMaster(ctx, args[0]);
    if (!m)
        return error(NO_SUCH_MASTER);
    return instanceReply(m, ctx.core.state.settings, ctx.now());
}
export function replicasCommand(ctx, args) {
    const m = lookupMaster(ctx, args[0]);
    if (!m)
        return error(NO_SUCH_MASTER);
    const now = ctx.now();
    const settings = ctx.core.state.settings;
    // Sentinel 7.0: replicas with replica-announced 0 are left out of the list (still counted in num-slaves).
    const shown = [...m.replicas.values()].filter((r) => r.replicaAnnounced);
    return array(shown.map((r) => instanceReply(r, settings, now)));
}
export function sentinelsCommand(ctx, args) {
    const m = lookupMaster(ctx, args[0]);
    if (!m)
        return error(NO_SUCH_MASTER);
    const now = ctx.now();
    const settings = ctx.core.state.settings;
    return array([...m.sentinels.values()].map((s) => instanceReply(s, settings, now)));
}
export function getMasterAddrByNameCommand(ctx, args) {
    const m = lookupMaster(ctx, args[0]);
    // Sentinel 7.0: an unknown name is a null array, not an error (clients rely on it).
    if (!m)
        return NIL_ARRAY;
    // Once the failover reaches reconf_slaves, clients are sent to the promoted replica already.
    const reconfiguring = m.failoverState === 'reconf_slaves' || m.failoverState === 'update_config';
    const addr = m.flags.failoverInProgress && reconfiguring && m.promoted ? m.promoted.addr : m.addr;
    return array([bulk(shownHost(addr, ctx.core.state.settings)), bulk(String(addr.port))]);
}
export function myidCommand(ctx) {
    return bulk(ctx.core.state.myid);
}
export function ckquorumCommand(ctx, args) {
    const name = args[0];
    if (!ctx.core.state.masters.has(name))
        return error(NO_SUCH_MASTER);
    const r = ctx.core.ckquorum(name);
    if (!r)
        return error(NO_SUCH_MASTER);
    const { ok, message } = ckquorumMessage(r);
    return ok ? simple(message) : error(message);
}
/**
 * The CKQUORUM answer's text: the status line when both can be reached, else the NOQUORUM
 * error's text (also the `message` label of redis_sentinel_master_ckquorum_status).
 */
export function ckquorumMessage(r) {
    if (r.quorumReachable && r.majorityReachable) {
        return {
            ok: true,
            message: `OK ${r.usable} usable Sentinels. Quorum and failover authorization can be reached`,
        };
    }
    const parts = [];
    if (!r.quorumReachable)
        parts.push('Not enough available Sentinels to reach the specified quorum for this master');
    if (!r.majorityReachable)
        parts.push('Not enough available Sentinels to reach the majority and authorize a failover');
    return { ok: false, message: `NOQUORUM ${r.usable} usable Sentinels. ${parts.join('. ')}` };
}
/**
 * INFO-CACHE: per known master named (unknown skipped, duplicates once, in argument order):
 * the name, then `[ms-since-refresh, INFO text or null]` for the master and each replica.
 * 7.0.15 answers 0 for an instance never refreshed and uses plain arrays even in RESP3.
 */
export function infoCacheCommand(ctx, args) {
    const now = ctx.now();
    const seen = new Set();
    const out = [];
    for (const name of args) {
        const m = ctx.core.state.masters.get(name);
        if (!m || seen.has(name))
            continue;
        seen.add(name);
        const items = [m, ...m.replicas.values()].map((ri) => array([int(ri.infoRefresh ? now - ri.infoRefresh : 0), ri.info === null ? NIL : bulk(ri.info)]));
        out.push(bulk(name), array(items));
    }
    return array(out);
}
/** PENDING-SCRIPTS: one map per job, numbers as bulk strings (seen on 7.0.15, RESP2 and RESP3). */
export function pendingScriptsCommand(ctx) {
    const now = ctx.now();
    return array(ctx.scripts.jobs().map((job) => {
        const timing = job.running
            ? ['run-time', bulk(String(now - job.time))]
            : ['run-delay', bulk(String(job.time ? Math.max(0, job.time - now) : 0))];
        return map([
            ['argv', bulkArray(job.argv)],
            ['flags', bulk(job.running ? 'running' : 'scheduled')],
            ['pid', bulk(String(job.pid))],
            timing,
            ['retry-num', bulk(String(job.retryNum))],
        ]);
    }));
}
