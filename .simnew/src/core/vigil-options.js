import { yesNo } from './parse.js';
import { parseLogFormat } from '../log/format.js';
function yesNoOption(get, put, defaultValue) {
    return {
        show: (s) => (get(s) ? 'yes' : 'no'),
        set: (s, text) => {
            const v = yesNo(text);
            if (v === null)
                return 'argument must be yes or no';
            put(s, v);
            return null;
        },
        isDefault: (s) => get(s) === defaultValue,
    };
}
function intOption(get, put, defaultValue, min, max) {
    return {
        show: (s) => String(get(s)),
        set: (s, text) => {
            const v = /^(0|[1-9][0-9]{0,9})$/.test(text) ? Number(text) : NaN;
            if (!(v >= min && v <= max))
                return `argument must be an integer from ${min} to ${max}`;
            put(s, v);
            return null;
        },
        isDefault: (s) => get(s) === defaultValue,
    };
}
function stringOption(get, put, defaultValue, options) {
    return {
        show: (s) => get(s),
        set: (s, text) => {
            if (text === '' && !options.allowEmpty)
                return 'argument must not be empty';
            if ([...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
                return 'argument must not contain control characters';
            put(s, text);
            return null;
        },
        isDefault: (s) => get(s) === defaultValue,
        ...(options.secret === true ? { secret: true } : {}),
    };
}
/** Every Vigil option, in the order CONFIG GET, INFO and the rewrite list them. */
export const VIGIL_OPTIONS = new Map([
    [
        'fence-stale-primary',
        yesNoOption((s) => s.fenceStalePrimary, (s, v) => (s.fenceStalePrimary = v), true),
    ],
    [
        'fence-on-minority',
        yesNoOption((s) => s.fenceOnMinority, (s, v) => (s.fenceOnMinority = v), false),
    ],
    [
        'log-format',
        {
            show: (s) => s.logFormat,
            set: (s, text) => {
                const format = parseLogFormat(text);
                if (format === null)
                    return 'argument must be one of auto, legacy, json, logfmt';
                s.logFormat = format;
                return null;
            },
            isDefault: (s) => s.logFormat === 'auto',
        },
    ],
    // The HTTP listener (runtime/http.ts, docs/http.md): port 0 keeps it off.
    [
        'http-port',
        intOption((s) => s.httpPort, (s, v) => (s.httpPort = v), 0, 0, 65535),
    ],
    [
        'http-bind',
        stringOption((s) => s.httpBind, (s, v) => (s.httpBind = v), '127.0.0.1', { allowEmpty: false }),
    ],
    [
        'http-token',
        stringOption((s) => s.httpToken, (s, v) => (s.httpToken = v), '', { allowEmpty: true, secret: true }),
    ],
    // Failover history entries kept in vigil-history.jsonl (runtime/history.ts).
    [
        'history-max',
        intOption((s) => s.historyMax, (s, v) => (s.historyMax = v), 1000, 1, 
        // /v1/history serializes them all on the event loop: keep that bounded.
        10_000),
    ],
]);
/**
 * Options of one master, as `vigil <name> <master> <value>` lines, applied after the
 * `sentinel monitor` lines; at run time with `SENTINEL SET <master> vigil-<name> <value>`.
 */
export const VIGIL_MASTER_OPTIONS = new Set(['maintenance']);
/**
 * A `vigil ...` config line (arguments after `vigil`): error text or null. Global options
 * take `<name> <value>`, per-master ones `<name> <master> <value>`.
 */
export function applyVigilDirective(state, args) {
    const settings = state.settings;
    if (args.length > 0 && args[0].toLowerCase() === 'maintenance') {
        if (args.length !== 3)
            return 'vigil maintenance takes a master name and yes or no';
        const master = state.masters.get(args[1]);
        if (master === undefined)
            return 'No such master with specified name.';
        const v = yesNo(args[2]);
        if (v === null)
            return 'argument must be yes or no';
        master.maintenance = v;
        return null;
    }
    const option = args.length > 0 ? VIGIL_OPTIONS.get(args[0].toLowerCase()) : undefined;
    if (option === undefined)
        return `Unknown vigil option '${args[0] ?? ''}'`;
    if (args.length !== 2)
        return `vigil ${args[0].toLowerCase()} takes exactly one value`;
    return option.set(settings, args[1]);
}
/** The `vigil` lines that persist non-default options, as argument arrays. */
export function renderVigilOptions(state) {
    const out = [];
    for (const [name, option] of VIGIL_OPTIONS) {
        if (!option.isDefault(state.settings))
            out.push(['vigil', name, option.show(state.settings)]);
    }
    for (const master of state.masters.values()) {
        if (master.maintenance)
            out.push(['vigil', 'maintenance', master.name, 'yes']);
    }
    return out;
}
/** `vigil-<name>` → the option name, for SENTINEL CONFIG SET/GET; null when not one of ours. */
export function vigilConfigName(param) {
    const lower = param.toLowerCase();
    if (!lower.startsWith('vigil-'))
        return null;
    const name = lower.slice(6);
    return VIGIL_OPTIONS.has(name) ? name : null;
}
/**
 * `[vigil-<name>, value]` pairs, for CONFIG GET (secrets as they are, like sentinel-pass) and
 * INFO (`redactSecrets`: a secret that is set shows as `******`).
 */
export function vigilOptionPairs(settings, redactSecrets = false) {
    return [...VIGIL_OPTIONS].map(([name, option]) => {
        const value = option.show(settings);
        return [`vigil-${name}`, redactSecrets && option.secret === true && value !== '' ? '******' : value];
    });
}
/** SENTINEL CONFIG SET vigil-<name> <value>: error text or null. */
export function setVigilOption(settings, name, value) {
    const option = VIGIL_OPTIONS.get(name);
    return option === undefined ? 'unknown option' : option.set(settings, value);
}
