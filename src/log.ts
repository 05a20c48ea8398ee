/**
 * Logging: pino records to stdout, or to the `logfile`, as JSON, logfmt or Redis's own line
 * format (`vigil log-format`, src/log/format.ts; docs/logging.md). Sentinel's four log levels
 * map to pino levels; `verbose` is a custom level between debug and info so records say
 * `verbose` as Sentinel's `-` lines do. Sentinel events become structured records (event,
 * payload, instance, master) whose message is Sentinel's own log text `<event> <payload>`.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Action, EventSubject, LogLevel } from './core/actions.js';
import type { LogLevelName } from './config/model.js';
import type { LogFormat, LogFormatSetting } from './log/format.js';
import { LogSink, type ReopenResult } from './log/sink.js';

export type { LogFormat, LogFormatSetting } from './log/format.js';
export type { ReopenResult } from './log/sink.js';

export type VigilLogger = Logger<'verbose'>;
export type PinoLevel = 'debug' | 'verbose' | 'info' | 'warn';
export type EventAction = Extract<Action, { type: 'event' }>;

/** pino's debug is 20 and info 30: verbose sits between them. */
export const CUSTOM_LEVELS = { verbose: 25 } as const;

/** The pino level a Sentinel log level is written at. */
export function pinoLevelFor(level: LogLevel): PinoLevel {
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
export function pinoThresholdFor(name: LogLevelName): PinoLevel | 'silent' {
  return name === 'nothing' ? 'silent' : pinoLevelFor(name);
}

export interface LoggerOptions {
  loglevel: LogLevelName;
  /** Path of the log file; '' logs to stdout (Redis: `logfile ""`). */
  logfile: string;
  /** The `vigil log-format` setting, read for every line. @default () => 'auto' */
  format?: () => LogFormatSetting;
  /** Write here instead (tests); never counts as a terminal. */
  destination?: { write(text: string): unknown };
  /** Whether stdout is a terminal (tests). @default process.stdout.isTTY */
  isTty?: boolean;
  /** The clock of the `time` field, ms since the epoch (tests). @default Date.now */
  now?: () => number;
  /** Legacy timestamps in UTC rather than local time (tests). */
  utc?: boolean;
}

export interface LoggerHandle {
  logger: VigilLogger;
  /** Write out anything buffered (synchronously): call before exiting. */
  flush(): void;
  /** `loglevel` changed at runtime. */
  setLevel(name: LogLevelName): void;
  /** The format lines are written in now (`auto` resolved). */
  format(): LogFormat;
  /**
   * Reopen the log file by its path (SIGHUP, after logrotate moved it) and log the outcome;
   * with stdout there is nothing to reopen and only a verbose line says so.
   */
  reopen(): ReopenResult;
  /** Flush and stop writing (closes the log file). */
  close(): void;
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

function makeLogger(loglevel: LogLevelName, dest: DestinationStream, now?: () => number): VigilLogger {
  return pino<'verbose'>(
    {
      level: pinoThresholdFor(loglevel),
      customLevels: CUSTOM_LEVELS,
      // Labels rather than numbers, so a record says `verbose`.
      formatters: { level: (label) => ({ level: label }) },
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '******' },
      ...(now ? { timestamp: () => `,"time":${now()}` } : {}),
    },
    dest,
  );
}

/**
 * Build the process logger. With a logfile the file is opened here, synchronously, so an
 * unwritable path fails at startup (Redis: `Can't open the log file: <strerror>`) — the
 * caller turns the thrown Error into its fatal config error. Every record is written
 * synchronously, to the file as to stdout: Redis writes each log line before going on, and a
 * sentinel killed with -9 mid-failover must not take its last lines with it. pino builds the
 * record once as JSON; the sink (src/log/sink.ts) renders it in the current format.
 */
export function createLogger(options: LoggerOptions): LoggerHandle {
  const sink = new LogSink({
    logfile: options.logfile,
    ...(options.format ? { format: options.format } : {}),
    ...(options.destination ? { out: options.destination } : {}),
    ...(options.isTty !== undefined ? { isTty: options.isTty } : {}),
    formatOptions: { utc: options.utc === true },
  });
  const logger = makeLogger(options.loglevel, sink, options.now);
  const flush = (): void => sink.flush();
  const external = options.destination === undefined;
  if (external) process.on('exit', flush);
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
      if (closed) return result;
      if (result.kind === 'reopened') logger.info(`Log file ${result.path} reopened`);
      else if (result.kind === 'stdout') logger.verbose('Logging to stdout: no log file to reopen');
      else logger.warn(`Can't reopen the log file, still writing to the old one: ${result.error}`);
      return result;
    },
    close: () => {
      if (closed) return;
      closed = true;
      if (external) process.removeListener('exit', flush);
      sink.close();
    },
  };
}

/** Write `message` with `fields` at a Sentinel log level. */
export function logAt(logger: VigilLogger, level: LogLevel, fields: object, message: string): void {
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

export interface EventRecord {
  event: string;
  payload: string;
  /** Name of the master the event is about (itself, or the owner of a replica/sentinel). */
  master?: string;
  instance?: { kind: EventSubject['kind']; name: string; ip: string; port: number };
}

/** The structured fields and the Sentinel log text (`<event> <payload>`) of an event. */
export function eventRecord(action: EventAction): { fields: EventRecord; message: string } {
  const fields: EventRecord = { event: action.name, payload: action.payload };
  const subject = action.subject;
  if (subject) {
    fields.master = subject.kind === 'master' ? subject.name : subject.master?.name;
    fields.instance = { kind: subject.kind, name: subject.name, ip: subject.ip, port: subject.port };
  }
  const message = action.payload === '' ? action.name : `${action.name} ${action.payload}`;
  return { fields, message };
}

/** Log a Sentinel event as Sentinel does (level from the event table, text `<event> <payload>`). */
export function logEvent(logger: VigilLogger, action: EventAction): void {
  const { fields, message } = eventRecord(action);
  logAt(logger, action.level, fields, message);
}
