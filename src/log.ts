/**
 * Logging: pino JSON lines to stdout, or to the `logfile`. Sentinel's four log levels map to
 * pino levels; `verbose` is a custom level between debug and info so records say `verbose`
 * as Sentinel's `-` lines do. Sentinel events become structured records (event, payload,
 * instance, master) whose message is Sentinel's own log text `<event> <payload>`.
 */
import * as fs from 'node:fs';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Action, EventSubject, LogLevel } from './core/actions.js';
import type { LogLevelName } from './config/model.js';

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
  /** Write here instead (tests). */
  destination?: DestinationStream;
}

export interface LoggerHandle {
  logger: VigilLogger;
  /** Write out anything buffered (synchronously): call before exiting. */
  flush(): void;
  /** `loglevel` changed at runtime. */
  setLevel(name: LogLevelName): void;
  /** Flush and stop writing (closes the log file). */
  close(): void;
}

function makeLogger(loglevel: LogLevelName, dest: DestinationStream): VigilLogger {
  return pino<'verbose'>(
    {
      level: pinoThresholdFor(loglevel),
      customLevels: CUSTOM_LEVELS,
      // Labels rather than numbers, so a record says `verbose`.
      formatters: { level: (label) => ({ level: label }) },
      base: { pid: process.pid },
    },
    dest,
  );
}

/**
 * Build the process logger. With a logfile the file is opened here, synchronously, so an
 * unwritable path fails at startup (Redis: `Can't open the log file: <strerror>`) — the
 * caller turns the thrown Error into its fatal config error. Every record is written
 * synchronously, to the file as to stdout: Redis writes each log line before going on, and a
 * sentinel killed with -9 mid-failover must not take its last lines with it (an asynchronous
 * SonicBoom also made `flush()` race its own in-flight write).
 */
export function createLogger(options: LoggerOptions): LoggerHandle {
  if (options.destination) {
    const logger = makeLogger(options.loglevel, options.destination);
    return {
      logger,
      flush: () => {},
      setLevel: (name) => {
        logger.level = pinoThresholdFor(name);
      },
      close: () => {},
    };
  }
  let dest: ReturnType<typeof pino.destination>;
  if (options.logfile === '') {
    // stdout is written synchronously (pino's default for fd 1): nothing to lose on exit.
    dest = pino.destination({ dest: 1, sync: true });
  } else {
    let fd: number;
    try {
      fd = fs.openSync(options.logfile, 'a');
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new Error(`Can't open the log file: ${e.message}`);
    }
    dest = pino.destination({ fd, sync: true });
  }
  const logger = makeLogger(options.loglevel, dest);
  let closed = false;
  const flush = (): void => {
    if (closed) return;
    try {
      dest.flushSync();
    } catch {
      // Not ready or already closed: nothing we can do while exiting.
    }
  };
  process.on('exit', flush);
  return {
    logger,
    flush,
    setLevel: (name) => {
      logger.level = pinoThresholdFor(name);
    },
    close: () => {
      if (closed) return;
      flush();
      closed = true;
      process.removeListener('exit', flush);
      if (options.logfile !== '') dest.end();
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
