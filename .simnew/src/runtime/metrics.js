/**
 * Prometheus metrics for `GET /metrics` (issue #11 §1, docs/http.md). Two kinds:
 * - gauges read from the core's state at scrape time, under the names redis_exporter gives
 *   what it derives from a sentinel's INFO and SENTINEL replies (`redis_sentinel_*`);
 * - Vigil's own counters and histograms (`vigil_*`), fed by the executor's events (this is
 *   an ExecutorObserver), config saves and the links' PING round trips.
 * Node process metrics come from prom-client's default collectors. Everything lives in a
 * registry of its own, never prom-client's global one.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { VIGIL_VERSION } from '../constants.js';
import { ckquorumMessage } from '../commands/sentinel/query.js';
import { flagsString, shownHost } from '../commands/sentinel/instance-reply.js';
import { ENDED_BY_COMMAND, eventMaster } from './history.js';
function masterAddress(state, m) {
    return `${shownHost(m.addr, state.settings)}:${m.addr.port}`;
}
const ABORT_PREFIX = '-failover-abort-';
export class VigilMetrics {
    source;
    registry = new Registry();
    failoversStarted;
    failoversSucceeded;
    failoversAborted;
    failoverDuration;
    electionsWon;
    electionsLost;
    votesGranted;
    sdown;
    odown;
    tilts;
    configSaves;
    fenceActions;
    events;
    linkRtt;
    /** Start time of our failover in progress, per master. */
    started = new Map();
    /** linkId → labels, rebuilt from the state when a link is not found (at most once a second). */
    linkLabels = new Map();
    linkLabelsBuilt = -Infinity;
    constructor(source) {
        this.source = source;
        const registers = [this.registry];
        collectDefaultMetrics({ register: this.registry });
        this.failoversStarted = new Counter({
            name: 'vigil_failovers_started_total',
            help: 'Failovers this Vigil started (+try-failover)',
            labelNames: ['master_name'],
            registers,
        });
        this.failoversSucceeded = new Counter({
            name: 'vigil_failovers_succeeded_total',
            help: 'Failovers this Vigil led to the end (+switch-master)',
            labelNames: ['master_name'],
            registers,
        });
        this.failoversAborted = new Counter({
            name: 'vigil_failovers_aborted_total',
            help: 'Failovers this Vigil started and aborted, by reason (-failover-abort-<reason>)',
            labelNames: ['master_name', 'reason'],
            registers,
        });
        this.failoverDuration = new Histogram({
            name: 'vigil_failover_duration_seconds',
            help: 'Time from +try-failover to +switch-master of the failovers this Vigil led',
            labelNames: ['master_name'],
            buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 900],
            registers,
        });
        this.electionsWon = new Counter({
            name: 'vigil_elections_won_total',
            help: 'Elections won (+elected-leader)',
            labelNames: ['master_name'],
            registers,
        });
        this.electionsLost = new Counter({
            name: 'vigil_elections_lost_total',
            help: 'Elections lost (-failover-abort-not-elected)',
            labelNames: ['master_name'],
            registers,
        });
        this.votesGranted = new Counter({
            name: 'vigil_votes_granted_total',
            help: 'Votes this Vigil cast (+vote-for-leader), for itself or a peer',
            labelNames: ['master_name', 'candidate'],
            registers,
        });
        this.sdown = new Counter({
            name: 'vigil_sdown_transitions_total',
            help: 'Subjectively down transitions (+sdown = enter, -sdown = leave)',
            labelNames: ['master_name', 'kind', 'transition'],
            registers,
        });
        this.odown = new Counter({
            name: 'vigil_odown_transitions_total',
            help: 'Objectively down transitions of masters (+odown = enter, -odown = leave)',
            labelNames: ['master_name', 'transition'],
            registers,
        });
        this.tilts = new Counter({
            name: 'vigil_tilt_entered_total',
            help: 'Times TILT mode was entered',
            registers,
        });
        this.configSaves = new Counter({
            name: 'vigil_config_saves_total',
            help: 'Config file rewrites, by result (ok or failed)',
            labelNames: ['result'],
            registers,
        });
        this.fenceActions = new Counter({
            name: 'vigil_fence_actions_total',
            help: 'Write fences raised (+fence) and dropped (-fence), by reason',
            labelNames: ['master_name', 'action', 'reason'],
            registers,
        });
        this.events = new Counter({
            name: 'vigil_events_total',
            help: 'Sentinel events emitted, by name',
            labelNames: ['event'],
            registers,
        });
        this.linkRtt = new Histogram({
            name: 'vigil_link_rtt_seconds',
            help: 'PING round-trip time on the command link of each instance',
            labelNames: ['master_name', 'kind', 'instance'],
            buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
            registers,
        });
        this.scrapeGauges(registers);
    }
    /** The gauges computed from the state when scraped. */
    scrapeGauges(registers) {
        const src = this.source;
        const gauge = (name, help, labelNames, fill) => {
            new Gauge({
                name,
                help,
                labelNames,
                registers,
                collect() {
                    this.reset();
                    fill(this, src.state());
                },
            });
        };
        const perMaster = (name, help, value) => gauge(name, help, ['master_name', 'master_address'], (g, state) => {
            for (const m of state.masters.values()) {
                g.set({ master_name: m.name, master_address: masterAddress(state, m) }, value(m, state));
            }
        });
        gauge('redis_sentinel_masters', 'Masters monitored', [], (g, s) => g.set(s.masters.size));
        gauge('redis_sentinel_tilt', 'Whether the sentinel is in TILT mode', [], (g, s) => g.set(s.tilt ? 1 : 0));
        gauge('redis_sentinel_running_scripts', 'Scripts running', [], (g) => g.set(src.runningScripts()));
        gauge('redis_sentinel_scripts_queue_length', 'Scripts queued', [], (g) => g.set(src.scriptQueueLength()));
        gauge('redis_sentinel_simulate_failure_flags', 'SENTINEL SIMULATE-FAILURE flags', [], (g, s) => g.set(s.simulateFailureFlags));
        gauge('redis_sentinel_master_status', 'Master status: 1 when ok, 0 when sdown or odown', ['master_name', 'master_address', 'master_status'], (g, state) => {
            for (const m of state.masters.values()) {
                const status = m.flags.oDown ? 'odown' : m.flags.sDown ? 'sdown' : 'ok';
                g.set({ master_name: m.name, master_address: masterAddress(state, m), master_status: status }, status === 'ok' ? 1 : 0);
            }
        });
        perMaster('redis_sentinel_master_slaves', 'Replicas known for the master', (m) => m.replicas.size);
        perMaster('redis_sentinel_master_sentinels', 'Sentinels watching the master, this one included', (m) => m.sentinels.size + 1);
        perMaster('redis_sentinel_master_ok_slaves', 'Replicas neither sdown nor odown', (m) => {
            let n = 0;
            for (const r of m.replicas.values())
                if (!r.flags.sDown && !r.flags.oDown)
                    n++;
            return n;
        });
        perMaster('redis_sentinel_master_ok_sentinels', 'Sentinels neither sdown nor odown, this one included', (m) => {
            let n = 1;
            for (const p of m.sentinels.values())
                if (!p.flags.sDown && !p.flags.oDown)
                    n++;
            return n;
        });
        perMaster('redis_sentinel_master_setting_ckquorum', 'Configured quorum', (m) => m.quorum);
        perMaster('redis_sentinel_master_setting_failover_timeout', 'failover-timeout (ms)', (m) => m.failoverTimeout);
        perMaster('redis_sentinel_master_setting_parallel_syncs', 'parallel-syncs', (m) => m.parallelSyncs);
        perMaster('redis_sentinel_master_setting_down_after_milliseconds', 'down-after-milliseconds', (m) => m.downAfterMs);
        perMaster('redis_sentinel_master_config_epoch', 'Config epoch of the master', (m) => Number(m.configEpoch));
        perMaster('redis_sentinel_master_last_ok_ping_reply_seconds', 'Seconds since the last acceptable PING reply from the master', (m) => (m.link.lastAvailTime === 0 ? -1 : (src.now() - m.link.lastAvailTime) / 1000));
        gauge('redis_sentinel_master_ckquorum_status', 'SENTINEL CKQUORUM: 1 when quorum and failover authorization can be reached', ['master_name', 'message'], (g, state) => {
            for (const m of state.masters.values()) {
                const r = src.ckquorum(m.name);
                if (r === null)
                    continue;
                const { ok, message } = ckquorumMessage(r);
                g.set({ master_name: m.name, message }, ok ? 1 : 0);
            }
        });
        gauge('redis_sentinel_peer_info', 'Peer sentinels of each master', ['master_name', 'master_address', 'name', 'ip', 'port', 'runid', 'flags'], (g, state) => {
            for (const m of state.masters.values()) {
                for (const p of m.sentinels.values()) {
                    g.set({
                        master_name: m.name,
                        master_address: masterAddress(state, m),
                        name: p.name,
                        ip: shownHost(p.addr, state.settings),
                        port: String(p.addr.port),
                        runid: p.runId ?? '',
                        flags: flagsString(p),
                    }, 1);
                }
            }
        });
        gauge('redis_instance_info', 'Information about the sentinel', ['redis_mode', 'redis_version', 'tcp_port', 'run_id', 'vigil_version'], (g, state) => g.set({
            redis_mode: 'sentinel',
            redis_version: src.redisVersion,
            tcp_port: String(src.tcpPort),
            run_id: state.myid,
            vigil_version: VIGIL_VERSION,
        }, 1));
        gauge('redis_connected_clients', 'Clients connected to the RESP port', [], (g) => g.set(src.clientCount()));
        gauge('vigil_pubsub_subscribers', 'RESP clients subscribed to at least one channel or pattern', [], (g) => g.set(src.subscriberCount()));
        gauge('vigil_current_epoch', 'Current epoch', [], (g, s) => g.set(Number(s.currentEpoch)));
        gauge('vigil_failover_in_progress', 'A failover of the master is in progress here (1/0)', ['master_name', 'state'], (g, s) => {
            for (const m of s.masters.values()) {
                g.set({ master_name: m.name, state: m.failoverState }, m.flags.failoverInProgress ? 1 : 0);
            }
        });
        gauge('vigil_fenced_instances', 'Data nodes this Vigil is fencing now', [], (g, s) => {
            let n = 0;
            for (const m of s.masters.values()) {
                if (m.fence?.active === true)
                    n++;
                for (const r of m.replicas.values())
                    if (r.fence?.active === true)
                        n++;
            }
            g.set(n);
        });
        gauge('vigil_master_maintenance', 'Master in maintenance mode (1/0)', ['master_name'], (g, s) => {
            for (const m of s.masters.values())
                g.set({ master_name: m.name }, m.maintenance ? 1 : 0);
        });
    }
    onEvent(event, now) {
        this.events.inc({ event: event.name });
        const master = eventMaster(event) ?? '';
        switch (event.name) {
            case '+try-failover':
                this.failoversStarted.inc({ master_name: master });
                this.started.set(master, now);
                return;
            case '+elected-leader':
                this.electionsWon.inc({ master_name: master });
                return;
            case '+switch-master': {
                const start = this.started.get(master);
                if (start === undefined)
                    return;
                this.started.delete(master);
                // Ours only when no peer's configuration came in meanwhile (history.ts tells them
                // apart the same way): a failover in progress here ends in update_config.
                this.failoversSucceeded.inc({ master_name: master });
                this.failoverDuration.observe({ master_name: master }, Math.max(0, now - start) / 1000);
                return;
            }
            case '+config-update-from':
                // Another sentinel's configuration: a failover of ours still running is over.
                if (this.started.delete(master))
                    this.failoversAborted.inc({ master_name: master, reason: 'overtaken' });
                return;
            case '+vote-for-leader': {
                const runId = event.payload.split(' ')[0] ?? '';
                const self = runId.toLowerCase() === this.source.state().myid.toLowerCase();
                this.votesGranted.inc({ master_name: master, candidate: self ? 'self' : 'peer' });
                return;
            }
            case '+sdown':
            case '-sdown':
                this.sdown.inc({
                    master_name: master,
                    kind: event.subject?.kind ?? 'unknown',
                    transition: event.name === '+sdown' ? 'enter' : 'leave',
                });
                return;
            case '+odown':
            case '-odown':
                this.odown.inc({ master_name: master, transition: event.name === '+odown' ? 'enter' : 'leave' });
                return;
            case '+tilt':
                this.tilts.inc();
                return;
            case '+fence':
            case '-fence': {
                const reason = /#([a-z-]+)/.exec(event.payload)?.[1] ?? 'unknown';
                this.fenceActions.inc({
                    master_name: master,
                    action: event.name === '+fence' ? 'raise' : 'drop',
                    reason,
                });
                return;
            }
        }
        const ended = ENDED_BY_COMMAND.get(event.name);
        if (ended !== undefined) {
            if (this.started.delete(master))
                this.failoversAborted.inc({ master_name: master, reason: ended });
            return;
        }
        if (event.name.startsWith(ABORT_PREFIX)) {
            const reason = event.name.slice(ABORT_PREFIX.length);
            this.started.delete(master);
            this.failoversAborted.inc({ master_name: master, reason });
            if (reason === 'not-elected')
                this.electionsLost.inc({ master_name: master });
        }
    }
    onConfigSave(ok) {
        this.configSaves.inc({ result: ok ? 'ok' : 'failed' });
    }
    /** A PING reply on link `linkId` after `seconds`. */
    observeRtt(linkId, seconds) {
        let labels = this.linkLabels.get(linkId);
        if (labels === undefined) {
            const now = this.source.now();
            if (now - this.linkLabelsBuilt < 1000)
                return;
            this.linkLabelsBuilt = now;
            this.rebuildLinkLabels();
            labels = this.linkLabels.get(linkId);
            if (labels === undefined)
                return;
        }
        this.linkRtt.observe(labels, seconds);
    }
    rebuildLinkLabels() {
        const map = new Map();
        for (const m of this.source.state().masters.values()) {
            map.set(m.link.id, {
                master_name: m.name,
                kind: 'master',
                instance: masterAddress(this.source.state(), m),
            });
            for (const r of m.replicas.values())
                map.set(r.link.id, { master_name: m.name, kind: 'slave', instance: r.name });
            for (const p of m.sentinels.values()) {
                if (!map.has(p.link.id))
                    map.set(p.link.id, { master_name: m.name, kind: 'sentinel', instance: p.name });
            }
        }
        this.linkLabels = map;
    }
    /** The text exposition. */
    async text() {
        return this.registry.metrics();
    }
    get contentType() {
        return this.registry.contentType;
    }
}
