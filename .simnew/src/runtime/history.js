/**
 * Failover history (issue #11 §2): every failover this Vigil led or saw another sentinel
 * finish, and every abort, one JSON object per line in `vigil-history.jsonl` in the config's
 * `dir`. Built from the event actions the executor performs (an ExecutorObserver) and a
 * read-only look at the core's state; the core knows nothing of it.
 *
 * The file is only ever appended to (one write, then fsync), so a crash can leave at most a
 * torn last line: loading ignores lines that do not parse and cuts a tail without a newline
 * off before appending again. It is rewritten (temp file, fsync, rename) down to `history-max`
 * entries once it holds more than twice that many.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { explainSelection } from '../core/ranking.js';
export const HISTORY_FILE = 'vigil-history.jsonl';
/** The event that moves an in-progress failover into a state, and the state's name. */
const STATE_EVENTS = new Map([
    ['+elected-leader', 'elected'],
    ['+failover-state-select-slave', 'select_slave'],
    ['+failover-state-send-slaveof-noone', 'send_slaveof_noone'],
    ['+failover-state-wait-promotion', 'wait_promotion'],
    ['+promoted-slave', 'promoted'],
    ['+failover-state-reconf-slaves', 'reconf_slaves'],
    ['+failover-end-for-timeout', 'end_for_timeout'],
    ['+failover-end', 'update_config'],
]);
const ABORT_PREFIX = '-failover-abort-';
/** Commands that end a failover in progress, and the abort reason recorded for them. */
export const ENDED_BY_COMMAND = new Map([
    ['+reset-master', 'reset'],
    ['-monitor', 'removed'],
]);
function iso(ms) {
    return new Date(ms).toISOString();
}
function hostPort(host, port) {
    return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
/** The master an event is about (its own name, or the owning master of a replica/sentinel). */
export function eventMaster(event) {
    const subject = event.subject;
    if (subject === null)
        return null;
    return subject.kind === 'master' ? subject.name : (subject.master?.name ?? null);
}
function masterAddress(master, fallback) {
    if (master === undefined)
        return fallback;
    return hostPort(master.addr.ip !== '' ? master.addr.ip : master.addr.host, master.addr.port);
}
/** Parse history text: every line that parses as a record, in order (torn lines skipped). */
export function parseHistory(text) {
    const out = [];
    for (const line of text.split('\n')) {
        if (line.trim() === '')
            continue;
        try {
            const value = JSON.parse(line);
            if (typeof value === 'object' && value !== null && value.v === 1) {
                out.push(value);
            }
        }
        catch {
            // A torn line (a crash during the append) or garbage: skipped.
        }
    }
    return out;
}
/** The bounded JSON-lines file, and the entries it holds (newest last). */
export class HistoryFile {
    file;
    options;
    entries = [];
    /** Lines in the file (including ones dropped from `entries` by the bound). */
    lines = 0;
    constructor(file, options) {
        this.file = file;
        this.options = options;
    }
    /** Read the file; a missing file is an empty history. Never throws. */
    load() {
        this.removeStaleTemps();
        let text = '';
        try {
            text = fs.readFileSync(this.file, 'utf8');
        }
        catch (err) {
            if (err.code !== 'ENOENT')
                this.warn(`Can't read ${this.file}`, err);
        }
        // A tail without its newline is a torn append: cut it off so the next line starts clean.
        if (text !== '' && !text.endsWith('\n')) {
            const keep = text.lastIndexOf('\n') + 1;
            try {
                fs.truncateSync(this.file, Buffer.byteLength(text.slice(0, keep)));
            }
            catch (err) {
                this.warn(`Can't cut the torn last line of ${this.file}`, err);
            }
            text = text.slice(0, keep);
        }
        const all = parseHistory(text);
        this.lines = text.split('\n').filter((l) => l.trim() !== '').length;
        this.entries = all.slice(-this.options.max());
        if (this.lines > 2 * this.options.max())
            this.compact();
    }
    /** Temp files of a rewrite a crash interrupted (the history file itself is intact). */
    removeStaleTemps() {
        const prefix = `${path.basename(this.file)}.tmp-`;
        try {
            for (const name of fs.readdirSync(path.dirname(this.file))) {
                if (name.startsWith(prefix))
                    fs.unlinkSync(path.join(path.dirname(this.file), name));
            }
        }
        catch {
            // Unreadable directory: load() reports the file itself.
        }
    }
    /** Entries, oldest first. */
    list() {
        return this.entries;
    }
    /** Append one record (write + fsync), then bound the file. Never throws. */
    append(record) {
        this.entries.push(record);
        const max = this.options.max();
        if (this.entries.length > max)
            this.entries.splice(0, this.entries.length - max);
        let fd = null;
        try {
            fd = fs.openSync(this.file, 'a', 0o644);
            fs.writeSync(fd, `${JSON.stringify(record)}\n`);
            fs.fsyncSync(fd);
            this.lines++;
        }
        catch (err) {
            this.warn(`Can't append to ${this.file}`, err);
        }
        finally {
            if (fd !== null)
                fs.closeSync(fd);
        }
        if (this.lines > 2 * max)
            this.compact();
    }
    /** Rewrite the file with the kept entries: temp file, fsync, rename, fsync of the directory. */
    compact() {
        const tmp = `${this.file}.tmp-${process.pid}`;
        try {
            const fd = fs.openSync(tmp, 'w', 0o644);
            try {
                fs.writeSync(fd, this.entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
                fs.fsyncSync(fd);
            }
            finally {
                fs.closeSync(fd);
            }
            fs.renameSync(tmp, this.file);
            this.lines = this.entries.length;
            try {
                const dirFd = fs.openSync(path.dirname(this.file), 'r');
                try {
                    fs.fsyncSync(dirFd);
                }
                finally {
                    fs.closeSync(dirFd);
                }
            }
            catch {
                // Some file systems refuse fsync on a directory: the rename is still atomic.
            }
        }
        catch (err) {
            this.warn(`Can't rewrite ${this.file}`, err);
            try {
                fs.unlinkSync(tmp);
            }
            catch {
                // not created
            }
        }
    }
    warn(message, err) {
        this.options.warn?.(message, err);
    }
}
/**
 * Turns the executor's events into history records. A failover of ours runs from
 * `+try-failover` to `+switch-master` or a `-failover-abort-*`; another sentinel's shows up
 * here as `+config-update-from` followed by `+switch-master`.
 */
export class HistoryObserver {
    deps;
    inFlight = new Map();
    /** `+config-update-from` seen for a master: the peer whose configuration we took. */
    updateFrom = new Map();
    constructor(deps) {
        this.deps = deps;
    }
    onEvent(event, now) {
        const name = eventMaster(event);
        if (name === null)
            return;
        const state = this.deps.state();
        const master = state.masters.get(name);
        const flight = this.inFlight.get(name);
        if (event.name === '+try-failover') {
            const started = {
                master: name,
                epoch: master?.failoverEpoch.toString() ?? state.currentEpoch.toString(),
                forced: master?.flags.forceFailover ?? false,
                oldPrimary: masterAddress(master, hostPort(event.subject?.ip ?? '', event.subject?.port ?? 0)),
                selected: null,
                leader: null,
                skipped: [],
                states: [{ state: 'wait_start', at: iso(now) }],
                startedAt: now,
                timedOut: false,
            };
            this.inFlight.set(name, started);
            return;
        }
        if (event.name === '+config-update-from') {
            this.updateFrom.set(name, event.subject?.name ?? '');
            return;
        }
        if (event.name === '+switch-master') {
            this.onSwitch(name, event.payload, flight, master, now);
            return;
        }
        if (flight === undefined)
            return;
        const ended = ENDED_BY_COMMAND.get(event.name);
        if (ended !== undefined) {
            // SENTINEL RESET or REMOVE dropped the failover in progress with the master's state.
            this.inFlight.delete(name);
            this.updateFrom.delete(name);
            flight.states.push({ state: 'aborted', at: iso(now) });
            this.finish(flight, now, 'aborted', ended, null);
            return;
        }
        if (event.name.startsWith(ABORT_PREFIX)) {
            this.inFlight.delete(name);
            flight.states.push({ state: 'aborted', at: iso(now) });
            this.finish(flight, now, 'aborted', event.name.slice(ABORT_PREFIX.length), null);
            return;
        }
        if (event.name === '+selected-slave') {
            // The replica is the event's subject; the others are explained from the state now.
            const subject = event.subject;
            if (subject !== null)
                flight.selected = hostPort(subject.ip, subject.port);
            if (master !== undefined) {
                const chosen = master.promoted;
                flight.skipped = explainSelection({ state }, master, chosen, now);
            }
            return;
        }
        const stateName = STATE_EVENTS.get(event.name);
        if (stateName === undefined)
            return;
        flight.states.push({ state: stateName, at: iso(now) });
        if (event.name === '+elected-leader')
            flight.leader = state.myid;
        if (event.name === '+failover-end-for-timeout')
            flight.timedOut = true;
    }
    onSwitch(name, payload, flight, master, now) {
        // `<name> <old-host> <old-port> <new-host> <new-port>`
        const parts = payload.split(' ');
        const oldPrimary = parts.length >= 5 ? hostPort(parts[1], parts[2]) : '';
        const newPrimary = parts.length >= 5 ? hostPort(parts[3], parts[4]) : null;
        const peer = this.updateFrom.get(name);
        this.updateFrom.delete(name);
        if (peer === undefined && flight !== undefined) {
            this.inFlight.delete(name);
            flight.states.push({ state: 'switch', at: iso(now) });
            this.finish(flight, now, flight.timedOut ? 'succeeded-after-timeout' : 'succeeded', null, newPrimary);
            return;
        }
        if (flight !== undefined) {
            // Another sentinel's newer configuration replaced the master while ours was running.
            this.inFlight.delete(name);
            flight.states.push({ state: 'aborted', at: iso(now) });
            this.finish(flight, now, 'aborted', 'overtaken', null);
        }
        this.deps.record({
            v: 1,
            master: name,
            role: 'observer',
            epoch: master?.configEpoch.toString() ?? '0',
            leader: peer === undefined || peer === '' ? null : peer,
            forced: false,
            oldPrimary,
            newPrimary,
            selected: null,
            skipped: [],
            states: [{ state: 'switch', at: iso(now) }],
            startedAt: iso(now),
            endedAt: iso(now),
            durationMs: 0,
            outcome: 'observed',
            abortReason: null,
        });
    }
    finish(flight, now, outcome, abortReason, newPrimary) {
        this.deps.record({
            v: 1,
            master: flight.master,
            role: 'leader',
            epoch: flight.epoch,
            leader: flight.leader,
            forced: flight.forced,
            oldPrimary: flight.oldPrimary,
            newPrimary,
            selected: flight.selected,
            skipped: flight.skipped,
            states: flight.states,
            startedAt: iso(flight.startedAt),
            endedAt: iso(now),
            durationMs: Math.max(0, now - flight.startedAt),
            outcome,
            abortReason,
        });
    }
}
