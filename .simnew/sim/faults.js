/**
 * Fault schedules. A schedule is plain data (so a failing one can be printed, shrunk and kept
 * as a regression case); `generateSchedule` draws one from a seed. All faults end by
 * `quietAt`, after which the run continues fault-free so convergence can be checked.
 */
import { Rng, subSeed } from './rng.js';
/** Virtual ms after the last fault within which everything must have converged. */
export const CONVERGENCE_BOUND_MS = 30_000;
/** Faults start once discovery had time to happen. */
export const FAULTS_FROM_MS = 8_000;
export function nodeIp(master, index) {
    return `10.0.${master}.${index + 1}`;
}
export function sentinelIp(index) {
    return `10.9.0.${index + 1}`;
}
export function allHosts(topology) {
    const hosts = [];
    for (let s = 0; s < topology.sentinels; s++)
        hosts.push(sentinelIp(s));
    for (let m = 0; m < topology.masters; m++)
        for (let i = 0; i < topology.nodesPerMaster; i++)
            hosts.push(nodeIp(m, i));
    return hosts;
}
function faultEnd(f) {
    switch (f.kind) {
        case 'partition':
        case 'degrade':
        case 'flushFail':
        case 'refusePubsub':
        case 'garbleInfo':
        case 'hostileHello':
            return f.until;
        case 'crashSentinel':
        case 'crashNode':
            // A batch crash may fire later than `at`; the restart comes downMs after the crash.
            return f.at + f.downMs + (f.kind === 'crashSentinel' && f.batch !== null ? 5_000 : 0);
        case 'pauseNode':
            return f.at + f.durationMs;
        case 'stallSentinel':
            return f.at + f.durationMs + (f.afterAsk === true ? 10_000 : 0);
        case 'clockJump':
            // A clock set back by d delays every timer of that sentinel (failover and reconf
            // timeouts included) by d, as in Sentinel, which times them with the wall clock.
            return f.at + Math.max(0, -f.deltaMs);
    }
}
export function scheduleQuietAt(faults) {
    let end = FAULTS_FROM_MS;
    for (const f of faults)
        end = Math.max(end, faultEnd(f));
    return end;
}
/** A schedule with its quiet time and end recomputed (after editing or shrinking its faults). */
export function withFaults(schedule, faults) {
    const quietAt = scheduleQuietAt(faults);
    return { ...schedule, faults, quietAt, endAt: quietAt + CONVERGENCE_BOUND_MS };
}
export function generateSchedule(seed, topology) {
    const rng = new Rng(subSeed(seed, 1));
    const hosts = allHosts(topology);
    const nodes = hosts.filter((h) => h.startsWith('10.0.'));
    const faults = [];
    const window = 40_000;
    const count = rng.range(1, 6);
    for (let i = 0; i < count; i++) {
        const at = FAULTS_FROM_MS + rng.int(window);
        const sentinel = rng.int(topology.sentinels);
        const roll = rng.int(100);
        if (roll < 20) {
            const side = hosts.filter(() => rng.chance(0.4));
            if (side.length === 0 || side.length === hosts.length)
                continue;
            faults.push({ kind: 'partition', at, until: at + rng.range(1_000, 15_000), side });
        }
        else if (roll < 32) {
            faults.push({
                kind: 'degrade',
                at,
                until: at + rng.range(1_000, 10_000),
                host: rng.pick(hosts),
                delayMs: rng.range(0, 400),
                jitterMs: rng.range(0, 400),
                resetProb: rng.chance(0.5) ? rng.next() * 0.05 : 0,
                dupProb: rng.chance(0.5) ? rng.next() * 0.5 : 0,
            });
        }
        else if (roll < 52) {
            faults.push({
                kind: 'crashSentinel',
                at,
                sentinel,
                batch: rng.chance(0.7) ? rng.int(8) : null,
                downMs: rng.range(0, 8_000),
            });
        }
        else if (roll < 72) {
            // The initial primaries are the most interesting nodes to kill.
            const node = rng.chance(0.6) ? nodeIp(rng.int(topology.masters), 0) : rng.pick(nodes);
            faults.push({ kind: 'crashNode', at, node, downMs: rng.range(500, 15_000) });
        }
        else if (roll < 80) {
            faults.push({ kind: 'pauseNode', at, node: rng.pick(nodes), durationMs: rng.range(500, 8_000) });
        }
        else if (roll < 88) {
            faults.push({ kind: 'stallSentinel', at, sentinel, durationMs: rng.range(500, 6_000) });
        }
        else if (roll < 94) {
            faults.push({ kind: 'clockJump', at, sentinel, deltaMs: rng.pick([-1, 1]) * rng.range(1_000, 60_000) });
        }
        else {
            faults.push({ kind: 'flushFail', at, until: at + rng.range(1_000, 10_000), sentinel });
        }
    }
    // The faults added for issue #9 §2.3-2.5 come from their own stream, so the faults above
    // are the same as before they existed; about one seed in four gets one.
    faults.push(...extraFaults(seed, topology));
    faults.sort((a, b) => a.at - b.at);
    return withFaults({ seed, topology, faults, quietAt: 0, endAt: 0 }, faults);
}
/**
 * Epoch texts a hostile peer sends: valid but beyond 2^53, out of range, or not numbers.
 * (Not 2^64-1: after adopting it no failover is possible at all, which is by design.)
 */
