/**
 * Wiring: config → core → server, links, executor, scripts and the timer. This is the only
 * place that knows all the pieces; each of them can be tested alone.
 */
import { accessSync, constants, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { lookup as dnsLookup } from 'node:dns/promises';
import { Brain } from '../core/brain.js';
import { loadConfig } from '../config/load.js';
import { flushSentinelConfig } from '../config/flush.js';
import { removeStaleTempFiles } from '../config/save.js';
import { buildTlsContexts } from '../config/tls.js';
import { createLogger, logAt } from '../log.js';
import { createSentinelServer } from '../server/server.js';
import { commandTable, hiddenSubcommands } from '../commands/table.js';
import { LinkManager } from './links.js';
import { Executor } from './executor.js';
import { Scheduler } from './scheduler.js';
import { ScriptQueue } from './scripts.js';
import { realClock } from './clock.js';
import { VigilMetrics } from './metrics.js';
import { HISTORY_FILE, HistoryFile, HistoryObserver } from './history.js';
import { HttpApi } from './http.js';
import { notReadyReasons } from './http-views.js';
import { PROTOCOL } from '../constants.js';
function canExecute(path) {
    try {
        accessSync(path, constants.X_OK);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * With resolve-hostnames on, Sentinel 7.0 resolves each configured master's hostname when it
 * loads the config, so `+monitor` and the replies show its IP from the start. The core does
 * no DNS, so the daemon resolves before starting it; a name that does not resolve yet keeps
 * an empty IP and is resolved again on every reconnect by the link layer.
 */
async function resolveConfiguredHostnames(brain, log) {
    if (!brain.state.settings.resolveHostnames)
        return;
    for (const master of brain.state.masters.values()) {
        if (master.addr.ip !== '')
            continue;
        try {
            master.addr.ip = (await dnsLookup(master.addr.host)).address;
        }
        catch {
            log.warn(`Can't resolve instance hostname ${master.addr.host} yet: will retry on every reconnect`);
        }
    }
}
/** Run the daemon in the foreground until SHUTDOWN or a signal; resolves to the exit code. */
export async function runDaemon(configArg, cliArgs) {
    const clock = realClock;
    const now = () => clock.now();
    const brain = new Brain({ canExecute });
    // The core checks script paths (relative ones against the working directory, which is the
    // final `dir` from the moment loadConfig enters it, before the `sentinel` lines are applied).
    const loaded = loadConfig(configArg, cliArgs, (args) => brain.applyConfigDirective(args, now()), {
        enterDir: (dir) => process.chdir(dir),
        applyVigilDirective: (args) => brain.applyVigilDirective(args),
    });
    if (!loaded.ok) {
        process.stderr.write(loaded.message.endsWith('\n') ? loaded.message : `${loaded.message}\n`);
        return 1;
    }
    const { config } = loaded;
    const server = config.server;
    let logHandle;
    try {
        logHandle = createLogger({
            loglevel: server.loglevel,
            logfile: server.logfile,
            format: () => brain.state.settings.logFormat,
        });
    }
    catch (err) {
        process.stderr.write(`Can't start: ${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
    }
    const log = logHandle.logger;
    // logrotate: reopen the logfile by its path (with stdout there is nothing to do, and no exit).
    process.on('SIGHUP', () => void logHandle.reopen());
    for (const notice of loaded.notices)
        log.info(notice);
    for (const name of removeStaleTempFiles(config.path)) {
        log.info(`Removed ${name}, left by a save that was interrupted`);
    }
    let tlsContexts;
    if (server.tlsPort !== 0 || server.tlsReplication) {
        try {
            tlsContexts = buildTlsContexts(server.tls);
        }
        catch (err) {
            // Redis 7.0 logs the reason, then exits with this line.
            log.warn(err instanceof Error ? err.message : String(err));
            logHandle.close();
            process.stderr.write(`${err instanceof Error ? err.message : String(err)}\nFailed to configure TLS. Check logs for more info.\n`);
            return 1;
        }
    }
    // The port our hellos announce (unless sentinel announce-port is set): Sentinel 7.0
    // announces the TLS port when links are TLS (tls-replication yes with a tls-port).
    brain.state.settings.port = server.tlsReplication && server.tlsPort !== 0 ? server.tlsPort : server.port;
    brain.state.settings.requirePass = server.requirepass;
    // Late-bound because the executor, the server and the scripts refer to each other.
    let sentinelServer = null;
    let executor = null;
    const drain = () => (executor ? executor.run(brain.takeActions()).flushOk : true);
    // Metrics and failover history watch the executor's events (runtime/metrics.ts, history.ts).
    // The history file lives in `dir`, which is the working directory from here on.
    const history = new HistoryFile(path.resolve(process.cwd(), HISTORY_FILE), {
        max: () => brain.state.settings.historyMax,
        warn: (message, err) => log.warn({ err }, message),
    });
    history.load();
    const historyObserver = new HistoryObserver({
        state: () => brain.state,
        record: (entry) => {
            history.append(entry);
            log.info({ master: entry.master, outcome: entry.outcome, epoch: entry.epoch }, `Failover history: ${entry.master} epoch ${entry.epoch} ${entry.outcome}${entry.abortReason ? ` (${entry.abortReason})` : ''}`);
        },
    });
    const scripts = new ScriptQueue({
        clock,
        timers: () => brain.state.timers,
        onEvent: (event) => executor?.run([event]),
        cwd: () => process.cwd(),
        log,
    });
    const metrics = new VigilMetrics({
        state: () => brain.state,
        ckquorum: (name) => brain.ckquorum(name),
        redisVersion: PROTOCOL.redisVersion,
        tcpPort: server.port,
        clientCount: () => sentinelServer?.clientCount() ?? 0,
        subscriberCount: () => sentinelServer?.subscriberCount() ?? 0,
        runningScripts: () => scripts.runningCount(),
        scriptQueueLength: () => scripts.queueLength(),
        now,
    });
    const links = new LinkManager({
        onInput: (input) => {
            brain.handle(input, now());
            drain();
        },
        log,
        ...(server.tlsReplication && tlsContexts ? { tls: tlsContexts.client } : {}),
        onPingRtt: (linkId, seconds) => metrics.observeRtt(linkId, seconds),
    });
    const httpApi = new HttpApi({
        state: () => brain.state,
        now,
        metrics,
        history: () => history.list(),
        notReady: () => {
            let dirWritable = true;
            try {
                accessSync(process.cwd(), constants.W_OK);
            }
            catch {
                dirWritable = false;
            }
            return notReadyReasons(brain.state, executor?.configSaved ?? true, dirWritable);
        },
        log,
    });
    let resolveExit = () => undefined;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    let scheduler = null;
    let shuttingDown = false;
    const shutdown = async (reason, code = 0) => {
        if (shuttingDown)
            return;
        shuttingDown = true;
        log.warn(reason);
        // Closing sockets must not keep a stopping sentinel alive: give it a bounded time.
        setTimeout(() => {
            logHandle.flush();
            process.exit(code);
        }, 3000).unref();
        scheduler?.stop();
        links.closeAll();
        scripts.killAll();
        await Promise.all([
            sentinelServer?.close().catch(() => undefined),
            httpApi.close().catch(() => undefined),
        ]);
        if (server.pidfile) {
            try {
                unlinkSync(server.pidfile);
            }
            catch {
                // already gone
            }
        }
        log.warn('Sentinel is now ready to exit, bye bye...');
        logHandle.close();
        resolveExit(code);
    };
    executor = new Executor({
        links,
        publish: (channel, message) => void sentinelServer?.publish(channel, message),
        flush: () => flushSentinelConfig(config.path, brain.state, {
            log: (level, message) => logAt(log, level, {}, message),
            dir: server.dir,
        }),
        scripts,
        log,
        exit: (code) => {
            logHandle.flush();
            process.exit(code);
        },
        now,
        observers: [metrics, historyObserver],
    });
    const startTime = now();
    sentinelServer = createSentinelServer({
        config: server,
        ...(tlsContexts ? { tls: tlsContexts.server } : {}),
        core: brain,
        scripts,
        process: {
            runId: randomBytes(20).toString('hex'),
            startTime,
            configFile: config.path,
            tcpPort: server.port,
            executable: process.argv[1] ?? 'vigil',
            // The server answers these three itself from its own counters.
            connectedClients: () => 0,
            totalConnections: () => 0,
            totalCommands: () => 0,
            hz: () => scheduler?.hz ?? 10,
        },
        // pino's Logger<'verbose'> carries our custom level; the server only uses the standard ones.
        log: log,
        commit: drain,
        now,
        commands: commandTable(),
        // Valkey 8 names (SENTINEL PRIMARY, ...): accepted, not listed in COMMAND LIST as in 7.0.15.
        hiddenSubcommands: hiddenSubcommands(),
        onShutdown: () => void shutdown('User requested shutdown...'),
    });
    try {
        await sentinelServer.listen();
    }
    catch (err) {
        log.warn({ err }, `Failed listening on port ${server.port}: ${err instanceof Error ? err.message : String(err)}`);
        logHandle.close();
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
    }
    try {
        await httpApi.start();
    }
    catch (err) {
        const text = `Failed opening the HTTP listener on ${brain.state.settings.httpBind}:${brain.state.settings.httpPort}: ${err instanceof Error ? err.message : String(err)}`;
        log.warn(text);
        await sentinelServer.close().catch(() => undefined);
        logHandle.close();
        process.stderr.write(`${text}\n`);
        return 1;
    }
    if (server.pidfile) {
        try {
            writeFileSync(server.pidfile, `${process.pid}\n`);
        }
        catch (err) {
            log.warn({ err }, `Failed to write PID file: ${String(err)}`);
        }
    }
    log.info({ port: server.port, config: config.path }, `Vigil started, Sentinel mode, port ${server.port}`);
    await resolveConfiguredHostnames(brain, log);
    brain.start(now());
    if (!drain()) {
        // Sentinel 7.0 exits when the first save (the new myid) fails.
        await shutdown('Sentinel needs config file on disk to save state. Exiting...', 1);
        return exited;
    }
    scheduler = new Scheduler({
        clock,
        tick: () => {
            brain.handle({ type: 'tick' }, now());
            drain();
            scripts.tick();
            httpApi.sync();
        },
        onError: (err) => log.error({ err }, 'timer run failed'),
    });
    scheduler.start();
    process.once('SIGTERM', () => void shutdown('Received SIGTERM scheduling shutdown...'));
    process.once('SIGINT', () => void shutdown('Received SIGINT scheduling shutdown...'));
    return exited;
}
