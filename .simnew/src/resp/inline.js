/**
 * Splitting of inline commands (`SET "a b" 'c'` typed in telnet), with the rules of Redis's
 * `sdssplitargs`:
 *   - arguments are separated by spaces, tabs, CR, LF or NUL; leading whitespace is skipped;
 *   - a double quote starts a quoted part (even in the middle of an argument) where `\xHH`,
 *     `\n`, `\r`, `\t`, `\b`, `\a` are escapes and `\<c>` gives `<c>`;
 *   - a single quote starts a quoted part where only `\'` is an escape;
 *   - a closing quote must be followed by whitespace or the end of the line;
 *   - an unterminated quote is an error (null), which the server reports as
 *     `Protocol error: unbalanced quotes in request`.
 */
const isSpace = (c) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const hexVal = (c) => {
    if (c >= 0x30 && c <= 0x39)
        return c - 0x30;
    if (c >= 0x61 && c <= 0x66)
        return c - 0x61 + 10;
    if (c >= 0x41 && c <= 0x46)
        return c - 0x41 + 10;
    return -1;
};
const ESCAPES = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x61: 0x07 };
/** Split one inline line into argument byte strings; null on unbalanced quotes. */
export function splitInlineArgs(line) {
    const out = [];
    let p = 0;
    const n = line.length;
    for (;;) {
        while (p < n && isSpace(line[p]))
            p++;
        if (p >= n)
            return out;
        const cur = [];
        let inDouble = false;
        let inSingle = false;
        let done = false;
        while (!done) {
            if (inDouble) {
                if (p >= n)
                    return null;
                const c = line[p];
                if (c === 0x5c /* \ */ && p + 3 < n && line[p + 1] === 0x78 /* x */) {
                    const hi = hexVal(line[p + 2]);
                    const lo = hexVal(line[p + 3]);
                    if (hi >= 0 && lo >= 0) {
                        cur.push(hi * 16 + lo);
                        p += 3;
                    }
                    else {
                        // Not a valid hex escape: Redis takes the escaped char literally ('x').
                        cur.push(line[p + 1]);
                        p += 1;
                    }
                }
                else if (c === 0x5c && p + 1 < n) {
                    p++;
                    const e = line[p];
                    cur.push(ESCAPES[e] ?? e);
                }
                else if (c === 0x22 /* " */) {
                    if (p + 1 < n && !isSpace(line[p + 1]))
                        return null;
                    done = true;
                }
                else {
                    cur.push(c);
                }
            }
            else if (inSingle) {
                if (p >= n)
                    return null;
                const c = line[p];
                if (c === 0x5c && p + 1 < n && line[p + 1] === 0x27 /* ' */) {
                    p++;
                    cur.push(0x27);
                }
                else if (c === 0x27) {
                    if (p + 1 < n && !isSpace(line[p + 1]))
                        return null;
                    done = true;
                }
                else {
                    cur.push(c);
                }
            }
            else {
                if (p >= n) {
                    done = true;
                    break;
                }
                const c = line[p];
                if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x00) {
                    done = true;
                }
                else if (c === 0x22) {
                    inDouble = true;
                }
                else if (c === 0x27) {
                    inSingle = true;
                }
                else {
                    cur.push(c);
                }
            }
            if (p < n)
                p++;
        }
        out.push(Buffer.from(cur));
    }
}
