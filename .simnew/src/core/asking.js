/**
 * Asking the other sentinels about a master (spec §9 "Asking peers"): sending
 * `SENTINEL is-master-down-by-addr` and recording the replies (their "master down" opinion and
 * their vote).
 */
import { epochFromReply } from './epoch.js';
import { epochText } from './failover-helpers.js';
import { wireName } from './links.js';
/**
 * When we last sent a peer an unanswered question about the master it is listed under.
 * Sentinel 7.0 paces asks on the reply time only, so a slow peer is asked again at every tick;
 * this keeps one question in flight per ask-period instead. It is only a pacing hint: losing
 * it costs at most one extra question.
 */
const askSentAt = new WeakMap();
/**
 * Sentinel 7.0 `sentinelAskMasterStateToOtherSentinels`. For each peer: forget its opinion and
 * vote once its last reply is older than 5 × ask-period; then, only while the master is SDOWN
 * and the peer's link is up, ask when forced or when its last reply is older than ask-period.
 * The runid sent is ours (asking for a vote) only while a failover of this master is in
 * progress, `*` otherwise.
 */
export function askMasterStateToOtherSentinels(ctx, master, forced, now) {
    const state = ctx.state;
    if (state.tilt)
        return;
    const askPeriod = state.timers['ask-period'];
    for (const peer of master.sentinels.values()) {
        if (now - peer.lastMasterDownReplyTime > askPeriod * 5) {
            peer.flags.masterDown = false;
            peer.leader = null;
        }
        if (!master.flags.sDown)
            continue;
        if (!peer.link.cmdConnected)
            continue;
        if (!forced) {
            if (now - peer.lastMasterDownReplyTime < askPeriod)
                continue;
            const sent = askSentAt.get(peer);
            if (sent !== undefined && now - sent < askPeriod)
                continue;
        }
        const runId = master.failoverState !== 'none' ? state.myid : '*';
        ctx.emit({
            type: 'askMasterDown',
            linkId: peer.link.id,
            command: wireName(peer, 'SENTINEL'),
            masterName: master.name,
            peerRunId: peer.runId ?? peer.name,
            args: [ctx.announcedHost(master), String(master.addr.port), epochText(state.currentEpoch), runId],
        });
        peer.link.pendingCommands++;
        askSentAt.set(peer, now);
    }
}
/** The down flag: an integer reply, as a number or (stringNumbers) its text. */
function asInteger(value) {
    if (typeof value === 'bigint')
        return Number(value);
    if (typeof value === 'number' && Number.isInteger(value))
        return value;
    if (typeof value === 'string' && /^-?[0-9]{1,18}$/.test(value))
        return Number(value);
    return null;
}
function asText(value) {
    if (typeof value === 'string')
        return value;
    if (Buffer.isBuffer(value))
        return value.toString('utf8');
    return null;
}
/** The `[int, bulk, int]` reply as decoded by the link layer; anything else is null. */
export function parseAskReply(reply) {
    if (!Array.isArray(reply) || reply.length !== 3)
        return null;
    const down = asInteger(reply[0]);
    const leader = asText(reply[1]);
    // An epoch that is not a 64-bit unsigned integer (-1, 2^64) makes the whole reply malformed.
    const leaderEpoch = epochFromReply(reply[2]);
    if (down === null || leader === null || leaderEpoch === null)
        return null;
    return { down: down === 1, leader, leaderEpoch };
}
/**
 * Record a peer's reply: its opinion on the master and, when it is not `*`, its vote (logged as
 * `<peer> voted for <runid> <epoch>` when the epoch changed). Returns false for a malformed
 * reply, which is ignored. The link's pending count is the caller's (one reply input, one
 * decrement, like every other reply).
 *
 * The "master down" opinion is kept only while we see the master SDOWN ourselves (we ask only
 * then): a reply arriving after the master came back or was switched to the promoted replica is
 * about a situation that no longer holds, and must not help a fresh master to ODOWN.
 */
export function recordAskReply(ctx, master, peer, reply, now) {
    const parsed = parseAskReply(reply);
    if (parsed === null)
        return false;
    askSentAt.delete(peer);
    peer.lastMasterDownReplyTime = now;
    peer.flags.masterDown = parsed.down && master.flags.sDown;
    if (parsed.leader !== '*') {
        if (peer.leaderEpoch !== parsed.leaderEpoch) {
            ctx.emit({
                type: 'log',
                level: 'warning',
                message: `${peer.name} voted for ${parsed.leader} ${epochText(parsed.leaderEpoch)}`,
            });
        }
        peer.leader = parsed.leader;
        peer.leaderEpoch = parsed.leaderEpoch;
    }
    return true;
}
/**
 * Forget what the peers told us about a master (their "down" opinions and ask pacing), kept
 * votes aside. Called when the master is switched to a new address: those opinions were about
 * the old one. The brain should call it too when it switches a master learned from a hello.
 */
export function forgetPeerReports(master) {
    for (const peer of master.sentinels.values()) {
        peer.flags.masterDown = false;
        peer.lastMasterDownReplyTime = 0;
        askSentAt.delete(peer);
    }
}
