/**
 * The script queue (spec §15): notification and client-reconfig scripts, run as child
 * processes with Sentinel 7.0's limits and retry rules.
 *
 * - FIFO of at most 256 jobs; when full, the oldest job that is not running is dropped.
 * - At most 16 running at once; started from the timer (`tick()`), like Sentinel's
 *   sentinelRunPendingScripts, so a job queued now starts at the next tick.
 * - Exit 0: done. Exit 1 or killed by a signal: retried after script-retry-delay × 2^(n−1),
 *   at most 10 runs in all. Other exit codes: not retried. A final failure emits
 *   `-script-error <path> <signal> <exitcode>`.
 * - A script that cannot be executed (missing, not executable) ends like Sentinel's child
 *   whose execve failed: exit code 2, no retry. A failure to create the process at all is
 *   Sentinel's fork failure: `-script-error <path> 99 0`, and the job is tried again at the
 *   next tick.
 * - Running longer than script-max-runtime: `-script-timeout <path> <pid>` and SIGKILL (the
 *   signal then makes it eligible for a retry, as in Sentinel).
 *
 * Scripts are spawned directly (no shell) with the sentinel's environment, in its working
 * directory, with stdin and stdout closed; Node opens every other descriptor close-on-exec,
 * so nothing else leaks into the child.
 */
