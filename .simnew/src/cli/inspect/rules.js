import { isLoopback, machineOf, parseAddress, plural } from './parse.js';
import { isDeadSentinel, majorityOf, masterFlags, pictures } from './topology.js';
/**
 * What a partition costs without write fencing, as measured by this project (docs/reliability.md):
 * with redis-sentinel, the primary's server cut off for 10 s lost about 2,000 of 6,000
 * acknowledged writes, a third of all writes. Update here when the measurement changes.
 */
export const PARTITION_COST = {
    implementation: 'redis-sentinel',
    cutOffSeconds: 10,
    writesAcknowledged: 6000,
    writesLost: 2000,
};
export function partitionCostText() {
    const c = PARTITION_COST;
    const share = Math.round((100 * c.writesLost) / c.writesAcknowledged);
    return (`measured here with ${c.implementation} (docs/reliability.md): with the primary's server cut off ` +
        `for ${c.cutOffSeconds} s, about ${c.writesLost.toLocaleString('en-US')} of ` +
        `${c.writesAcknowledged.toLocaleString('en-US')} acknowledged writes (${share}%) were lost`);
}
/** A replica whose primary has not heard from it for this long is lagging. */
export const REPLICA_LAG_WARN_SECONDS = 5;
/** An RDB snapshot older than this while changes wait is old. */
export const RDB_OLD_SECONDS = 3600;
/** Workload shares are judged only past this many read and write calls. */
export const WORKLOAD_MIN_CALLS = 1000;
export const READ_HEAVY_SHARE = 0.9;
export const WRITE_HEAVY_SHARE = 0.5;
const RESET_FIX = 'forget it with a rolling `SENTINEL RESET <name>`: one sentinel at a time, waiting until it lists ' +
    'the live peers and replicas again before the next';
