/**
 * A strict logfmt reader for the tests: `key=value` pairs separated by one space, values bare
 * or double-quoted with `\\`, `\"`, `\n`, `\r`, `\t` and `\uXXXX` escapes. Throws on anything
 * else, so a line that parses here is well formed.
 */
export function parseLogfmt(line: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < line.length) {
    const eq = line.indexOf('=', i);
    if (eq <= i) throw new Error(`no key at ${i} in ${line}`);
    const key = line.slice(i, eq);
    if (/[\s"]/.test(key)) throw new Error(`bad key ${JSON.stringify(key)}`);
    i = eq + 1;
    let value = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error(`unterminated value of ${key}`);
        const c = line[i];
        if (c === '"') {
          i++;
          break;
        }
        if (c === '\\') {
          const e = line[i + 1];
          if (e === 'n') value += '\n';
          else if (e === 'r') value += '\r';
          else if (e === 't') value += '\t';
          else if (e === '"' || e === '\\') value += e;
          else if (e === 'u') {
            value += String.fromCharCode(parseInt(line.slice(i + 2, i + 6), 16));
            i += 4;
          } else throw new Error(`bad escape \\${e}`);
          i += 2;
          continue;
        }
        if (c.charCodeAt(0) < 0x20) throw new Error('raw control character in a quoted value');
        value += c;
        i++;
      }
    } else {
      const end = line.indexOf(' ', i);
      value = line.slice(i, end === -1 ? line.length : end);
      if (value === '' || /["=\\]/.test(value)) throw new Error(`bad bare value of ${key}`);
      i += value.length;
    }
    if (key in out) throw new Error(`duplicate key ${key}`);
    out[key] = value;
    if (i < line.length) {
      if (line[i] !== ' ') throw new Error(`expected a space at ${i} in ${line}`);
      i++;
    }
  }
  return out;
}