import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { PROTOCOL } from '../constants.js';
/** errno codes with which spawn fails before a process exists (Sentinel's fork failure). */
const FORK_FAILURES = new Set(['EAGAIN', 'EMFILE', 'ENFILE', 'ENOMEM']);
export class ScriptQueue {
    clock;
    timers;
    onEvent;
    cwd;
    stdio;
    log;
    spawnFn;
    queue = [];
    running = 0;
    stopped = false;
    constructor(options) {
        this.clock = options.clock;
        this.timers = options.timers;
        this.onEvent = options.onEvent;
        this.cwd = options.cwd ?? (() => process.cwd());
        this.stdio = options.stdio ?? ['ignore', 'ignore', 'inherit'];
        this.log = options.log;
        this.spawnFn = options.spawnFn ?? ((command, args, opts) => spawn(command, args, opts));
    }
    /** Queue `argv` (argv[0] is the script path). Sentinel 7.0: sentinelScheduleScriptExecution. */
    schedule(argv) {
        if (this.stopped || argv.length === 0)
            return;
        this.queue.push({
            argv: [...argv],
            running: false,
            pid: 0,
            startTime: 0,
            retryNum: 0,
            child: null,
            timeoutReported: false,
        });
        if (this.queue.length > PROTOCOL.scriptQueueMax) {
            const oldest = this.queue.findIndex((job) => !job.running);
            if (oldest >= 0) {
                const [dropped] = this.queue.splice(oldest, 1);
                this.log?.debug({ argv: dropped?.argv }, 'script queue full: oldest pending script dropped');
            }
        }
    }
    /** The timer's share: start what is due, kill what ran too long. */
    tick() {
        if (this.stopped)
            return;
        this.runPending();
        this.killTimedOut();
    }
    jobs() {
        return this.queue.map((job) => ({
            argv: [...job.argv],
            running: job.running,
            pid: job.pid,
            time: job.startTime,
            retryNum: job.retryNum,
        }));
    }
    runningCount() {
        return this.running;
    }
    queueLength() {
        return this.queue.length;
    }
    /** Shutdown: SIGKILL running children, forget the queue, report nothing more. */
    killAll() {
        this.stopped = true;
        for (const job of this.queue) {
            if (job.running && job.child) {
                try {
                    job.child.kill('SIGKILL');
                }
                catch {
                    // Already gone.
                }
            }
        }
        this.queue = [];
        this.running = 0;
    }
    runPending() {
        const now = this.clock.now();
        for (const job of [...this.queue]) {
            if (this.running >= PROTOCOL.scriptsRunningMax)
                break;
            if (job.running || job.startTime > now)
                continue;
            this.start(job, now);
        }
    }
    start(job, now) {
        job.running = true;
        job.startTime = now;
        job.retryNum++;
        job.timeoutReported = false;
        let child;
        try {
            child = this.spawnFn(job.argv[0], job.argv.slice(1), {
                cwd: this.cwd(),
                env: process.env,
                stdio: this.stdio,
            });
        }
        catch (err) {
            this.forkFailed(job, err);
            return;
        }
        job.child = child;
        let finished = false;
        child.once('error', (err) => {
            // After a successful spawn, 'error' only means a failed kill(): 'exit' still follows.
            if (child.pid !== undefined || finished)
                return;
            finished = true;
            if (FORK_FAILURES.has(err.code ?? '')) {
                this.running--;
                this.forkFailed(job, err);
            }
            else {
                // ENOENT, EACCES...: Sentinel's child exits 2 when execve fails (no retry).
                this.collect(job, 2, 0, err);
            }
        });
        child.once('exit', (code, signal) => {
            if (finished)
                return;
            finished = true;
            const bySignal = signal ? (osConstants.signals[signal] ?? 0) : 0;
            this.collect(job, signal ? 0 : (code ?? 0), bySignal, null);
        });
        this.running++;
        if (child.pid !== undefined) {
            job.pid = child.pid;
            this.event('debug', '+script-child', String(child.pid));
        }
    }
    /** Sentinel 7.0 reports a fork failure as signal 99; the job stays queued for the next tick. */
    forkFailed(job, err) {
        this.log?.debug({ err, argv: job.argv }, 'script spawn failed');
        job.running = false;
        job.pid = 0;
        job.child = null;
        this.event('warning', '-script-error', `${job.argv[0]} 99 0`);
    }
    /** Sentinel 7.0: sentinelCollectTerminatedScripts for one job. */
    collect(job, exitCode, bySignal, execError) {
        if (this.stopped)
            return;
        this.running--;
        if (execError) {
            this.log?.debug({ err: execError, argv: job.argv }, 'script could not be executed');
        }
        else {
            this.event('debug', '-script-child', `${job.pid} ${exitCode} ${bySignal}`);
        }
        job.child = null;
        if ((bySignal !== 0 || exitCode === 1) && job.retryNum < PROTOCOL.scriptMaxRetries) {
            job.running = false;
            job.pid = 0;
            job.startTime = this.clock.now() + this.retryDelay(job.retryNum);
            return;
        }
        if (bySignal !== 0 || exitCode !== 0) {
            this.event('warning', '-script-error', `${job.argv[0]} ${bySignal} ${exitCode}`);
        }
        const index = this.queue.indexOf(job);
        if (index >= 0)
            this.queue.splice(index, 1);
    }
    /** script-retry-delay × 2^(runs − 1). */
    retryDelay(runs) {
        let delay = this.timers()['script-retry-delay'];
        for (let n = runs; n > 1; n--)
            delay *= 2;
        return delay;
    }
    killTimedOut() {
        const now = this.clock.now();
        const maxRuntime = this.timers()['script-max-runtime'];
        for (const job of this.queue) {
            if (!job.running || !job.child || job.timeoutReported)
                continue;
            if (now - job.startTime <= maxRuntime)
                continue;
            job.timeoutReported = true;
            this.event('warning', '-script-timeout', `${job.argv[0]} ${job.pid}`);
            try {
                job.child.kill('SIGKILL');
            }
            catch (err) {
                this.log?.debug({ err, pid: job.pid }, 'kill of a timed-out script failed');
            }
        }
    }
    event(level, name, payload) {
        try {
            this.onEvent({ type: 'event', level, name, payload, subject: null, notificationScript: null });
        }
        catch (err) {
            this.log?.debug({ err, event: name }, 'script event handler threw');
        }
    }
}
