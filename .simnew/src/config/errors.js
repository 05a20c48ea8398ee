/**
 * Config errors and their texts. A bad line is fatal at start: Vigil prints a block in the
 * shape of Redis's `FATAL CONFIG FILE ERROR` (naming the file too, which Redis does not) and
 * exits 1.
 */
import { VIGIL_VERSION } from '../constants.js';
/** A line of the config (or of the command-line options appended to it) that cannot be used. */
export class ConfigFileError extends Error {
    file;
    lineNo;
    line;
    reason;
    fromCommandLine;
    constructor(
    /** Absolute path of the file the line comes from (the main file for command-line options). */
    file, 
    /** 1-based line number, counted the way Redis counts it. */
    lineNo, 
    /** The line as read, trimmed. */
    line, 
    /** Why it was refused (Redis's text where Redis has one). */
    reason, 
    /** The line came from `--directive value` command-line options, not from the file. */
    fromCommandLine = false) {
        super(reason);
        this.file = file;
        this.lineNo = lineNo;
        this.line = line;
        this.reason = reason;
        this.fromCommandLine = fromCommandLine;
        this.name = 'ConfigFileError';
    }
}
/**
 * The block printed to stderr before exiting 1 (no trailing newline):
 * ```
 * *** FATAL CONFIG FILE ERROR (Vigil 0.1.0) ***
 * Reading the configuration file /etc/vigil/sentinel.conf, at line 3
 * >>> 'sentinel monitor mymaster 127.0.0.1 6379 0'
 * Quorum must be 1 or greater.
 * ```
 */
export function formatConfigError(err) {
    const where = err.fromCommandLine ? `${err.file} (command-line options)` : err.file;
    return [
        `*** FATAL CONFIG FILE ERROR (Vigil ${VIGIL_VERSION}) ***`,
        `Reading the configuration file ${where}, at line ${err.lineNo}`,
        `>>> '${err.line}'`,
        err.reason,
    ].join('\n');
}
/** The C library's text for the errno codes file operations give, as Redis logs them. */
const STRERROR = {
    ENOENT: 'No such file or directory',
    EACCES: 'Permission denied',
    EPERM: 'Operation not permitted',
    EROFS: 'Read-only file system',
    EISDIR: 'Is a directory',
    ENOTDIR: 'Not a directory',
    EBUSY: 'Device or resource busy',
    EXDEV: 'Invalid cross-device link',
    ENOSPC: 'No space left on device',
    EDQUOT: 'Disk quota exceeded',
    EIO: 'Input/output error',
    EEXIST: 'File exists',
    ELOOP: 'Too many levels of symbolic links',
    ENAMETOOLONG: 'File name too long',
    EMFILE: 'Too many open files',
    ENFILE: 'Too many open files in system',
    EINVAL: 'Invalid argument',
    ETXTBSY: 'Text file busy',
    EFBIG: 'File too large',
    EBADF: 'Bad file descriptor',
};
/** `strerror(errno)` for a Node fs error (falls back to its message). */
export function strerror(err) {
    if (typeof err === 'object' && err !== null) {
        const code = err.code;
        if (typeof code === 'string' && STRERROR[code] !== undefined)
            return STRERROR[code];
        const message = err.message;
        if (typeof message === 'string')
            return message;
    }
    return String(err);
}
/** The errno code of a Node fs error, or ''. */
export function errorCode(err) {
    if (typeof err === 'object' && err !== null) {
        const code = err.code;
        if (typeof code === 'string')
            return code;
    }
    return '';
}
