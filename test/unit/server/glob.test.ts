import { globMatch } from '../../../src/lib/glob.js';

describe('globMatch (Redis stringmatchlen semantics)', () => {
  it.each([
    ['*', '', true],
    ['*', '+switch-master', true],
    ['+switch-master', '+switch-master', true],
    ['+switch-master', '+switch-masters', false],
    ['[-+]sdown', '+sdown', true],
    ['[-+]sdown', '-sdown', true],
    ['[-+]sdown', 'xsdown', false],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h*llo', 'hllo', true],
    ['h*llo', 'heeeello', true],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-c]llo', 'hbllo', true],
    ['h[c-a]llo', 'hbllo', true],
    ['h[a-c]llo', 'hdllo', false],
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hello', false],
    ['[\\]]', ']', true],
    ['[abc', 'b', true],
    ['[a-]', ']', true],
    ['a\\', 'a\\', true],
    ['**a', 'ba', true],
    ['*a*a*a*a*a*a*a*a*b', 'a'.repeat(60), false],
    ['+*', '+odown', true],
    ['*down', '-odown', true],
  ])('%j matches %j: %p', (pattern, str, expected) => {
    expect(globMatch(pattern, str)).toBe(expected);
  });

  it('can ignore case (COMMAND LIST FILTERBY PATTERN)', () => {
    expect(globMatch('CLIENT|*', 'client|kill', true)).toBe(true);
    expect(globMatch('CLIENT|*', 'client|kill')).toBe(false);
    expect(globMatch('[A-C]x', 'bx', true)).toBe(true);
  });
});
