import { formatLine, needsQuoting, quoteArg, reprArg, splitArgs } from '../../../src/config/quote.js';

describe('splitArgs (Redis sdssplitargs rules)', () => {
  const cases: [string, string[] | null][] = [
    ['port 26379', ['port', '26379']],
    ['  a \t b\t', ['a', 'b']],
    ['', []],
    ['   ', []],
    ['a "b c" d', ['a', 'b c', 'd']],
    ['"a\\nb\\rc\\td\\be\\af"', ['a\nb\rc\td\be\x07f']],
    ['"q\\"uote" "back\\\\slash"', ['q"uote', 'back\\slash']],
    ['"\\x41\\x7a\\x00"', ['Az\x00']],
    ['"\\xc3\\xa9"', ['é']],
    ['"\\xZZ"', ['xZZ']],
    ['"\\q"', ['q']],
    ["'single \\' quote'", ["single ' quote"]],
    ["'no \\n escapes \\\\ here'", ['no \\n escapes \\\\ here']],
    // As in Redis, a backslash before the closing single quote escapes it.
    ["'ends with \\\\'", null],
    ['ab"c d"', ['abc d']],
    ["x'y z'", ['xy z']],
    ['back\\slash plain', ['back\\slash', 'plain']],
    ['""', ['']],
    ["''", ['']],
    ['"é ü"', ['é ü']],
    ['"unbalanced', null],
    ["'unbalanced", null],
    ['"a"b', null],
    ["'a'b", null],
    ['"trailing\\', null],
  ];
  test.each(cases)('%j', (line, expected) => {
    expect(splitArgs(line)).toEqual(expected);
  });
});

describe('quoteArg', () => {
  test('plain arguments stay bare', () => {
    expect(quoteArg('mymaster')).toBe('mymaster');
    expect(quoteArg('127.0.0.1')).toBe('127.0.0.1');
    expect(quoteArg('pässwörd')).toBe('pässwörd');
    expect(needsQuoting('abc')).toBe(false);
  });

  test('arguments that would not read back are quoted', () => {
    expect(quoteArg('')).toBe('""');
    expect(quoteArg('a b')).toBe('"a b"');
    expect(quoteArg('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteArg("it's")).toBe('"it\'s"');
    expect(quoteArg('c:\\path')).toBe('"c:\\\\path"');
    expect(quoteArg('l1\nl2\r\t\x07\b')).toBe('"l1\\nl2\\r\\t\\a\\b"');
    expect(quoteArg('\x01\x7f')).toBe('"\\x01\\x7f"');
  });

  const passwords = [
    'simple',
    'with space',
    'with "double" quotes',
    "with 'single' quotes",
    'back\\slash\\',
    '\\x41 not an escape',
    'tab\tnewline\ncr\r',
    '\x00\x01\x1f\x7f',
    '#not-a-comment',
    'ünïcødé ✓ 🔑',
    '   ',
    '',
    '"',
    "'",
    '\\',
  ];
  test.each(passwords)('round trip %j', (password) => {
    const line = formatLine(['sentinel', 'auth-pass', 'my master', password]);
    expect(splitArgs(line)).toEqual(['sentinel', 'auth-pass', 'my master', password]);
  });
});

describe('reprArg', () => {
  test('always quoted, non-printable bytes as \\xHH', () => {
    expect(reprArg('abc')).toBe('"abc"');
    expect(reprArg('a "b"\n')).toBe('"a \\"b\\"\\n"');
    expect(reprArg('é')).toBe('"\\xc3\\xa9"');
    expect(splitArgs(reprArg('é \\ \x01'))).toEqual(['é \\ \x01']);
  });
});
