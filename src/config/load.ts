/**
 * Loading the config at start, in Sentinel 7.0's order: read the file (refused if missing),
 * parse the generic directives, apply the `sentinel` lines in their three buckets through the
 * core, then refuse a config file Vigil could not save its state to.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ParsedConfig } from './model.js';
import { ConfigFileError, formatConfigError, strerror } from './errors.js';
import { parseConfigText } from './parse.js';

/** The file-system calls loading makes; injectable so tests can simulate failures. */
export interface LoadFs {
  readFile(file: string): string;
  /** Throws (like fs.accessSync) when the file is not writable. */
  checkWritable(file: string): void;
  /** Throws when `dir` is not a usable directory. */
  checkDir(dir: string): void;
}

export const nodeLoadFs: LoadFs = {
  readFile: (file) => fs.readFileSync(file, 'utf8'),
  checkWritable: (file) => fs.accessSync(file, fs.constants.W_OK),
  checkDir: (dir) => {
    if (!fs.statSync(dir).isDirectory())
      throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  },
};

export interface LoadOptions {
  /** Directory a relative config path and `dir` start from; default process.cwd(). */
  cwd?: string;
  fs?: Partial<LoadFs>;
  /**
   * Called with the final `dir` once the generic directives are applied and before the first
   * `sentinel` line is: the daemon changes into it here. Redis changes directory at the `dir`
   * line itself and applies the queued `sentinel` lines after the whole file, so a relative
   * script path in them (as `SENTINEL SET ... notification-script ../x.sh` saves it) resolves
   * against the final `dir`, never against the directory the daemon was started from.
   */
  enterDir?: (dir: string) => void;
  /**
   * Applies a `vigil <option> <value>` line (arguments after `vigil`); returns an error text or
   * null. Without it such lines are refused.
   */
  applyVigilDirective?: (args: string[]) => string | null;
}

export type LoadResult =
  | {
      ok: true;
      config: ParsedConfig;
      /** Lines to log at notice level (ignored directives). */
      notices: string[];
    }
  | {
      ok: false;
      /** What to print to stderr before exiting 1 (a FATAL CONFIG FILE ERROR block or one line). */
      message: string;
      /** Set when a line of the config is at fault. */
      error: ConfigFileError | null;
    };

function refuse(message: string): LoadResult {
  return { ok: false, message, error: null };
}

/**
 * Load the config file at `configPath` plus the command-line options `cliArgs`. Each
 * `sentinel` line is handed (arguments after the word `sentinel`) to `applySentinelDirective`,
 * which returns Sentinel's error text or null. Never throws.
 */
export function loadConfig(
  configPath: string | null | undefined,
  cliArgs: readonly string[],
  applySentinelDirective: (args: string[]) => string | null,
  options: LoadOptions = {},
): LoadResult {
  const io: LoadFs = { ...nodeLoadFs, ...options.fs };
  const cwd = options.cwd ?? process.cwd();
  if (configPath === null || configPath === undefined || configPath === '') {
    return refuse('Sentinel needs config file on disk to save state. Exiting...');
  }
  // Sentinel 7.0 makes the path absolute before `dir` changes the working directory.
  const file = path.resolve(cwd, configPath);

  let text: string;
  try {
    text = io.readFile(file);
  } catch (err) {
    return refuse(`Fatal error, can't open config file '${file}': ${strerror(err)}`);
  }

  const parsed = parseConfigText(text, {
    path: file,
    cwd,
    cliArgs,
    checkDir: (dir) => {
      try {
        io.checkDir(dir);
        return null;
      } catch (err) {
        return strerror(err);
      }
    },
    readInclude: (f) => io.readFile(f),
  });
  if (!parsed.ok) return { ok: false, message: formatConfigError(parsed.error), error: parsed.error };
  const { config, notices, cliFirstLine } = parsed.value;

  try {
    options.enterDir?.(config.server.dir);
  } catch (err) {
    return refuse(`Can't chdir to '${config.server.dir}': ${strerror(err)}`);
  }
  const applyVigil = options.applyVigilDirective ?? (() => 'vigil directives are not accepted here');
  for (const line of config.sentinelLines) {
    const args = line.args.slice(1);
    let reason: string | null;
    try {
      reason = line.args[0] === 'vigil' ? applyVigil(args) : applySentinelDirective(args);
    } catch (err) {
      reason = `Internal error applying this line: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (reason !== null) {
      const error = new ConfigFileError(file, line.lineNo, line.text, reason, line.lineNo >= cliFirstLine);
      return { ok: false, message: formatConfigError(error), error };
    }
  }

  // Sentinel 7.0 checks this after loading: a config it can't rewrite would lose its state.
  try {
    io.checkWritable(file);
  } catch (err) {
    return refuse(`Sentinel config file ${file} is not writable: ${strerror(err)}. Exiting...`);
  }
  try {
    io.checkWritable(path.dirname(file));
  } catch (err) {
    // Sentinel 7.0 fails every save then; Vigil falls back to rewriting the file in place.
    notices.push(
      `Config directory ${path.dirname(file)} is not writable (${strerror(err)}): ` +
        `state will be saved by rewriting ${file} in place, not atomically`,
    );
  }
  return { ok: true, config, notices };
}
