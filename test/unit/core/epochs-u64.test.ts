/**
 * #9 §2.5: epochs are 64-bit unsigned integers, handled exactly (bigint), and what cannot be
 * one is refused. With JavaScript numbers an epoch above 2^53 was mangled (2^53 + 1 could not
 * be incremented, which stops every future failover) and `-1` from a peer was taken as -1.
 */
import { EPOCH_MAX, epochFromReply, nextEpoch, parseEpoch } from '../../../src/core/epoch.js';
import { parseAskReply } from '../../../src/core/asking.js';
import { renderSentinelState } from '../../../src/config/render.js';
import { hello, master, newBrain, PEER, tick, events } from './brain-helpers.js';

const BIG = 2n ** 60n + 1n; // beyond 2^53: a number would round it

describe('parsing', () => {
  test.each([
    ['0', 0n],
    ['9007199254740993', 9007199254740993n],
    ['18446744073709551615', EPOCH_MAX],
  ])('%s is an epoch', (text, value) => {
    expect(parseEpoch(text)).toBe(value);
  });

  test.each(['-1', '18446744073709551616', '1e3', '', ' 1', '+1', '0x10', '1.5', 'abc'])(
    '%j is refused',
    (text) => {
      expect(parseEpoch(text)).toBeNull();
    },
  );

  test('from a reply: number, bigint or text; never negative, fractional or above 2^64-1', () => {
    expect(epochFromReply('1152921504606846977')).toBe(BIG);
    expect(epochFromReply(BIG)).toBe(BIG);
    expect(epochFromReply(7)).toBe(7n);
    for (const bad of [-1, -1n, 2 ** 64, 1.5, 2n ** 64n, null, 'x']) expect(epochFromReply(bad)).toBeNull();
  });

  test('the maximum cannot be incremented', () => {
    expect(nextEpoch(BIG)).toBe(BIG + 1n);
    expect(nextEpoch(EPOCH_MAX)).toBeNull();
  });
});

describe('through the brain', () => {
  test('a hello beyond 2^53 is adopted exactly and written back exactly', () => {
    const b = newBrain();
    tick(b, 1);
    b.handle(
      {
        type: 'hello',
        linkId: null,
        payload: hello('127.0.0.1', 26380, PEER, 0, 'm', '127.0.0.1', 6379, 0).replace(
          `,${PEER},0,`,
          `,${PEER},${BIG},`,
        ),
      },
      10,
    );
    expect(b.state.currentEpoch).toBe(BIG);
    expect(events(b.takeActions())).toContain(`+new-epoch ${BIG}`);
    expect(renderSentinelState(b.state)).toContainEqual(['sentinel', 'current-epoch', String(BIG)]);
  });

  test('a hello with -1 or 2^64 as an epoch is ignored whole (no peer, no epoch)', () => {
    for (const bad of ['-1', '18446744073709551616', 'x']) {
      const b = newBrain();
      tick(b, 1);
      const payload = `127.0.0.1,26380,${PEER},${bad},m,127.0.0.1,6379,0`;
      b.handle({ type: 'hello', linkId: null, payload }, 10);
      expect(b.state.currentEpoch).toBe(0n);
      expect(master(b).sentinels.size).toBe(0);
    }
  });

  test('an ask reply with an epoch that is not one is malformed', () => {
    expect(parseAskReply(['0', '*', '-1'])).toBeNull();
    expect(parseAskReply([0, '*', -1])).toBeNull();
    expect(parseAskReply(['1', PEER, '1152921504606846977'])).toEqual({
      down: true,
      leader: PEER,
      leaderEpoch: BIG,
    });
  });

  test('config lines: an epoch that is not a 64-bit unsigned integer fails its line', () => {
    const b = newBrain();
    expect(b.applyConfigDirective(['current-epoch', '-1'], 0)).toMatch(/Invalid epoch/);
    expect(b.applyConfigDirective(['config-epoch', 'm', 'x'], 0)).toMatch(/Invalid epoch/);
    expect(b.applyConfigDirective(['leader-epoch', 'm', '18446744073709551616'], 0)).toMatch(/Invalid epoch/);
    expect(b.applyConfigDirective(['current-epoch', String(BIG)], 0)).toBeNull();
    expect(b.state.currentEpoch).toBe(BIG);
  });

  test('a vote request in an epoch beyond 2^53 is granted in exactly that epoch', () => {
    const b = newBrain();
    tick(b, 1);
    const vote = b.isMasterDownByAddr('127.0.0.1', 6379, BIG, PEER, 10);
    expect(vote).toEqual({ down: 0, leader: PEER, leaderEpoch: BIG });
    expect(master(b).leaderEpoch).toBe(BIG);
  });
});
