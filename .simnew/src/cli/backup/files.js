/**
 * The backup directory: a private temp file for the transfer, an atomic no-clobber publish
 * under `<name>-<UTC timestamp>.rdb` (`-2`, `-3`, ... appended when a backup of the same
 * second exists), the directory synced so the new name survives a crash, and pruning down
 * to the newest N backups of one name.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
/** `20261208T013455Z`. */
export function timestamp(date) {
    return date
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z')
        .replace(/[-:]/g, '');
}
/** A master name usable as a file name prefix, or a reason it is not. */
export function badNameReason(name) {
    if (name === '')
        return 'the master name is empty';
    if (name === '.' || name === '..' || /[/\\\0]/.test(name)) {
        return `the master name '${name}' cannot be used in a file name`;
    }
    return undefined;
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** Matches this name's backups: `<name>-<timestamp>[-<n>].rdb`. */
export function backupPattern(name) {
    return new RegExp(`^${escapeRegExp(name)}-(\\d{8}T\\d{6}Z)(?:-(\\d+))?\\.rdb$`);
}
/** This name's backups in `dir`, newest first. */
export function listBackups(dir, name) {
    const pattern = backupPattern(name);
    const found = [];
    for (const file of fs.readdirSync(dir)) {
        const m = pattern.exec(file);
        if (m)
            found.push({ file, stamp: m[1], seq: m[2] === undefined ? 1 : Number(m[2]) });
    }
    return found.sort((a, b) => (a.stamp === b.stamp ? b.seq - a.seq : a.stamp < b.stamp ? 1 : -1));
}
/** Deletes this name's backups beyond the newest `keep`; returns the names removed. */
export function prune(dir, name, keep) {
    const removed = [];
    for (const old of listBackups(dir, name).slice(keep)) {
        fs.unlinkSync(path.join(dir, old.file));
        removed.push(old.file);
    }
    return removed;
}
/** A new private (0600) temp file in `dir`, `.tmp-<random>`. */
export function createTemp(dir) {
    const file = path.join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
    const fd = fs.openSync(file, 'wx', 0o600);
    return { path: file, fd };
}
/** fsync a directory so that a rename or unlink in it is durable. */
export function syncDir(dir) {
    let fd;
    try {
        fd = fs.openSync(dir, 'r');
        fs.fsyncSync(fd);
    }
    catch (e) {
        // Some file systems cannot sync a directory; the data itself was synced.
        const code = e.code;
        if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF')
            throw e;
    }
    finally {
        if (fd !== undefined)
            fs.closeSync(fd);
    }
}
/**
 * Gives the synced temp file its final name without ever replacing an existing file (a hard
 * link fails if the name is taken; then `-2`, `-3`, ...), removes the temp name and syncs the
 * directory. Returns the final path.
 */
export function publish(tempPath, dir, name, when) {
    const base = `${name}-${timestamp(when)}`;
    for (let seq = 1; seq < 1000; seq++) {
        const target = path.join(dir, seq === 1 ? `${base}.rdb` : `${base}-${seq}.rdb`);
        try {
            fs.linkSync(tempPath, target);
        }
        catch (e) {
            const code = e.code;
            if (code === 'EEXIST')
                continue;
            if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
                // No hard links here: a rename, after checking the name is free (not atomic with it).
                if (fs.existsSync(target))
                    continue;
                fs.renameSync(tempPath, target);
                syncDir(dir);
                return target;
            }
            throw e;
        }
        fs.unlinkSync(tempPath);
        syncDir(dir);
        return target;
    }
    throw new Error(`no free name for ${base}.rdb in ${dir}`);
}
