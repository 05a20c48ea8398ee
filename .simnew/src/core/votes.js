import { epochText, masterEvent, setFailoverStartTime } from './failover-helpers.js';
function sameRunId(a, b) {
    return a.toLowerCase() === b.toLowerCase();
}
/**
 * Sentinel 7.0 `sentinelVoteLeader`: adopt a higher requested epoch, then grant the vote when we
 * have not voted in that epoch yet (first come, first served per epoch). Returns our stored vote
 * for this master, which may be an older one.
 */
export function voteLeader(ctx, master, reqEpoch, reqRunId, now) {
    const state = ctx.state;
    if (reqEpoch > state.currentEpoch) {
        state.currentEpoch = reqEpoch;
        ctx.flush();
        masterEvent(ctx, 'warning', '+new-epoch', master, epochText(state.currentEpoch));
    }
    if (master.leaderEpoch < reqEpoch && state.currentEpoch <= reqEpoch) {
        master.leader = reqRunId;
        master.leaderEpoch = state.currentEpoch;
        ctx.flush();
        masterEvent(ctx, 'warning', '+vote-for-leader', master, `${reqRunId} ${epochText(master.leaderEpoch)}`);
        // Sentinel 7.0: having voted for someone else, don't start our own failover of this master
        // for the next 2 × failover-timeout.
        if (!sameRunId(reqRunId, state.myid)) {
            setFailoverStartTime(master, now + ctx.random(1000));
        }
    }
    return { leader: master.leader, leaderEpoch: master.leaderEpoch };
}
/** Votes needed to win: an absolute majority of the voters, and at least the quorum. */
export function votesNeeded(voters, quorum) {
    return Math.max(Math.floor(voters / 2) + 1, quorum);
}
/**
 * Sentinel 7.0 `sentinelGetLeader`, run each tick in wait_start: count the peers' votes in the
 * current epoch, cast our own vote (for the most voted sentinel, or ourselves when nobody has
 * votes) at `epoch`, and return the winner if it has a majority of all sentinels ever seen for
 * this master (down ones included) and at least the quorum; otherwise null.
 */
export function getLeader(ctx, master, epoch, now) {
    const state = ctx.state;
    const voters = master.sentinels.size + 1;
    const counters = new Map();
    for (const peer of master.sentinels.values()) {
        if (peer.leader !== null && peer.leaderEpoch === state.currentEpoch) {
            counters.set(peer.leader, (counters.get(peer.leader) ?? 0) + 1);
        }
    }
    let winner = null;
    let maxVotes = 0;
    for (const [runId, votes] of counters) {
        if (votes > maxVotes) {
            maxVotes = votes;
            winner = runId;
        }
    }
    const myVote = voteLeader(ctx, master, epoch, winner ?? state.myid, now);
    if (myVote.leader !== null && myVote.leaderEpoch === epoch) {
        const votes = (counters.get(myVote.leader) ?? 0) + 1;
        counters.set(myVote.leader, votes);
        if (votes > maxVotes) {
            maxVotes = votes;
            winner = myVote.leader;
        }
    }
    if (winner !== null && maxVotes < votesNeeded(voters, master.quorum))
        winner = null;
    return winner;
}
/**
 * Address lookup of `is-master-down-by-addr`: Sentinel 7.0 matches the port and either the
 * resolved IP or the hostname as given (case-insensitive).
 */
export function findMasterByAddr(ctx, ip, port) {
    const wanted = ip.toLowerCase();
    for (const master of ctx.state.masters.values()) {
        if (master.addr.port !== port)
            continue;
        if ((master.addr.ip !== '' && master.addr.ip === ip) || master.addr.host.toLowerCase() === wanted) {
            return master;
        }
    }
    return null;
}
/**
 * `SENTINEL IS-MASTER-DOWN-BY-ADDR <ip> <port> <epoch> <runid|*>`. down = 1 only when the master
 * is known, SDOWN, and we are not in TILT; a vote is cast when runid is not `*` — even in TILT.
 * When no vote is requested the reply carries `*` and 0, not the stored vote (Sentinel 7.0).
 */
export function isMasterDownByAddr(ctx, ip, port, reqEpoch, reqRunId, now) {
    const master = findMasterByAddr(ctx, ip, port);
    const down = master !== null && master.flags.sDown && !ctx.state.tilt ? 1 : 0;
    if (master === null || reqRunId === '*')
        return { down, leader: '*', leaderEpoch: 0n };
    // Maintenance (Vigil only): no vote for an automatic failover of this master, so a peer
    // that is not in maintenance (another Vigil, or a redis-sentinel in a mixed group) cannot
    // win one with our vote. Answered like a request that asks for no vote.
    if (master.maintenance)
        return { down, leader: '*', leaderEpoch: 0n };
    const vote = voteLeader(ctx, master, reqEpoch, reqRunId, now);
    // The stored epoch is sent even when the stored runid was cleared by a reset (`*`, <epoch>).
    return { down, leader: vote.leader ?? '*', leaderEpoch: vote.leaderEpoch };
}
/**
 * `SENTINEL CKQUORUM`: usable = ourselves + peers neither SDOWN nor ODOWN; the quorum needs
 * usable >= quorum, a failover authorization needs usable >= floor(voters/2)+1.
 */
export function ckquorum(_ctx, master) {
    const voters = master.sentinels.size + 1;
    let usable = 1;
    for (const peer of master.sentinels.values()) {
        if (!peer.flags.sDown && !peer.flags.oDown)
            usable++;
    }
    return {
        usable,
        quorumReachable: usable >= master.quorum,
        majorityReachable: usable >= Math.floor(voters / 2) + 1,
    };
}