export function sentinelCount(p) {
    const n = p.voters;
    if (n === 1) {
        return [
            {
                id: 'single-sentinel',
                severity: 'error',
                master: p.name,
                title: 'only one sentinel watches this master',
                meaning: 'a lone sentinel cannot tell a dead primary from its own network trouble, and when its ' +
                    'machine fails nobody fails the primary over',
                fix: 'run three sentinels (quorum 2) on three separate machines',
            },
        ];
    }
    if (n === 2) {
        return [
            {
                id: 'two-sentinels',
                severity: 'error',
                master: p.name,
                title: 'two sentinels: worse than one',
                meaning: 'a failover needs the votes of a majority of the sentinels, and the majority of 2 is 2: ' +
                    'losing either sentinel (or the link between them) stops every failover, while twice as ' +
                    'many machines can fail as with one',
                fix: 'add a third sentinel on a third machine (quorum 2)',
            },
        ];
    }
    if (n >= 4 && n % 2 === 0) {
        return [
            {
                id: 'even-sentinels',
                severity: 'warning',
                master: p.name,
                title: `an even number of sentinels (${n})`,
                meaning: `${n} sentinels need ${majorityOf(n)} votes, so they survive the loss of ` +
                    `${n - majorityOf(n)}, no more than ${n - 1} would; the extra one only adds a machine that can fail`,
                fix: `run ${n - 1} or ${n + 1} sentinels`,
            },
        ];
    }
    return [];
}
export function quorumRule(p) {
    const out = [];
    const n = p.voters;
    if (p.quorum > n) {
        out.push({
            id: 'quorum-unreachable',
            severity: 'error',
            master: p.name,
            title: `quorum ${p.quorum} is more than the ${plural(n, 'sentinel')}`,
            meaning: 'the primary can never be agreed down (ODOWN), so it is never failed over',
            fix: `SENTINEL SET ${p.name} quorum ${majorityOf(n)} on every sentinel`,
        });
    }
    else if (n >= 2 && p.quorum < majorityOf(n)) {
        out.push({
            id: 'quorum-below-majority',
            severity: 'warning',
            master: p.name,
            title: `quorum ${p.quorum} is below the majority of ${n} sentinels (${majorityOf(n)})`,
            meaning: 'a minority of sentinels (one partitioned or confused) can declare the primary down and start ' +
                'failover attempts and notifications; the failover itself still needs a majority',
            fix: `SENTINEL SET ${p.name} quorum ${majorityOf(n)} on every sentinel`,
        });
    }
    return out;
}
export function placementRule(p, ctx) {
    const out = [];
    const machines = new Map();
    for (const s of p.sentinels) {
        const m = safeMachine(s.address);
        machines.set(m, (machines.get(m) ?? 0) + 1);
    }
    const n = p.sentinels.length;
    const severity = ctx.loopbackOnly ? 'warning' : 'error';
    const note = ctx.loopbackOnly ? ' (a loopback-only deployment: fine for a test, not for production)' : '';
    if (n >= 2 && machines.size === 1) {
        out.push({
            id: 'sentinels-one-machine',
            severity,
            master: p.name,
            title: `all ${n} sentinels run on one machine (${[...machines.keys()][0]})${note}`,
            meaning: 'when that machine fails or is cut off, no sentinel is left to fail the primary over',
            fix: 'run each sentinel on its own machine, typically one beside each data node',
        });
    }
    const primaryMachine = safeMachine(p.primary);
    const together = machines.get(primaryMachine) ?? 0;
    if (n >= 2 && together >= majorityOf(n)) {
        out.push({
            id: 'primary-with-sentinel-majority',
            severity,
            master: p.name,
            title: `the primary's machine (${primaryMachine}) also runs ${together} of the ${n} sentinels${note}`,
            meaning: 'if that machine dies, the sentinels left are a minority and cannot fail over; if it is cut ' +
                'off, the majority stays with the primary and sees nothing wrong',
            fix: 'move sentinels so that no machine holds the primary and a majority of them',
        });
    }
    return out;
}
export function replicaCountRule(p) {
    const n = p.replicas.length;
    if (n === 0) {
        return [
            {
                id: 'no-replica',
                severity: 'error',
                master: p.name,
                title: 'the primary has no replica',
                meaning: 'there is nothing to fail over to: losing the primary loses the service and its data',
                fix: 'add at least two replicas (REPLICAOF <primary-ip> <port>) on other machines',
            },
        ];
    }
    if (n === 1) {
        return [
            {
                id: 'one-replica',
                severity: 'warning',
                master: p.name,
                title: 'the primary has a single replica',
                meaning: 'after one failover nothing is left to fail over to until a replica is rebuilt',
                fix: 'add a second replica on another machine',
            },
        ];
    }
    return [];
}
export function agreementRule(p) {
    const out = [];
    if (p.primaries.length > 1) {
        const who = p.primaries.map(([addr, vs]) => `${addr} (${vs.map((v) => v.report.address).join(', ')})`);
        out.push({
            id: 'primary-disagreement',
            severity: 'error',
            master: p.name,
            title: `sentinels name different primaries: ${who.join(' vs ')}`,
            meaning: 'clients asking different sentinels write to different servers, and a failover may be voted ' +
                'by sentinels that do not watch the same group',
            fix: 'point the odd sentinels at the right primary (SENTINEL REMOVE, then SENTINEL MONITOR with ' +
                'the same name and quorum), or give different groups different names',
        });
    }
    const epochs = new Set(p.views.map((v) => v.configEpoch));
    if (epochs.size > 1) {
        const who = p.views.map((v) => `${v.report.address}=${v.configEpoch}`).join(', ');
        out.push({
            id: 'config-epoch-disagreement',
            severity: 'warning',
            master: p.name,
            title: `sentinels disagree on the config epoch (${who})`,
            meaning: 'a sentinel missed a failover (partitioned, or not receiving hellos); it converges within ' +
                'seconds when connected, so a lasting gap means it is cut off from its peers',
            fix: 'check that every sentinel reaches the primary and the others (hellos on __sentinel__:hello)',
        });
    }
    return out;
}
export function ckquorumRule(p) {
    const failing = p.views.filter((v) => !v.view.ckquorum.ok);
    if (failing.length === 0)
        return [];
    return [
        {
            id: 'ckquorum-failed',
            severity: 'error',
            master: p.name,
            title: `SENTINEL CKQUORUM fails on ${failing.map((v) => v.report.address).join(', ')}`,
            meaning: `a failover cannot be authorised now: ${failing[0]?.view.ckquorum.message ?? ''}`,
            fix: 'bring the missing sentinels back, or lower the quorum / forget dead ones (SENTINEL RESET)',
        },
    ];
}
export function tiltRule(p) {
    const tilted = p.views.filter((v) => v.report.tilt);
    if (tilted.length === 0)
        return [];
    return [
        {
            id: 'tilt',
            severity: 'warning',
            master: p.name,
            title: `in TILT mode: ${tilted.map((v) => v.report.address).join(', ')}`,
            meaning: 'a sentinel saw its clock jump or its event loop stall; for 30 s it watches but does not act ' +
                'or vote, so failovers may lack votes',
            fix: 'look for a paused VM, an overloaded host or clock steps (NTP); it leaves TILT by itself',
        },
    ];
}
export function deadSentinelRule(p) {
    const dead = p.sentinels.filter(isDeadSentinel);
    if (dead.length === 0)
        return [];
    const n = p.voters;
    const alive = p.sentinels.length - dead.length;
    const needed = Math.max(majorityOf(n), p.quorum);
    const names = dead.map((s) => s.address).join(', ');
    const out = [
        {
            id: 'dead-sentinels',
            severity: 'warning',
            master: p.name,
            title: `${plural(dead.length, 'dead sentinel')} still counted as voters: ${names}`,
            meaning: `sentinels never forget a peer: the majority is still counted over ${n} voters ` +
                `(${majorityOf(n)} needed), so every dead one is a vote that never comes`,
            fix: RESET_FIX,
        },
    ];
    if (alive < needed) {
        out.push({
            id: 'failover-impossible',
            severity: 'error',
            master: p.name,
            title: `only ${alive} of ${n} counted sentinels answer; a failover needs ${needed}`,
            meaning: 'if the primary fails now, no sentinel can be elected to fail it over',
            fix: `restart the dead sentinels, or ${RESET_FIX}`,
        });
    }
    return out;
}
export function replicaHealthRule(p) {
    const out = [];
    const dead = p.replicas.filter((r) => r.seenDownBy > 0 && !r.node?.reachable);
    if (dead.length > 0) {
        out.push({
            id: 'dead-replicas',
            severity: 'warning',
            master: p.name,
            title: `${plural(dead.length, 'replica')} down: ${dead.map((r) => r.address).join(', ')}`,
            meaning: 'a dead replica still counts in num-slaves and in any failover plan; if it is gone for good ' +
                'the sentinels keep probing it forever',
            fix: `bring it back, or if it was retired, ${RESET_FIX}`,
        });
    }
    const linkDown = p.replicas.filter((r) => r.node?.reachable &&
        r.node.info.master_link_status !== undefined &&
        r.node.info.master_link_status !== 'up');
    if (linkDown.length > 0) {
        out.push({
            id: 'replica-link-down',
            severity: 'warning',
            master: p.name,
            title: `replication link down on ${linkDown.map((r) => r.address).join(', ')}`,
            meaning: 'these replicas are not receiving writes; promoting one now loses what it missed',
            fix: 'check the replica log (auth, network, full-sync buffer limits) and its master_host',
        });
    }
    const lagging = p.replicas.filter((r) => r.link !== undefined && (r.link.state !== 'online' || r.link.lagSeconds >= REPLICA_LAG_WARN_SECONDS));
    if (lagging.length > 0) {
        const what = lagging.map((r) => `${r.address} ${r.link?.state} lag ${r.link?.lagSeconds} s`).join(', ');
        out.push({
            id: 'replica-lag',
            severity: 'warning',
            master: p.name,
            title: `replicas behind the primary: ${what}`,
            meaning: 'a failover to a lagging replica loses the writes it has not received',
            fix: 'find the bottleneck (network, replica CPU or disk, big commands); consider min-replicas-max-lag',
        });
    }
    const priorities = p.replicas.map((r) => r.priority);
    if (p.replicas.length > 0 && priorities.every((x) => x === 0)) {
        out.push({
            id: 'no-promotable-replica',
            severity: 'error',
            master: p.name,
            title: 'every replica has replica-priority 0',
            meaning: 'priority 0 means "never promote": a failover finds no candidate and the primary stays down',
            fix: 'CONFIG SET replica-priority 100 (and in redis.conf) on at least one replica',
        });
    }
    return out;
}
export function announceRule(p) {
    const out = [];
    const sentinels = p.sentinels.filter((s) => s.report?.reachable && s.seenDownBy > 0);
    const replicas = p.replicas.filter((r) => r.node?.reachable && r.seenDownBy > 0);
    const items = [
        ...sentinels.map((s) => `sentinel ${s.address}${s.listedAs ? ` announced as ${s.listedAs.join(', ')}` : ''} ` +
            `(down for ${s.seenDownBy} of ${s.listedBy} peers)`),
        ...replicas.map((r) => `replica ${r.address} (down for ${r.seenDownBy} sentinels)`),
    ];
    if (items.length > 0) {
        out.push({
            id: 'announce-unreachable',
            severity: 'warning',
            master: p.name,
            title: `answering here but unreachable for the sentinels: ${items.join(', ')}`,
            meaning: 'the address they announce (announce-ip/port, replica-announce-ip, NAT, a firewall) does not ' +
                'work from the sentinels: their votes or promotions are lost',
            fix: 'set sentinel announce-ip/announce-port or replica-announce-ip to an address the sentinels reach',
        });
    }
    return out;
}
export function stateRule(p) {
    const out = [];
    const odown = p.views.filter((v) => masterFlags(v.view).has('o_down'));
    const sdown = p.views.filter((v) => masterFlags(v.view).has('s_down'));
    const failing = p.views.filter((v) => masterFlags(v.view).has('failover_in_progress'));
    if (odown.length > 0) {
        out.push({
            id: 'primary-odown',
            severity: 'error',
            master: p.name,
            title: `the primary ${p.primary} is objectively down (ODOWN)`,
            meaning: 'a quorum of sentinels cannot reach it; a failover should be under way',
            fix: 'watch `vigil status --watch`; if no failover starts, check the votes (CKQUORUM) and replicas',
        });
    }
    else if (sdown.length > 0) {
        out.push({
            id: 'primary-sdown',
            severity: 'warning',
            master: p.name,
            title: `${sdown.map((v) => v.report.address).join(', ')} cannot reach the primary (SDOWN)`,
            meaning: 'those sentinels see the primary down; if more join them it will be failed over',
            fix: 'check the network between those sentinels and the primary',
        });
    }
    if (failing.length > 0) {
        out.push({
            id: 'failover-in-progress',
            severity: 'info',
            master: p.name,
            title: `a failover is in progress (${failing.map((v) => v.report.address).join(', ')})`,
            meaning: 'findings about the primary and its replicas may be transient',
            fix: 'run the doctor again once it finishes',
        });
    }
    return out;
}
export function maintenanceRule(p) {
    const on = p.views.filter((v) => v.report.maintenance?.includes(p.name) === true);
    if (on.length === 0)
        return [];
    return [
        {
            id: 'maintenance',
            severity: 'info',
            master: p.name,
            title: `master in maintenance: no automatic failover (${on.map((v) => v.report.address).join(', ')})`,
            meaning: 'these Vigils neither start nor vote for a failover of it; a primary that dies now stays down ' +
                'until someone acts (SENTINEL FAILOVER still works)',
            fix: `when the work is done, SENTINEL SET ${p.name} vigil-maintenance no on every Vigil`,
        },
    ];
}
export function dataNodeReachRule(p) {
    if (p.primaryNode?.reachable)
        return [];
    return [
        {
            id: 'primary-unreachable-here',
            severity: 'warning',
            master: p.name,
            title: `could not ask the primary ${p.primary}: ${p.primaryNode?.error ?? 'not asked'}`,
            meaning: 'persistence, min-replicas and workload checks were skipped for it',
            fix: 'run the doctor where the data nodes are reachable; for AUTH, --password (or VIGIL_PASSWORD)',
        },
    ];
}
export function persistenceRule(p) {
    const out = [];
    const nodes = [p.primaryNode, ...p.replicas.map((r) => r.node)].filter((n) => n?.reachable);
    const known = nodes.filter((n) => n?.config.save !== null && n?.config.save !== undefined);
    const off = known.filter((n) => n?.config.save?.trim() === '' && n.info.aof_enabled === '0');
    if (known.length > 0 && off.length === nodes.length) {
        out.push({
            id: 'persistence-off',
            severity: 'warning',
            master: p.name,
            title: 'persistence is off on every data node (no RDB save, no AOF)',
            meaning: 'a primary restarted faster than down-after comes back empty and its replicas copy the empty ' +
                'dataset; losing every node at once loses everything',
            fix: 'enable AOF or RDB snapshots on at least the replicas (CONFIG SET appendonly yes, then CONFIG REWRITE)',
        });
    }
    for (const n of nodes) {
        if (!n)
            continue;
        if (n.info.rdb_last_bgsave_status === 'err') {
            out.push({
                id: 'rdb-save-failing',
                severity: 'error',
                master: p.name,
                title: `the last RDB save failed on ${n.address}`,
                meaning: 'snapshots are not being written; with stop-writes-on-bgsave-error the node refuses writes',
                fix: 'check its log and disk (space, permissions of dir), then BGSAVE',
            });
        }
        if (n.info.aof_last_write_status === 'err' || n.info.aof_last_bgrewrite_status === 'err') {
            out.push({
                id: 'aof-failing',
                severity: 'error',
                master: p.name,
                title: `AOF writes or rewrites fail on ${n.address}`,
                meaning: 'the append-only file is not keeping up; writes may be refused or not durable',
                fix: 'check its log and disk, then BGREWRITEAOF',
            });
        }
        const now = Number(n.info.server_time_usec ?? NaN) / 1e6;
        const last = Number(n.info.rdb_last_save_time ?? NaN);
        const changes = Number(n.info.rdb_changes_since_last_save ?? 0);
        const rdbOn = n.config.save !== null && n.config.save !== undefined && n.config.save.trim() !== '';
        if (rdbOn &&
            changes > 0 &&
            Number.isFinite(now) &&
            Number.isFinite(last) &&
            now - last > RDB_OLD_SECONDS) {
            out.push({
                id: 'rdb-save-old',
                severity: 'warning',
                master: p.name,
                title: `the last RDB save on ${n.address} is ${Math.round((now - last) / 60)} min old (${changes} changes since)`,
                meaning: 'a restart from this snapshot loses everything written since',
                fix: 'check the save rules (CONFIG GET save) and the log for failed or skipped saves',
            });
        }
    }
    return out;
}
export function minReplicasRule(p) {
    const node = p.primaryNode;
    if (!node?.reachable || p.replicas.length === 0)
        return [];
    const value = node.config['min-replicas-to-write'];
    if (value === null || value === undefined) {
        return [
            {
                id: 'min-replicas-unknown',
                severity: 'info',
                master: p.name,
                title: `min-replicas-to-write on ${node.address} is unknown (CONFIG refused)`,
                meaning: 'the primary would not say whether it refuses writes when cut off from its replicas',
                fix: 'check redis.conf for min-replicas-to-write by hand',
            },
        ];
    }
    if (Number(value) > 0)
        return [];
    return [
        {
            id: 'min-replicas-off',
            severity: 'warning',
            master: p.name,
            title: `min-replicas-to-write is 0 on the primary ${node.address}`,
            meaning: 'a primary cut off from the others keeps acknowledging writes that are lost when it rejoins as ' +
                `a replica; ${partitionCostText()}`,
            fix: 'CONFIG SET min-replicas-to-write 1 and min-replicas-max-lag 10 on every data node (and in ' +
                'redis.conf), or with Vigil sentinels `vigil fence-on-minority yes` (docs/fencing.md)',
        },
    ];
}
const READS = new Set(('get mget exists strlen getrange substr hget hmget hgetall hkeys hvals hlen hexists hstrlen hscan ' +
    'hrandfield lrange llen lindex lpos smembers sismember smismember scard srandmember sscan sunion ' +
    'sinter sintercard sdiff zrange zrangebyscore zrevrange zrevrangebyscore zrangebylex zrevrangebylex ' +
    'zrank zrevrank zscore zmscore zcard zcount zlexcount zscan zrandmember zunion zinter zdiff xrange ' +
    'xrevrange xlen xread xinfo scan keys type ttl pttl expiretime pexpiretime bitcount bitpos getbit ' +
    'pfcount geopos geodist geohash georadius_ro georadiusbymember_ro geosearch dbsize randomkey lcs ' +
    'dump touch object').split(' '));
