/**
 * The three shapes a log line can take. pino builds every record once, as a JSON line; the
 * sink (src/log/sink.ts) hands that line on unchanged for `json`, or parses it once and
 * renders it with one of the functions here:
 *
 * - `legacy`: the line redis-sentinel writes, `<pid>:X <dd Mon yyyy hh:mm:ss.mmm> <c> <text>`
 *   (local time; `c` is `.` debug, `-` verbose, `*` notice, `#` warning), so grep patterns
 *   written against Redis logs keep matching. Fields that are not already in the text follow
 *   it as `key=value` pairs.
 * - `logfmt`: `time=<ISO 8601 UTC> level=<label> pid=<pid> <fields...> msg="<text>"`, nested
 *   fields flattened with dots, values quoted and escaped when they need it.
 *
 * Both keep one record on one line: control characters in values and messages are escaped.
 */
export const LOG_FORMAT_SETTINGS = ['auto', 'legacy', 'json', 'logfmt'];
/** Redis's level characters; pino's error and fatal (Vigil's own failures) show as warnings. */
const LEVEL_CHARS = {
    trace: '.',
    debug: '.',
    verbose: '-',
    info: '*',
    warn: '#',
    error: '#',
    fatal: '#',
};
/** The level character of a record's level (a label, or a pino number for safety). */
export function levelChar(level) {
    if (typeof level === 'string')
        return LEVEL_CHARS[level] ?? '*';
    if (typeof level === 'number') {
        if (level < 25)
            return '.';
        if (level < 30)
            return '-';
        if (level < 40)
            return '*';
        return '#';
    }
    return '*';
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function pad(n, width) {
    return String(n).padStart(width, '0');
}
/** `08 Dec 2026 01:23:45.678`: day, month, year, time with milliseconds. */
export function legacyTime(ms, options = {}) {
    const d = new Date(ms);
    const utc = options.utc === true;
    const day = utc ? d.getUTCDate() : d.getDate();
    const month = utc ? d.getUTCMonth() : d.getMonth();
    const year = utc ? d.getUTCFullYear() : d.getFullYear();
    const h = utc ? d.getUTCHours() : d.getHours();
    const m = utc ? d.getUTCMinutes() : d.getMinutes();
    const s = utc ? d.getUTCSeconds() : d.getSeconds();
    const milli = utc ? d.getUTCMilliseconds() : d.getMilliseconds();
    return `${pad(day, 2)} ${MONTHS[month]} ${year} ${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(milli, 3)}`;
}
/** Characters that would break a line apart or hide in a terminal. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
function escapeControl(c) {
    switch (c) {
        case '\n':
            return '\\n';
        case '\r':
            return '\\r';
        case '\t':
            return '\\t';
        default:
            return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
}
/** Free text on one line: control characters written as escapes, everything else as is. */
export function oneLine(text) {
    return text.replace(CONTROL, escapeControl);
}
/** Whether a logfmt value can be written bare. */
// eslint-disable-next-line no-control-regex
const NEEDS_QUOTES = /[\s"=\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** A logfmt value: bare when it can be, else in double quotes with `\` `"` and controls escaped. */
export function logfmtValue(text) {
    if (text !== '' && !NEEDS_QUOTES.test(text))
        return text;
    return `"${text.replace(/["\\]/g, (c) => `\\${c}`).replace(CONTROL, escapeControl)}"`;
}
/** A logfmt key: anything outside `[A-Za-z0-9_.:@/+-]` becomes `_`. */
export function logfmtKey(key) {
    const k = key.replace(/[^A-Za-z0-9_.:@/+-]/g, '_');
    return k === '' ? '_' : k;
}
function scalarText(value) {
    if (typeof value === 'string')
        return value;
    if (value === null || value === undefined)
        return 'null';
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
        return String(value);
    return JSON.stringify(value) ?? String(value);
}
/** `[key, text]` pairs of a value, nested objects flattened as `a.b`; arrays stay JSON. */
function flatten(prefix, value, out) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const entries = Object.entries(value);
        if (entries.length === 0) {
            out.push([prefix, '{}']);
            return;
        }
        for (const [k, v] of entries)
            flatten(`${prefix}.${k}`, v, out);
        return;
    }
    out.push([prefix, scalarText(value)]);
}
/** The record's own fields, in order, minus the ones every format places itself. */
function extraFields(record, skip) {
    const out = [];
    for (const [key, value] of Object.entries(record)) {
        if (skip.has(key))
            continue;
        flatten(key, value, out);
    }
    return out;
}
function timeOf(record) {
    return typeof record.time === 'number' ? record.time : Date.now();
}
function messageOf(record) {
    return typeof record.msg === 'string' ? record.msg : '';
}
/**
 * Fields the legacy text already says: the event fields are `<event> <payload>` in the
 * message (src/log.ts eventRecord), pid, time and level are the prefix.
 */
const LEGACY_SKIP = new Set(['level', 'time', 'pid', 'msg', 'event', 'payload', 'master', 'instance']);
/** A record as redis-sentinel writes a line (no trailing newline). */
export function formatLegacy(record, options = {}) {
    const pid = typeof record.pid === 'number' ? record.pid : process.pid;
    let line = `${pid}:X ${legacyTime(timeOf(record), options)} ${levelChar(record.level)} ${oneLine(messageOf(record))}`;
    for (const [key, text] of extraFields(record, LEGACY_SKIP)) {
        // A stack trace is many lines of little use in a terminal; json and logfmt keep it.
        if (key === 'err.stack' || key.endsWith('.err.stack'))
            continue;
        line += ` ${logfmtKey(key)}=${logfmtValue(text)}`;
    }
    return line;
}
const LOGFMT_SKIP = new Set(['level', 'time', 'pid', 'msg']);
/** A record as logfmt (no trailing newline). */
export function formatLogfmt(record) {
    const parts = [
        `time=${new Date(timeOf(record)).toISOString()}`,
        `level=${logfmtValue(scalarText(record.level ?? 'info'))}`,
        `pid=${logfmtValue(scalarText(record.pid ?? process.pid))}`,
    ];
    for (const [key, text] of extraFields(record, LOGFMT_SKIP))
        parts.push(`${logfmtKey(key)}=${logfmtValue(text)}`);
    parts.push(`msg=${logfmtValue(messageOf(record))}`);
    return parts.join(' ');
}
/**
 * One JSON line from pino in the chosen format, newline included. `json` passes the line
 * through; a line that does not parse (never expected) is passed through too.
 */
export function formatLine(format, jsonLine, options = {}) {
    if (format === 'json')
        return jsonLine;
    let record;
    try {
        record = JSON.parse(jsonLine);
    }
    catch {
        return jsonLine;
    }
    if (record === null || typeof record !== 'object' || Array.isArray(record))
        return jsonLine;
    const text = format === 'legacy' ? formatLegacy(record, options) : formatLogfmt(record);
    return `${text}\n`;
}
/** Parse a `vigil log-format` value (case-insensitive); null when it is not one. */
export function parseLogFormat(text) {
    const lower = text.toLowerCase();
    return LOG_FORMAT_SETTINGS.includes(lower) ? lower : null;
}
