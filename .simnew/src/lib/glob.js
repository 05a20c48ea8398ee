/**
 * Redis glob matching (`stringmatchlen`), the one implementation used for PSUBSCRIBE patterns,
 * ACL channel rules, SENTINEL RESET and CONFIG GET patterns,
 * COMMAND LIST FILTERBY PATTERN and similar:
 *   `*` any run, `?` one char, `[abc]` / `[^a]` / `[a-z]` classes (a reversed range is
 *   swapped, `\` escapes inside a class, an unterminated class ends at the pattern's end),
 *   `\x` a literal x.
 * Implemented with the usual single-backtrack-point algorithm, so a pattern like
 * `*a*a*a*b` cannot blow up on long inputs.
 */
function compile(pattern) {
    const out = [];
    const n = pattern.length;
    let i = 0;
    while (i < n) {
        const c = pattern[i];
        if (c === '*') {
            while (i < n && pattern[i] === '*')
                i++;
            out.push({ k: 'star' });
            continue;
        }
        if (c === '?') {
            out.push({ k: 'any' });
            i++;
            continue;
        }
        if (c === '[') {
            i++;
            const not = pattern[i] === '^';
            if (not)
                i++;
            const chars = [];
            const ranges = [];
            while (i < n && pattern[i] !== ']') {
                if (pattern[i] === '\\' && i + 1 < n) {
                    chars.push(pattern[i + 1]);
                    i += 2;
                }
                else if (i + 2 < n && pattern[i + 1] === '-') {
                    // Redis: a range needs three chars left, so `[a-]` is the range a..']'.
                    let a = pattern[i];
                    let b = pattern[i + 2];
                    if (a > b)
                        [a, b] = [b, a];
                    ranges.push([a, b]);
                    i += 3;
                }
                else {
                    chars.push(pattern[i]);
                    i++;
                }
            }
            i++; // the ']' (or past the end for an unterminated class)
            out.push({ k: 'class', not, chars, ranges });
            continue;
        }
        if (c === '\\' && i + 1 < n) {
            out.push({ k: 'lit', c: pattern[i + 1] });
            i += 2;
            continue;
        }
        out.push({ k: 'lit', c });
        i++;
    }
    return out;
}
function fold(c, nocase) {
    return nocase ? c.toLowerCase() : c;
}
function matchOne(t, ch, nocase) {
    switch (t.k) {
        case 'any':
            return true;
        case 'lit':
            return fold(t.c, nocase) === fold(ch, nocase);
        case 'class': {
            const c = fold(ch, nocase);
            let hit = t.chars.some((x) => fold(x, nocase) === c);
            if (!hit)
                hit = t.ranges.some(([a, b]) => fold(a, nocase) <= c && c <= fold(b, nocase));
            return t.not ? !hit : hit;
        }
        case 'star':
            return false;
    }
}
const cache = new Map();
function tokens(pattern) {
    let t = cache.get(pattern);
    if (t === undefined) {
        t = compile(pattern);
        if (cache.size > 1000)
            cache.clear();
        cache.set(pattern, t);
    }
    return t;
}
/** Whether `str` matches the Redis glob `pattern`. */
export function globMatch(pattern, str, nocase = false) {
    const toks = tokens(pattern);
    let ti = 0;
    let si = 0;
    let starTi = -1;
    let starSi = 0;
    while (si < str.length) {
        const t = toks[ti];
        if (t !== undefined && t.k === 'star') {
            starTi = ti++;
            starSi = si;
            continue;
        }
        if (t !== undefined && matchOne(t, str[si], nocase)) {
            ti++;
            si++;
            continue;
        }
        if (starTi === -1)
            return false;
        ti = starTi + 1;
        si = ++starSi;
    }
    while (ti < toks.length && toks[ti].k === 'star')
        ti++;
    return ti === toks.length;
}
