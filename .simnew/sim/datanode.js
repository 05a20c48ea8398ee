export class DataNode {
    ip;
    port;
    group;
    priority;
    rng;
    runId;
    role;
    masterHost = null;
    masterPort = 0;
    /** Replication link state as the node reports it. */
    linkUp = false;
    /** Virtual time the link went down (for master_link_down_since_seconds), or -1. */
    linkDownSince = -1;
    /** A new SLAVEOF target needs a sync before the link is up. */
    syncReadyAt = 0;
    offset = 0;
    alive = true;
    paused = false;
    /** CLIENT PAUSE <ms> WRITE from a sentinel (fencing): no writes before this virtual time. */
    writesPausedUntil = 0;
    /** Virtual time (ms) the node last became primary through SLAVEOF NO ONE, or -1. */
    promotedAt = -1;
    startedAt;
    constructor(ip, port, group, priority, rng, now) {
        this.ip = ip;
        this.port = port;
        this.group = group;
        this.priority = priority;
        this.rng = rng;
        this.runId = rng.hex(40);
        this.role = 'master';
        this.startedAt = now;
    }
    get address() {
        return `${this.ip}:${this.port}`;
    }
    restart(now) {
        this.alive = true;
        this.paused = false;
        // A client pause does not survive a restart.
        this.writesPausedUntil = 0;
        this.runId = this.rng.hex(40);
        this.startedAt = now;
        // The role survives (CONFIG REWRITE persisted it); the link must sync again.
        this.linkUp = false;
        this.linkDownSince = now;
        this.syncReadyAt = now + 200;
    }
    /** The role-change transaction (MULTI, SLAVEOF, CONFIG REWRITE, CLIENT KILL x2, EXEC). */
    slaveOf(host, port, now) {
        if (host === null) {
            if (this.role !== 'master')
                this.promotedAt = now;
            this.role = 'master';
            this.masterHost = null;
            this.masterPort = 0;
            this.linkUp = false;
            this.linkDownSince = -1;
            return;
        }
        const same = this.role === 'slave' && this.masterHost === host && this.masterPort === port;
        this.role = 'slave';
        this.masterHost = host;
        this.masterPort = port;
        if (!same) {
            this.linkUp = false;
            this.linkDownSince = now;
            this.syncReadyAt = now + 100 + this.rng.int(400);
        }
    }
    info(now, replicas) {
        const lines = [
            '# Server',
            'redis_version:7.0.15',
            'redis_mode:standalone',
            `run_id:${this.runId}`,
            `tcp_port:${this.port}`,
            `uptime_in_seconds:${Math.floor((now - this.startedAt) / 1000)}`,
            '',
            '# Replication',
        ];
        if (this.role === 'master') {
            lines.push('role:master');
            lines.push(`connected_slaves:${replicas.length}`);
            replicas.forEach((r, i) => {
                lines.push(`slave${i}:ip=${r.ip},port=${r.port},state=online,offset=${r.offset},lag=0`);
            });
        }
        else {
            lines.push('role:slave');
            lines.push(`master_host:${this.masterHost ?? ''}`);
            lines.push(`master_port:${this.masterPort}`);
            lines.push(`master_link_status:${this.linkUp ? 'up' : 'down'}`);
            lines.push(`master_last_io_seconds_ago:${this.linkUp ? 0 : -1}`);
            lines.push('master_sync_in_progress:0');
            lines.push(`slave_read_repl_offset:${this.offset}`);
            lines.push(`slave_repl_offset:${this.offset}`);
            if (!this.linkUp) {
                const since = this.linkDownSince < 0 ? 0 : Math.floor((now - this.linkDownSince) / 1000);
                lines.push(`master_link_down_since_seconds:${since}`);
            }
            lines.push(`slave_priority:${this.priority}`);
            lines.push('slave_read_only:1');
            lines.push('replica_announced:1');
            lines.push(`connected_slaves:${replicas.length}`);
            replicas.forEach((r, i) => {
                lines.push(`slave${i}:ip=${r.ip},port=${r.port},state=online,offset=${r.offset},lag=0`);
            });
        }
        lines.push('master_failover_state:no-failover');
        lines.push(`master_repl_offset:${this.offset}`);
        return lines.join('\r\n') + '\r\n';
    }
}
