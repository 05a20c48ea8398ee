/**
 * Writing the config file safely. Like Sentinel 7.0: write a temporary file in the same
 * directory, fsync it, rename it over the config, fsync the directory. Better than 7.0: the
 * file keeps its permissions (and owner, when running as root) instead of being reset to 0644
 * with the passwords in it, a symlinked config is written through the link, and when an atomic
 * replace is impossible (a single-file bind mount gives EBUSY; a read-only directory refuses
 * the temporary file) the file is rewritten in place, with a log line saying so.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { errorCode, strerror } from './errors.js';
export const nodeSaveFs = {
    realpath: (file) => fs.realpathSync(file),
    stat: (file) => fs.statSync(file),
    open: (file, flags, mode) => fs.openSync(file, flags, mode),
    write: (fd, data, offset, length, position) => fs.writeSync(fd, data, offset, length, position),
    ftruncate: (fd, length) => fs.ftruncateSync(fd, length),
    fsync: (fd) => fs.fsyncSync(fd),
    fchmod: (fd, mode) => fs.fchmodSync(fd, mode),
    fchown: (fd, uid, gid) => fs.fchownSync(fd, uid, gid),
    close: (fd) => fs.closeSync(fd),
    rename: (from, to) => fs.renameSync(from, to),
    unlink: (file) => fs.unlinkSync(file),
};
/** Mode for a config file that doesn't exist yet: it may hold passwords. */
const NEW_FILE_MODE = 0o600;
/** rename() failures that mean "can't replace this file atomically here", not "can't write". */
const RENAME_FALLBACK = new Set(['EBUSY', 'EXDEV', 'EPERM']);
/** Creating the temporary file failed because of the directory, while the file may be writable. */
const TEMP_FALLBACK = new Set(['EACCES', 'EPERM']);
function writeAll(io, fd, data) {
    let done = 0;
    while (done < data.length)
        done += io.write(fd, data, done, data.length - done, done);
}
function closeQuietly(io, fd) {
    try {
        io.close(fd);
    }
    catch {
        // Already failing; the first error is the one reported.
    }
}
/** Rewrite the file where it is: write, cut to length, fsync. The inode (and mode) stay. */
function saveInPlace(io, file, data) {
    const fd = io.open(file, 'r+');
    try {
        // Writing before truncating means a crash never leaves an empty file.
        writeAll(io, fd, data);
        io.ftruncate(fd, data.length);
        io.fsync(fd);
    }
    catch (err) {
        closeQuietly(io, fd);
        throw err;
    }
    io.close(fd);
}
function fsyncDir(io, dir, log) {
    try {
        const fd = io.open(dir, 'r');
        try {
            io.fsync(fd);
        }
        finally {
            closeQuietly(io, fd);
        }
    }
    catch (err) {
        // The new file is in place; only its durability across a power loss is in doubt.
        log('warning', `Could not fsync directory ${dir} after saving the config: ${strerror(err)}`);
    }
}
/**
 * Replace the content of `file` with `content`. Never throws; on failure the file is left as
 * it was (or, in the in-place fallback, possibly partly written) and the reason is returned.
 */
export function saveConfigFile(file, content, options = {}) {
    const io = { ...nodeSaveFs, ...options.fs };
    const log = options.log ?? (() => undefined);
    const restoreOwner = options.restoreOwner ?? process.getuid?.() === 0;
    const data = Buffer.from(content, 'utf8');
    let target = file;
    try {
        target = io.realpath(file);
    }
    catch {
        // Missing file: it is created next to where it should be.
    }
    let mode = NEW_FILE_MODE;
    let owner = null;
    try {
        const st = io.stat(target);
        mode = st.mode & 0o7777;
        owner = { uid: st.uid, gid: st.gid };
    }
    catch (err) {
        if (errorCode(err) !== 'ENOENT')
            return { ok: false, error: strerror(err) };
    }
    const dir = path.dirname(target);
    const temp = `${target}${TEMP_INFIX}${randomBytes(6).toString('hex')}`;
    let fd;
    try {
        fd = io.open(temp, 'wx', mode);
    }
    catch (err) {
        if (owner === null || !TEMP_FALLBACK.has(errorCode(err)))
            return { ok: false, error: strerror(err) };
        return fallback(io, target, data, log, `can't create a temporary file in ${dir} (${strerror(err)})`);
    }
    try {
        // open() applies the umask; set the exact mode (and owner) of the file being replaced.
        io.fchmod(fd, mode);
        if (restoreOwner && owner !== null)
            chownQuietly(io, fd, owner, log);
        writeAll(io, fd, data);
        io.fsync(fd);
        io.close(fd);
    }
    catch (err) {
        closeQuietly(io, fd);
        removeQuietly(io, temp);
        return { ok: false, error: strerror(err) };
    }
    try {
        io.rename(temp, target);
    }
    catch (err) {
        removeQuietly(io, temp);
        if (owner === null || !RENAME_FALLBACK.has(errorCode(err)))
            return { ok: false, error: strerror(err) };
        return fallback(io, target, data, log, `can't rename over it (${strerror(err)})`);
    }
    fsyncDir(io, dir, log);
    return { ok: true };
}
function fallback(io, target, data, log, why) {
    try {
        saveInPlace(io, target, data);
    }
    catch (err) {
        return { ok: false, error: strerror(err) };
    }
    log('warning', `Config file ${target}: ${why}; rewrote it in place instead (not atomic)`);
    return { ok: true };
}
function chownQuietly(io, fd, owner, log) {
    try {
        io.fchown(fd, owner.uid, owner.gid);
    }
    catch (err) {
        // Some file systems (root-squashed NFS) refuse; the mode is still right.
        log('warning', `Could not keep the config file owner ${owner.uid}:${owner.gid}: ${strerror(err)}`);
    }
}
function removeQuietly(io, file) {
    try {
        io.unlink(file);
    }
    catch {
        // Nothing more to do.
    }
}
/** What a save's temporary file is called: the config's name, this, 12 hex digits. */
const TEMP_INFIX = '.tmp-';
/**
 * Remove the temporary files that saves interrupted by a kill -9 left beside `file`
 * (`<file>.tmp-<12 hex>`): the config itself is whole (the rename is atomic), but nothing
 * else would ever delete them. Called once at start, before the first save. Returns the
 * names removed; never throws.
 */
export function removeStaleTempFiles(file) {
    const dir = path.dirname(file);
    const prefix = `${path.basename(file)}${TEMP_INFIX}`;
    const removed = [];
    let names;
    try {
        names = fs.readdirSync(dir);
    }
    catch {
        return removed;
    }
    for (const name of names) {
        if (!name.startsWith(prefix) || !/^[0-9a-f]{12}$/.test(name.slice(prefix.length)))
            continue;
        try {
            fs.unlinkSync(path.join(dir, name));
            removed.push(name);
        }
        catch {
            // Not ours to remove after all (permissions): leave it.
        }
    }
    return removed;
}
