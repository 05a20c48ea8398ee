export function wantsColour(stream = process.stdout, env = process.env) {
    return stream.isTTY === true && !env.NO_COLOR;
}
export function makeStyle(enabled) {
    const wrap = (open, close) => (s) => enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s;
    return {
        enabled,
        red: wrap(31, 39),
        yellow: wrap(33, 39),
        green: wrap(32, 39),
        cyan: wrap(36, 39),
        dim: wrap(2, 22),
        bold: wrap(1, 22),
    };
}
