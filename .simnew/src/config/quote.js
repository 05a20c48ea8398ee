/**
 * Splitting a config line into arguments and writing arguments back, following the rules
 * Redis 7.0 uses for its config file (and redis-cli): whitespace separates arguments, double
 * quotes allow `\n \r \t \b \a \\ \" \xHH` escapes, single quotes allow `\'`, and a closing
 * quote must be followed by whitespace or the end of the line.
 */
function isSpace(c) {
    // C isspace() in the "C" locale: the characters Redis splits on.
    return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}
function isHex(c) {
    return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}
const NAMED_ESCAPES = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' };
/**
 * Accumulates one argument. Literal characters are kept as text; `\xHH` escapes are bytes, so a
 * password written as `"\xc3\xa9"` and one written as `"é"` give the same string (the bytes are
 * decoded as UTF-8 at the end, like the file itself).
 */
class ArgBuilder {
    parts = [];
    hasBytes = false;
    char(c) {
        const last = this.parts[this.parts.length - 1];
        if (typeof last === 'string')
            this.parts[this.parts.length - 1] = last + c;
        else
            this.parts.push(c);
    }
    byte(b) {
        this.hasBytes = true;
        const last = this.parts[this.parts.length - 1];
        if (Array.isArray(last))
            last.push(b);
        else
            this.parts.push([b]);
    }
    build() {
        if (!this.hasBytes)
            return this.parts.join('');
        const buffers = this.parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)));
        return Buffer.concat(buffers).toString('utf8');
    }
}
/**
 * Split a line into arguments. Returns null on unbalanced quotes (Redis: `Unbalanced quotes in
 * configuration line`), which also covers a closing quote directly followed by a character.
 */
export function splitArgs(line) {
    const args = [];
    const n = line.length;
    let i = 0;
    for (;;) {
        while (i < n && isSpace(line[i]))
            i++;
        if (i >= n)
            return args;
        const arg = new ArgBuilder();
        let mode = 'plain';
        let done = false;
        while (!done) {
            const c = line[i];
            if (mode === 'double') {
                if (c === undefined)
                    return null;
                if (c === '\\' && line[i + 1] === 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
                    arg.byte(parseInt(line.slice(i + 2, i + 4), 16));
                    i += 4;
                }
                else if (c === '\\' && i + 1 < n) {
                    const e = line[i + 1];
                    arg.char(NAMED_ESCAPES[e] ?? e);
                    i += 2;
                }
                else if (c === '"') {
                    if (i + 1 < n && !isSpace(line[i + 1]))
                        return null;
                    i++;
                    done = true;
                }
                else {
                    arg.char(c);
                    i++;
                }
            }
            else if (mode === 'single') {
                if (c === undefined)
                    return null;
                if (c === '\\' && line[i + 1] === "'") {
                    arg.char("'");
                    i += 2;
                }
                else if (c === "'") {
                    if (i + 1 < n && !isSpace(line[i + 1]))
                        return null;
                    i++;
                    done = true;
                }
                else {
                    arg.char(c);
                    i++;
                }
            }
            else if (c === undefined || isSpace(c)) {
                done = true;
            }
            else if (c === '"') {
                // Like Redis, a quote may open in the middle of an argument: ab"c d" is `abc d`.
                mode = 'double';
                i++;
            }
            else if (c === "'") {
                mode = 'single';
                i++;
            }
            else {
                arg.char(c);
                i++;
            }
        }
        args.push(arg.build());
    }
}
function isControl(code) {
    return code < 0x20 || code === 0x7f;
}
const ESCAPE_OUT = {
    '\\': '\\\\',
    '"': '\\"',
    '\n': '\\n',
    '\r': '\\r',
    '\t': '\\t',
    '\x07': '\\a',
    '\b': '\\b',
};
function hexByte(code) {
    return '\\x' + code.toString(16).padStart(2, '0');
}
/** True when an argument must be quoted to be read back as the same single argument. */
export function needsQuoting(arg) {
    if (arg.length === 0)
        return true;
    for (const c of arg) {
        if (isSpace(c) || c === '"' || c === "'" || c === '\\' || isControl(c.codePointAt(0) ?? 0))
            return true;
    }
    return false;
}
/**
 * Write an argument so `splitArgs` (and Redis) reads it back unchanged: bare when safe,
 * otherwise double-quoted with escapes. Non-ASCII text stays readable (written as UTF-8).
 */
export function quoteArg(arg) {
    if (!needsQuoting(arg))
        return arg;
    let out = '"';
    for (const c of arg) {
        const code = c.codePointAt(0) ?? 0;
        if (ESCAPE_OUT[c] !== undefined)
            out += ESCAPE_OUT[c];
        else if (isControl(code))
            out += hexByte(code);
        else
            out += c;
    }
    return out + '"';
}
/**
 * Redis's `repr` form: always double-quoted, every byte outside printable ASCII as `\xHH`.
 * Redis 7.0 uses it for command-line values turned into config lines (`port "abc"`), so error
 * messages about those lines show the same text.
 */
export function reprArg(arg) {
    let out = '"';
    for (const b of Buffer.from(arg, 'utf8')) {
        const c = String.fromCharCode(b);
        if (ESCAPE_OUT[c] !== undefined)
            out += ESCAPE_OUT[c];
        else if (b >= 0x20 && b < 0x7f)
            out += c;
        else
            out += hexByte(b);
    }
    return out + '"';
}
/** One config line from its arguments, each quoted only where needed. */
export function formatLine(args) {
    return args.map(quoteArg).join(' ');
}