const WRITES = new Set(('set setex psetex setnx mset msetnx getset getdel getex append incr incrby incrbyfloat decr decrby ' +
    'del unlink expire pexpire expireat pexpireat persist rename renamenx hset hsetnx hmset hdel hincrby ' +
    'hincrbyfloat lpush rpush lpushx rpushx lpop rpop lset lrem ltrim linsert lmove rpoplpush blpop ' +
    'brpop blmove brpoplpush lmpop blmpop sadd srem spop smove sunionstore sinterstore sdiffstore zadd ' +
    'zincrby zrem zremrangebyscore zremrangebyrank zremrangebylex zpopmin zpopmax bzpopmin bzpopmax zmpop ' +
    'bzmpop zunionstore zinterstore zdiffstore zrangestore xadd xdel xtrim xack xclaim xautoclaim ' +
    'xreadgroup setrange setbit bitop bitfield pfadd pfmerge geoadd georadius georadiusbymember ' +
    'geosearchstore copy restore move flushdb flushall swapdb').split(' '));
export function workloadRule(p) {
    // Reads served by replicas count as reads of the group.
    const nodes = [p.primaryNode, ...p.replicas.map((r) => r.node)].filter((n) => n?.reachable);
    let reads = 0;
    let writes = 0;
    for (const n of nodes) {
        for (const [command, calls] of Object.entries(n?.commandCalls ?? {})) {
            if (READS.has(command))
                reads += calls;
            // Replicas apply the primary's writes through the same commands: count the primary's only.
            else if (WRITES.has(command) && n === p.primaryNode)
                writes += calls;
        }
    }
    const total = reads + writes;
    if (total < WORKLOAD_MIN_CALLS)
        return [];
    const readShare = reads / total;
    const pct = (x) => `${Math.round(100 * x)}%`;
    if (readShare >= READ_HEAVY_SHARE) {
        return [
            {
                id: 'read-heavy',
                severity: 'info',
                master: p.name,
                title: `read-heavy: ${pct(readShare)} of ${total.toLocaleString('en-US')} data commands are reads`,
                meaning: 'reads can scale out: every replica can serve them',
                fix: 'add replicas and send reads to them (clients asking the sentinels for replicas, READONLY role)',
            },
        ];
    }
    if (1 - readShare >= WRITE_HEAVY_SHARE) {
        return [
            {
                id: 'write-heavy',
                severity: 'info',
                master: p.name,
                title: `write-heavy: ${pct(1 - readShare)} of ${total.toLocaleString('en-US')} data commands are writes`,
                meaning: 'every write goes to the one primary: replicas do not add write capacity',
                fix: 'shard the keys across several primaries (several sentinel-monitored groups, or Redis Cluster)',
            },
        ];
    }
    return [];
}
export const MASTER_RULES = [
    stateRule,
    maintenanceRule,
    sentinelCount,
    quorumRule,
    placementRule,
    agreementRule,
    ckquorumRule,
    tiltRule,
    deadSentinelRule,
    announceRule,
    replicaCountRule,
    replicaHealthRule,
    dataNodeReachRule,
    persistenceRule,
    minReplicasRule,
    workloadRule,
];
export function globalFindings(snapshot) {
    const out = [];
    const answered = snapshot.sentinels.filter((s) => s.reachable);
    if (answered.length === 0) {
        const tried = snapshot.sentinels.map((s) => `${s.address} (${s.error ?? 'no answer'})`).join(', ');
        out.push({
            id: 'no-sentinel',
            severity: 'error',
            title: `no sentinel answered: ${tried || 'none given'}`,
            meaning: 'nothing could be checked',
            fix: 'pass a reachable sentinel with --sentinel host:port',
        });
    }
    else if (answered.every((s) => Object.keys(s.masters).length === 0)) {
        out.push({
            id: 'no-master',
            severity: 'error',
            title: snapshot.name
                ? `no sentinel asked monitors a master named ${snapshot.name}`
                : 'the sentinels asked monitor no master',
            meaning: 'nothing is watched: no failover will happen',
            fix: 'SENTINEL MONITOR <name> <ip> <port> <quorum> on each sentinel, or check --name',
        });
    }
    return out;
}
export function isLoopbackOnly(snapshot) {
    const addresses = [
        ...snapshot.sentinels.map((s) => s.address),
        ...snapshot.dataNodes.map((d) => d.address),
    ];
    return addresses.length > 0 && addresses.every((a) => isLoopback(safeHost(a)));
}
/** Every finding for the snapshot: global ones first, then per master in rule order. */
export function diagnose(snapshot) {
    const ctx = { snapshot, loopbackOnly: isLoopbackOnly(snapshot) };
    return [
        ...globalFindings(snapshot),
        ...pictures(snapshot).flatMap((p) => MASTER_RULES.flatMap((r) => r(p, ctx))),
    ];
}
/** 0 healthy (info only), 1 warnings, 2 errors. */
export function exitCodeFor(findings) {
    if (findings.some((f) => f.severity === 'error'))
        return 2;
    if (findings.some((f) => f.severity === 'warning'))
        return 1;
    return 0;
}
function safeHost(address) {
    try {
        return parseAddress(address).host;
    }
    catch {
        return address;
    }
}
function safeMachine(address) {
    try {
        return machineOf(address);
    }
    catch {
        return address;
    }
}
