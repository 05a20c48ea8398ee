/**
 * `vigil status [--sentinel host:port ...] [--name <master>] [--json] [--watch]`: the
 * topology as the sentinels (Vigil or redis-sentinel) see it, at a glance. With --watch, the
 * sentinels' events as they come and the summary redrawn every 2 s (cleared only on a
 * terminal), until Ctrl-C. Exit 0 when at least one sentinel answered, 1 when none did, 2 on
 * a bad argument.
 */
import { Redis } from 'ioredis';
import { gatherOptions, parseInspectArgs } from './inspect/args.js';
import { errorText } from './inspect/client.js';
import { parseAddress } from './inspect/parse.js';
import { renderStatus } from './inspect/render.js';
import { gather } from './inspect/snapshot.js';
import { statusOf } from './inspect/status-model.js';
import { makeStyle, wantsColour } from './inspect/style.js';
export const STATUS_USAGE = `Usage: vigil status [--sentinel host:port ...] [--name <master>] [--json]
                    [--watch]
  Shows each master as the sentinels see it: primary, replicas with lag and
  link state, sentinels with their view, epochs, ODOWN and failover state.
  Other sentinels are found from the ones given (default 127.0.0.1:26379).
  --watch prints events as they come and redraws every 2 s (--interval <ms>);
  --timeout <ms> bounds each request. AUTH: --password and --user for the
  data nodes, --sentinel-password and --sentinel-user for the sentinels (or
  VIGIL_PASSWORD, VIGIL_USER, VIGIL_SENTINEL_PASSWORD, VIGIL_SENTINEL_USER).
  Exit 0 when a sentinel answered, 1 when none did.`;
/** Channels too chatty to show: the sentinels' hellos every 2 s. */
const QUIET_CHANNELS = new Set(['__sentinel__:hello']);
const EVENTS_KEPT = 20;
function answered(snapshot) {
    return snapshot.sentinels.some((s) => s.reachable);
}
export async function runStatus(argv) {
    let args;
    try {
        args = parseInspectArgs(argv, true);
    }
    catch (err) {
        process.stderr.write(`vigil status: ${err.message}\n\n${STATUS_USAGE}\n`);
        return 2;
    }
    if (args.help) {
        process.stdout.write(`${STATUS_USAGE}\n`);
        return 0;
    }
    if (args.watch)
        return watch(args);
    const snapshot = await gather(gatherOptions(args));
    const status = statusOf(snapshot);
    if (args.json)
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    else
        process.stdout.write(renderStatus(status, makeStyle(wantsColour())));
    return answered(snapshot) ? 0 : 1;
}
/** The summary without the figures that move on every refresh. */
function steady(summary) {
    return summary.replace(/lag \d+ s|\d+ B behind/g, '');
}
async function watch(args) {
    const tty = process.stdout.isTTY === true;
    const st = makeStyle(wantsColour());
    const subscribers = new Map();
    const events = [];
    let lastSummary = '';
    let stopped = false;
    let gathering = false;
    let everAnswered = false;
    const write = (text) => {
        if (!stopped)
            process.stdout.write(text);
    };
    const draw = () => {
        if (args.json)
            return;
        if (tty) {
            const tail = events.length > 0 ? `\n${st.bold('events')}\n${events.join('\n')}\n` : '';
            write(`\x1b[H\x1b[2J${st.dim(`vigil status --watch  ${new Date().toISOString()}  (Ctrl-C to stop)`)}\n\n${lastSummary}${tail}`);
        }
    };
    const onEvent = (from, channel, message) => {
        if (QUIET_CHANNELS.has(channel))
            return;
        const time = new Date().toISOString().slice(11, 23);
        if (args.json) {
            write(`${JSON.stringify({ type: 'event', time: new Date().toISOString(), sentinel: from, channel, message })}\n`);
            return;
        }
        const line = `${st.dim(time)} ${st.dim(from)} ${st.cyan(channel)} ${message}`;
        events.push(line);
        if (events.length > EVENTS_KEPT)
            events.shift();
        if (tty)
            draw();
        else
            write(`${line}\n`);
    };
    /** Resolves once subscribed (or after the timeout: it keeps trying in the background). */
    const subscribe = async (address) => {
        if (subscribers.has(address))
            return;
        const { host, port } = parseAddress(address);
        const sub = new Redis({
            host,
            port,
            connectTimeout: args.timeoutMs,
            ...(args.sentinelAuth ?? {}),
            maxRetriesPerRequest: null,
            enableReadyCheck: false,
            // Keep trying: a sentinel that restarts is followed again.
            retryStrategy: () => 1000,
        });
        sub.on('error', () => undefined);
        sub.on('pmessage', (_pattern, channel, message) => onEvent(address, channel, message));
        subscribers.set(address, sub);
        let timer;
        await Promise.race([
            sub.psubscribe('*').catch(() => undefined),
            new Promise((resolve) => (timer = setTimeout(resolve, args.timeoutMs))),
        ]);
        clearTimeout(timer);
    };
    const refresh = async () => {
        if (gathering || stopped)
            return;
        gathering = true;
        try {
            const snapshot = await gather(gatherOptions(args));
            if (stopped)
                return;
            everAnswered ||= answered(snapshot);
            // Subscribed before the summary is shown: every event after it is printed.
            await Promise.all(snapshot.sentinels.filter((s) => s.reachable).map((s) => subscribe(s.address)));
            const status = statusOf(snapshot);
            if (args.json) {
                write(`${JSON.stringify({ type: 'status', ...status })}\n`);
                return;
            }
            const summary = renderStatus(status, st);
            if (tty) {
                lastSummary = summary;
                draw();
            }
            else if (steady(summary) !== steady(lastSummary)) {
                // Piped: print the summary only when it changed (not for lag figures moving), events
                // go out as they come.
                lastSummary = summary;
                write(`--- ${new Date().toISOString()}\n${summary}`);
            }
        }
        finally {
            gathering = false;
        }
    };
    // Listening before the first refresh: a Ctrl-C during it still stops cleanly.
    const interrupted = new Promise((resolve) => {
        const stop = () => {
            process.off('SIGINT', stop);
            process.off('SIGTERM', stop);
            resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
    });
    const safeRefresh = () => refresh().catch((err) => {
        process.stderr.write(`vigil status: ${errorText(err)}\n`);
    });
    void safeRefresh();
    const timer = setInterval(() => void safeRefresh(), args.intervalMs);
    await interrupted;
    stopped = true;
    clearInterval(timer);
    for (const sub of subscribers.values())
        sub.disconnect();
    if (tty && !args.json)
        process.stdout.write('\n');
    return everAnswered ? 0 : 1;
}