export const HOSTILE_EPOCHS = [
    '9007199254740993',
    '9007199254740995',
    '18446744073709551616',
    '-1',
    '1e3',
    '0x10',
    ' 7',
    'garbage',
    '',
];
function extraFaults(seed, topology) {
    const rng = new Rng(subSeed(seed, 4));
    if (!rng.chance(0.25))
        return [];
    const at = FAULTS_FROM_MS + rng.int(40_000);
    const master = rng.int(topology.masters);
    const node = rng.chance(0.7) ? nodeIp(master, 0) : nodeIp(master, rng.int(topology.nodesPerMaster));
    const roll = rng.int(4);
    if (roll === 0) {
        const until = at + rng.range(3_000, 20_000);
        const out = [{ kind: 'refusePubsub', at, until, node }];
        // Most of the time the node then hangs or dies while its subscribers are refused.
        if (rng.chance(0.7)) {
            const when = rng.range(at + 500, until);
            if (rng.chance(0.6))
                out.push({ kind: 'pauseNode', at: when, node, durationMs: rng.range(2_500, 10_000) });
            else
                out.push({ kind: 'crashNode', at: when, node, downMs: rng.range(2_500, 10_000) });
        }
        return out;
    }
    if (roll === 3) {
        // A stall that begins between a sentinel's question to its peers and their answers,
        // while the primary hangs long enough to be flagged down and then answers again.
        return [
            { kind: 'pauseNode', at, node: nodeIp(master, 0), durationMs: rng.range(2_500, 4_500) },
            {
                kind: 'stallSentinel',
                at,
                sentinel: rng.int(topology.sentinels),
                durationMs: rng.range(2_500, 6_000),
                afterAsk: true,
            },
        ];
    }
    if (roll === 1) {
        const out = [];
        // A garbled INFO matters most from an old primary coming back: crash it first.
        let from = at;
        if (rng.chance(0.6)) {
            const downMs = rng.range(3_000, 10_000);
            out.push({ kind: 'crashNode', at, node, downMs });
            from = at + downMs + rng.int(8_000);
        }
        out.push({
            kind: 'garbleInfo',
            at: from,
            until: from + rng.range(500, 12_000),
            node,
            prob: rng.pick([0.1, 0.3, 0.6, 1]),
        });
        return out;
    }
    const epoch = rng.pick(HOSTILE_EPOCHS);
    // A config epoch above the current epoch would be adopted while the failovers after it get
    // smaller config epochs (Sentinel has the same exposure): keep it at 0, the same text, or
    // something that is not an epoch.
    const configEpoch = rng.pick(['0', epoch, rng.pick(HOSTILE_EPOCHS.slice(2))]);
    return [
        {
            kind: 'hostileHello',
            at,
            until: at + rng.range(1_000, 10_000),
            node,
            sentinel: rng.int(topology.sentinels),
            epoch,
            configEpoch,
        },
    ];
}
export function describeFault(f) {
    const t = (ms) => `${(ms / 1000).toFixed(3)}s`;
    switch (f.kind) {
        case 'partition':
            return `${t(f.at)}..${t(f.until)} partition [${f.side.join(' ')}] | rest`;
        case 'degrade':
            return `${t(f.at)}..${t(f.until)} degrade ${f.host} delay=${f.delayMs}ms jitter=${f.jitterMs}ms reset=${f.resetProb.toFixed(3)} dup=${f.dupProb.toFixed(2)}`;
        case 'crashSentinel':
            return `${t(f.at)} crash sentinel#${f.sentinel} ${f.batch === null ? 'between batches' : `after effect ${f.batch} of its next batch with a config flush`}, down ${f.downMs}ms`;
        case 'crashNode':
            return `${t(f.at)} crash node ${f.node}, down ${f.downMs}ms`;
        case 'pauseNode':
            return `${t(f.at)} pause node ${f.node} for ${f.durationMs}ms`;
        case 'stallSentinel':
            return `${t(f.at)} stall sentinel#${f.sentinel} for ${f.durationMs}ms${f.afterAsk === true ? ', from 1 ms after its next is-master-down-by-addr' : ''}`;
        case 'clockJump':
            return `${t(f.at)} clock of sentinel#${f.sentinel} jumps ${f.deltaMs > 0 ? '+' : ''}${f.deltaMs}ms`;
        case 'flushFail':
            return `${t(f.at)}..${t(f.until)} config writes of sentinel#${f.sentinel} fail`;
        case 'refusePubsub':
            return `${t(f.at)}..${t(f.until)} pub/sub connections to ${f.node} refused`;
        case 'garbleInfo':
            return `${t(f.at)}..${t(f.until)} INFO of ${f.node} without a role line (p=${f.prob})`;
        case 'hostileHello':
            return `${t(f.at)}..${t(f.until)} hellos as sentinel#${f.sentinel} on ${f.node} with current epoch ${JSON.stringify(f.epoch)}, config epoch ${JSON.stringify(f.configEpoch)}`;
    }
}
