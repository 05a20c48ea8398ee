import { eventRecord, logAt } from '../log.js';
import { isLinkAction } from './links.js';
/** A failed save is tried again at most this often while nothing else asks for one. */
export const SAVE_RETRY_MS = 1000;
export class Executor {
    deps;
    /** The state in memory is newer than the file: the last save failed. */
    unsaved = false;
    lastSaveAttempt = 0;
    constructor(deps) {
        this.deps = deps;
    }
    /** False while the last config save failed (and no later one succeeded). */
    get configSaved() {
        return !this.unsaved;
    }
    /**
     * Execute `actions` in order, except that a batch holding any `flushConfig` writes the
     * config first, once (several flushes in one batch become one write).
     *
     * Why first: Sentinel 7.0 calls sentinelFlushConfig() synchronously at the point where the
     * state changes (sentinelVoteLeader flushes the new epoch and its vote before replying or
     * going on; the failover flushes before SLAVEOF NO ONE and the replica reconfigurations
     * leave), so nothing a peer or a data node can act on leaves before the state it depends on
     * is on disk. The core has already applied the whole batch to its model when the batch is
     * drained, so one write at the start persists everything the batch's messages depend on.
     * Writing at the end instead let a sentinel publish +vote-for-leader, be elected, ask for
     * votes and send REPLICAOF before its vote and epoch were saved: killed in between, it
     * restarted having forgotten its vote and could grant the same epoch to another candidate
     * (issue #9 §2.1, found by the simulator: test/sim/regressions.ts).
     *
     * A failed write does not stop the batch: as in Sentinel, monitoring goes on; the failure
     * is logged and reported in the result. Departure: Sentinel 7.0 saves again only at the next
     * state change, so a sentinel that voted or failed over while its disk was full and then
     * restarted before anything else changed came back with its old epochs and could vote again
     * in an epoch it had voted in. Vigil retries a failed save on later runs (at most once per
     * SAVE_RETRY_MS) until it succeeds. Never throws.
     */
    run(actions) {
        let flushOk = true;
        const asked = actions.some((action) => action.type === 'flushConfig');
        if (asked || (this.unsaved && this.retryDue()))
            flushOk = this.flushConfig();
        for (const action of actions) {
            try {
                if (isLinkAction(action)) {
                    this.deps.links.execute(action);
                    continue;
                }
                switch (action.type) {
                    case 'event':
                        this.event(action);
                        break;
                    case 'flushConfig':
                        // Done once, before the batch.
                        break;
                    case 'runScript':
                        this.deps.scripts.schedule(action.argv);
                        break;
                    case 'log':
                        this.log(action.level, {}, action.message);
                        break;
                    case 'crash':
                        // Sentinel 7.0 sentinelSimFailureCrash: a warning, then exit(99).
                        this.log('warning', { reason: action.reason }, 'Sentinel CRASH because of SENTINEL simulate-failure');
                        this.deps.exit(99);
                        return { flushOk };
                }
            }
            catch (err) {
                this.deps.log.error({ err, action: action.type }, 'action failed');
            }
        }
        return { flushOk };
    }
    /** Log, publish (unless debug) and run the notification script (warning with a subject). */
    event(action) {
        const { fields, message } = eventRecord(action);
        this.log(action.level, fields, message);
        if (action.level !== 'debug') {
            try {
                this.deps.publish(action.name, action.payload);
            }
            catch (err) {
                this.deps.log.debug({ err, event: action.name }, 'event publish failed');
            }
        }
        if (action.level === 'warning' && action.subject && action.notificationScript) {
            this.deps.scripts.schedule([action.notificationScript, action.name, action.payload]);
        }
        this.notify((o, now) => o.onEvent?.(action, now));
    }
    notify(call) {
        const observers = this.deps.observers;
        if (observers === undefined || observers.length === 0)
            return;
        const now = this.deps.now?.() ?? Date.now();
        for (const observer of observers) {
            try {
                call(observer, now);
            }
            catch (err) {
                this.deps.log.error({ err }, 'observer failed');
            }
        }
    }
    retryDue() {
        const now = this.deps.now?.();
        return now === undefined || now - this.lastSaveAttempt >= SAVE_RETRY_MS;
    }
    flushConfig() {
        let result;
        this.lastSaveAttempt = this.deps.now?.() ?? 0;
        try {
            result = this.deps.flush();
        }
        catch (err) {
            result = { ok: false, error: err instanceof Error ? err.message : String(err) };
        }
        const saved = result.ok;
        this.notify((o, now) => o.onConfigSave?.(saved, now));
        if (result.ok) {
            this.unsaved = false;
            this.log('notice', {}, 'Sentinel new configuration saved on disk');
            return true;
        }
        // Logged as a warning once per run of failures; the retries in between at debug level.
        this.log(this.unsaved ? 'debug' : 'warning', {}, `WARNING: Sentinel was not able to save the new configuration on disk!!!: ${result.error ?? 'unknown error'}`);
        this.unsaved = true;
        return false;
    }
    log(level, fields, message) {
        try {
            logAt(this.deps.log, level, fields, message);
        }
        catch {
            // A broken log destination must not stop the actions.
        }
    }
}
