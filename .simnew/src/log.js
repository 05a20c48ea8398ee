/**
 * Logging: pino records to stdout, or to the `logfile`, as JSON, logfmt or Redis's own line
 * format (`vigil log-format`, src/log/format.ts; docs/logging.md). Sentinel's four log levels
 * map to pino levels; `verbose` is a custom level between debug and info so records say
 * `verbose` as Sentinel's `-` lines do. Sentinel events become structured records (event,
 * payload, instance, master) whose message is Sentinel's own log text `<event> <payload>`.
 */
import pino from 'pino';
import { LogSink } from './log/sink.js';
/** pino's debug is 20 and info 30: verbose sits between them. */
export const CUSTOM_LEVELS = { verbose: 25 };
/** The pino level a Sentinel log level is written at. */
export function pinoLevelFor(level) {
    switch (level) {
        case 'debug':
            return 'debug';
        case 'verbose':
            return 'verbose';
        case 'notice':
            return 'info';
        case 'warning':
            return 'warn';
    }
}
/** The pino threshold for a `loglevel` setting (`nothing` silences everything). */
export function pinoThresholdFor(name) {
    return name === 'nothing' ? 'silent' : pinoLevelFor(name);
}
/**
 * Fields that could ever carry a credential, censored by pino before any format sees the
 * record. Nothing logs them today (auth-pass is `******` in `+set`; AUTH replies are not
 * logged): this is the net under future code, notably ioredis errors, which carry the
 * command and its arguments (`err.command.args`).
 */
export const REDACT_PATHS = [
    'err.command.args',
    '*.command.args',
    // A link's spec (`{ action }` of a connect) holds `auth: { user, pass }`.
    'auth',
    '*.auth',
    '*.*.auth',
    ...['pass', 'password', 'authPass', 'sentinelPass', 'requirePass', 'requirepass'].flatMap((k) => [
        k,
        `*.${k}`,
    ]),
];
function makeLogger(loglevel, dest, now) {
    return pino({
        level: pinoThresholdFor(loglevel),
        customLevels: CUSTOM_LEVELS,
        // Labels rather than numbers, so a record says `verbose`.
        formatters: { level: (label) => ({ level: label }) },
        base: { pid: process.pid },
        redact: { paths: REDACT_PATHS, censor: '******' },
        ...(now ? { timestamp: () => `,"time":${now()}` } : {}),
    }, dest);
}
/**
 * Build the process logger. With a logfile the file is opened here, synchronously, so an
 * unwritable path fails at startup (Redis: `Can't open the log file: <strerror>`) — the
 * caller turns the thrown Error into its fatal config error. Every record is written
 * synchronously, to the file as to stdout: Redis writes each log line before going on, and a
 * sentinel killed with -9 mid-failover must not take its last lines with it. pino builds the
 * record once as JSON; the sink (src/log/sink.ts) renders it in the current format.
 */
export function createLogger(options) {
    const sink = new LogSink({
        logfile: options.logfile,
        ...(options.format ? { format: options.format } : {}),
        ...(options.destination ? { out: options.destination } : {}),
        ...(options.isTty !== undefined ? { isTty: options.isTty } : {}),
        formatOptions: { utc: options.utc === true },
    });
    const logger = makeLogger(options.loglevel, sink, options.now);
    const flush = () => sink.flush();
    const external = options.destination === undefined;
    if (external)
        process.on('exit', flush);
    let closed = false;
    return {
        logger,
        flush,
        setLevel: (name) => {
            logger.level = pinoThresholdFor(name);
        },
        format: () => sink.currentFormat(),
        reopen: () => {
            const result = sink.reopen();
            if (closed)
                return result;
            if (result.kind === 'reopened')
                logger.info(`Log file ${result.path} reopened`);
            else if (result.kind === 'stdout')
                logger.verbose('Logging to stdout: no log file to reopen');
            else
                logger.warn(`Can't reopen the log file, still writing to the old one: ${result.error}`);
            return result;
        },
        close: () => {
            if (closed)
                return;
            closed = true;
            if (external)
                process.removeListener('exit', flush);
            sink.close();
        },
    };
}
/** Write `message` with `fields` at a Sentinel log level. */
export function logAt(logger, level, fields, message) {
    switch (pinoLevelFor(level)) {
        case 'debug':
            logger.debug(fields, message);
            break;
        case 'verbose':
            logger.verbose(fields, message);
            break;
        case 'info':
            logger.info(fields, message);
            break;
        case 'warn':
            logger.warn(fields, message);
            break;
    }
}
/** The structured fields and the Sentinel log text (`<event> <payload>`) of an event. */
export function eventRecord(action) {
    const fields = { event: action.name, payload: action.payload };
    const subject = action.subject;
    if (subject) {
        fields.master = subject.kind === 'master' ? subject.name : subject.master?.name;
        fields.instance = { kind: subject.kind, name: subject.name, ip: subject.ip, port: subject.port };
    }
    const message = action.payload === '' ? action.name : `${action.name} ${action.payload}`;
    return { fields, message };
}
/** Log a Sentinel event as Sentinel does (level from the event table, text `<event> <payload>`). */
export function logEvent(logger, action) {
    const { fields, message } = eventRecord(action);
    logAt(logger, action.level, fields, message);
}
