/**
 * `vigil backup`: an RDB snapshot of a monitored master's data set, taken from a healthy
 * replica found through the sentinels (the primary when there is none) over the replication
 * protocol, verified while it streams in (header, end marker, CRC-64), published atomically
 * as `<out>/<name>-<UTC timestamp>.rdb`, and, with `--keep N`, the older backups of that name
 * beyond the newest N deleted. One line per step on stderr; `--json` adds a summary on stdout.
 * Exit status: 0 done, 1 failed (nothing published, temp file removed; or, as the message
 * says, published but the pruning failed), 2 bad arguments.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { AuthError, BackupError, formatAddress, seconds } from './backup/conn.js';
import { badNameReason, createTemp, prune, publish } from './backup/files.js';
import { RdbVerifyError } from './backup/rdb.js';
import { askSentinels, parseEndpoint } from './backup/sentinel.js';
import { takeSnapshot } from './backup/sync.js';
// Every line fits in 80 columns.
export const BACKUP_USAGE = `Usage:
  vigil backup --sentinel <host:port> [--sentinel ...] --name <master>
               --out <dir> [--keep <n>] [options]

  Takes an RDB snapshot of <master> from a healthy replica (the primary when
  none is healthy), verifies it and writes <dir>/<master>-<UTC time>.rdb.

Options:
  --sentinel <host:port>     a sentinel to ask (repeat to try several in turn)
  --name <master>            the master name the sentinels monitor
  --out <dir>                where backups go (created if missing)
  --keep <n>                 then delete this master's backups beyond the
                             newest <n>
  --user <name>              ACL user for the data node
  --password <pass>          password for the data node
                             (or env VIGIL_BACKUP_PASSWORD)
  --sentinel-user <name>     ACL user for the sentinels
  --sentinel-password <pass> password for the sentinels
                             (or env VIGIL_BACKUP_SENTINEL_PASSWORD)
  --connect-timeout <secs>   per connection and per reply (default 5)
  --stall-timeout <secs>     give up when the snapshot stalls (default 30)
  --json                     print a JSON summary on stdout
  -h, --help                 this help

Exit status: 0 backup written, 1 failed (the last line says why), 2 bad usage.
See docs/backup.md.`;
class UsageError extends Error {
}
/** The backup was written but `--keep` could not delete the old ones. */
class PruneError extends BackupError {
}
function positiveSeconds(option, text, fallback) {
    if (text === undefined)
        return fallback;
    const value = Number(text);
    if (!/^[0-9]+(\.[0-9]+)?$/.test(text) || !(value > 0)) {
        throw new UsageError(`--${option} must be a positive number of seconds, not '${text}'`);
    }
    return Math.round(value * 1000);
}
/** Parses the arguments after `backup`; throws UsageError. Returns null for --help. */
export function parseBackupArgs(argv, env) {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                sentinel: { type: 'string', multiple: true },
                name: { type: 'string' },
                out: { type: 'string' },
                keep: { type: 'string' },
                user: { type: 'string' },
                password: { type: 'string' },
                'sentinel-user': { type: 'string' },
                'sentinel-password': { type: 'string' },
                'connect-timeout': { type: 'string' },
                'stall-timeout': { type: 'string' },
                json: { type: 'boolean' },
                help: { type: 'boolean', short: 'h' },
            },
        });
    }
    catch (e) {
        // parseArgs names the option, never echoes a value: safe with passwords.
        throw new UsageError(e.message);
    }
    const v = parsed.values;
    if (v.help)
        return null;
    const missing = ['sentinel', 'name', 'out'].filter((k) => v[k] === undefined);
    if (missing.length > 0) {
        throw new UsageError(`missing ${missing.map((k) => `--${k}`).join(', ')}`);
    }
    const name = v.name;
    const bad = badNameReason(name);
    if (bad !== undefined)
        throw new UsageError(bad);
    let keep;
    if (v.keep !== undefined) {
        keep = Number(v.keep);
        if (!/^[0-9]+$/.test(v.keep) || keep < 1) {
            throw new UsageError(`--keep must be a whole number of at least 1, not '${v.keep}'`);
        }
    }
    const sentinels = v.sentinel;
    for (const s of sentinels) {
        try {
            parseEndpoint(s, 26379);
        }
        catch (e) {
            throw new UsageError(`--sentinel: ${e.message}`);
        }
    }
    const emptyToUndefined = (s) => (s === '' ? undefined : s);
    const dataPassword = v.password ?? emptyToUndefined(env.VIGIL_BACKUP_PASSWORD);
    const sentinelPassword = v['sentinel-password'] ?? emptyToUndefined(env.VIGIL_BACKUP_SENTINEL_PASSWORD);
    if (v.user !== undefined && dataPassword === undefined) {
        throw new UsageError('--user needs --password (or VIGIL_BACKUP_PASSWORD)');
    }
    if (v['sentinel-user'] !== undefined && sentinelPassword === undefined) {
        throw new UsageError('--sentinel-user needs --sentinel-password (or VIGIL_BACKUP_SENTINEL_PASSWORD)');
    }
    return {
        sentinels,
        name,
        out: v.out,
        keep,
        data: {
            user: v.user,
            password: dataPassword,
        },
        sentinel: {
            user: v['sentinel-user'],
            password: sentinelPassword,
        },
        connectTimeoutMs: positiveSeconds('connect-timeout', v['connect-timeout'], 5000),
        stallTimeoutMs: positiveSeconds('stall-timeout', v['stall-timeout'], 30_000),
        json: v.json ?? false,
    };
}
/** The temp file in use, removed on failure and on SIGINT/SIGTERM. */
let currentTemp;
function discardTemp() {
    const t = currentTemp;
    currentTemp = undefined;
    if (!t)
        return;
    try {
        fs.closeSync(t.fd);
    }
    catch {
        // Already closed.
    }
    try {
        fs.unlinkSync(t.path);
    }
    catch {
        // Already gone.
    }
}
/** Runs one backup; throws BackupError (or another error) on failure, temp file removed. */
export async function backup(options, step) {
    const started = Date.now();
    const dir = path.resolve(options.out);
    if (!fs.existsSync(dir)) {
        try {
            fs.mkdirSync(dir, { recursive: true });
        }
        catch (e) {
            throw new BackupError(`cannot create ${dir}: ${e.message}`);
        }
        step(`created ${dir}`);
    }
    else if (!fs.statSync(dir).isDirectory()) {
        throw new BackupError(`${dir} is not a directory`);
    }
    const answer = await askSentinels({
        sentinels: options.sentinels.map((s) => parseEndpoint(s, 26379)),
        name: options.name,
        credentials: options.sentinel,
        connectTimeoutMs: options.connectTimeoutMs,
        replyTimeoutMs: options.connectTimeoutMs,
        step,
    });
    const primaryLabel = formatAddress(answer.primary.host, answer.primary.port);
    if (answer.candidates[0].role === 'primary') {
        step(answer.replicasListed === 0
            ? `'${options.name}' has no replicas: using the primary ${primaryLabel}`
            : `none of the ${answer.replicasListed} replicas is healthy: using the primary ${primaryLabel}`);
    }
    else {
        step(`primary ${primaryLabel}; ${answer.candidates.length} of ${answer.replicasListed} replicas healthy`);
    }
    let lastError;
    for (const [i, candidate] of answer.candidates.entries()) {
        const label = `${candidate.role} ${formatAddress(candidate.host, candidate.port)}`;
        step(`source: ${label}` +
            (candidate.offset !== undefined ? ` (replication offset ${candidate.offset})` : ''));
        try {
            const { path: finalPath, check, mode } = await snapshotTo(dir, candidate, options, step);
            step(`wrote ${finalPath}`);
            let removed = [];
            if (options.keep !== undefined) {
                try {
                    removed = prune(dir, options.name, options.keep);
                }
                catch (e) {
                    throw new PruneError(`wrote ${finalPath}, but removing old backups failed: ${e.message}`);
                }
            }
            for (const r of removed)
                step(`removed ${r} (--keep ${options.keep})`);
            return {
                ok: true,
                path: finalPath,
                bytes: check.bytes,
                source: { role: candidate.role, host: candidate.host, port: candidate.port },
                sentinel: answer.sentinel,
                transfer: mode,
                rdb: { signature: check.signature, format: check.format, checksum: check.checksum, crc: check.crc },
                durationMs: Date.now() - started,
                removed,
            };
        }
        catch (e) {
            discardTemp();
            if (!(e instanceof BackupError) || e instanceof AuthError || e instanceof PruneError)
                throw e;
            lastError = e;
            if (i + 1 < answer.candidates.length)
                step(`${e.message}; trying the next replica`);
        }
    }
    throw lastError;
}
async function snapshotTo(dir, candidate, options, step) {
    const when = new Date();
    try {
        currentTemp = createTemp(dir);
    }
    catch (e) {
        throw new BackupError(`cannot create a file in ${dir}: ${e.message}`);
    }
    const temp = currentTemp;
    const result = await takeSnapshot({
        host: candidate.host,
        port: candidate.port,
        timeoutMs: options.connectTimeoutMs,
        replyTimeoutMs: options.connectTimeoutMs,
        stallTimeoutMs: options.stallTimeoutMs,
        credentials: options.data,
        fd: temp.fd,
        fileLabel: temp.path,
        step,
    });
    let check;
    try {
        check = result.verifier.finish();
    }
    catch (e) {
        if (e instanceof RdbVerifyError) {
            throw new BackupError(`the snapshot from ${formatAddress(candidate.host, candidate.port)} is bad: ${e.message}`);
        }
        throw e;
    }
    step(`verified ${check.bytes} bytes: ${check.signature} format ${check.format}, ` +
        (check.checksum === 'ok'
            ? `CRC-64 ${check.crc} ok`
            : check.checksum === 'disabled'
                ? 'no checksum (the source runs with rdbchecksum no): header and end marker checked only'
                : 'a format without checksum: header and end marker checked only'));
    try {
        fs.fsyncSync(temp.fd);
        fs.closeSync(temp.fd);
    }
    catch (e) {
        throw new BackupError(`writing ${temp.path} failed: ${e.message}`);
    }
    let finalPath;
    try {
        finalPath = publish(temp.path, dir, options.name, when);
    }
    catch (e) {
        throw new BackupError(`cannot publish the backup in ${dir}: ${e.message}`);
    }
    currentTemp = undefined;
    return { path: finalPath, check, mode: result.mode };
}
function formatBytes(n) {
    if (n < 1024)
        return `${n} bytes`;
    const units = ['KiB', 'MiB', 'GiB', 'TiB'];
    let value = n / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${n} bytes (${value.toFixed(1)} ${units[unit]})`;
}
/** `vigil backup ...`: returns the exit status. */
export async function runBackup(argv, io = {}) {
    const step = io.step ?? ((line) => process.stderr.write(`vigil backup: ${line}\n`));
    const stdout = io.stdout ?? ((text) => process.stdout.write(text));
    let options;
    try {
        options = parseBackupArgs(argv, io.env ?? process.env);
    }
    catch (e) {
        if (!(e instanceof UsageError))
            throw e;
        process.stderr.write(`vigil backup: ${e.message}\n\n${BACKUP_USAGE}\n`);
        return 2;
    }
    if (options === null) {
        stdout(`${BACKUP_USAGE}\n`);
        return 0;
    }
    const onSignal = (signal) => {
        discardTemp();
        step(`interrupted by ${signal}: nothing written`);
        process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const started = Date.now();
    try {
        const summary = await backup(options, step);
        const src = `${summary.source.role} ${formatAddress(summary.source.host, summary.source.port)}`;
        step(`done: ${summary.path}, ${formatBytes(summary.bytes)}, from ${src}, in ${seconds(summary.durationMs)}`);
        if (options.json)
            stdout(`${JSON.stringify(summary)}\n`);
        return 0;
    }
    catch (e) {
        discardTemp();
        const message = e instanceof BackupError ? e.message : `unexpected error: ${e.stack ?? String(e)}`;
        step(`FAILED after ${seconds(Date.now() - started)}: ${message}`);
        if (options.json)
            stdout(`${JSON.stringify({ ok: false, error: message })}\n`);
        return 1;
    }
    finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
    }
}
