/**
 * Where pino's lines go: a pino destination (it only needs `write`) that renders each JSON
 * line in the current format (src/log/format.ts) and writes it synchronously, to stdout or
 * to the `logfile`. The format is read on every line, so `SENTINEL CONFIG SET
 * vigil-log-format` takes effect at the next one. The file can be reopened (SIGHUP, for
 * logrotate): the new descriptor is opened first, so a failed reopen keeps the old one.
 */
import * as fs from 'node:fs';
import pino from 'pino';
import { formatLine } from './format.js';
/** Open a log file for appending; the Error says what Redis says when it cannot. */
export function openLogFile(path) {
    try {
        return fs.openSync(path, 'a');
    }
    catch (err) {
        throw new Error(`Can't open the log file: ${err.message}`);
    }
}
export class LogSink {
    options;
    fd = null;
    stdout = null;
    out;
    /** What `auto` means here: legacy on a terminal (stdout, no logfile), json otherwise. */
    autoFormat;
    format;
    formatOptions;
    closed = false;
    constructor(options) {
        this.options = options;
        this.format = options.format ?? (() => 'auto');
        this.formatOptions = options.formatOptions ?? {};
        this.out = options.out ?? null;
        const toStdout = options.logfile === '' && this.out === null;
        const tty = this.out === null && options.logfile === '' && (options.isTty ?? process.stdout.isTTY === true);
        this.autoFormat = tty ? 'legacy' : 'json';
        if (this.out !== null)
            return;
        if (toStdout) {
            // pino's own writer for fd 1, synchronous: it copes with a non-blocking pipe (EAGAIN).
            this.stdout = pino.destination({ dest: 1, sync: true });
        }
        else {
            this.fd = openLogFile(options.logfile);
        }
    }
    /** The format lines are written in now (`auto` resolved). */
    currentFormat() {
        const f = this.format();
        return f === 'auto' ? this.autoFormat : f;
    }
    /** pino's call: one JSON line, newline included. */
    write(line) {
        if (this.closed)
            return;
        const text = formatLine(this.currentFormat(), line, this.formatOptions);
        if (this.out !== null) {
            this.out.write(text);
        }
        else if (this.stdout !== null) {
            this.stdout.write(text);
        }
        else if (this.fd !== null) {
            this.writeFile(this.fd, text);
        }
    }
    writeFile(fd, text) {
        const buf = Buffer.from(text, 'utf8');
        let off = 0;
        try {
            while (off < buf.length)
                off += fs.writeSync(fd, buf, off, buf.length - off);
        }
        catch {
            // A full disk or a vanished mount: the line is lost, the sentinel keeps running.
        }
    }
    /** Reopen the log file by its path (after logrotate moved it); stdout has nothing to reopen. */
    reopen() {
        if (this.fd === null || this.closed)
            return { kind: 'stdout' };
        const path = this.options.logfile;
        let fd;
        try {
            fd = openLogFile(path);
        }
        catch (err) {
            return { kind: 'failed', path, error: err.message };
        }
        const old = this.fd;
        this.fd = fd;
        try {
            fs.closeSync(old);
        }
        catch {
            // Already gone: nothing to release.
        }
        return { kind: 'reopened', path };
    }
    /** Write out anything buffered (stdout only: file writes are already done). */
    flush() {
        if (this.closed || this.stdout === null)
            return;
        try {
            this.stdout.flushSync();
        }
        catch {
            // Not ready or already closed: nothing we can do while exiting.
        }
    }
    /** Flush, close the file; later lines are dropped. */
    close() {
        if (this.closed)
            return;
        this.flush();
        this.closed = true;
        if (this.fd !== null) {
            try {
                fs.closeSync(this.fd);
            }
            catch {
                // Already closed.
            }
            this.fd = null;
        }
    }
}
