import { getLeader, votesNeeded } from '../../../src/core/election.js';
import { FakeContext } from './fake-context.js';
import { MY_ID, makeMaster, makeSentinel, makeState, runId } from './model-factory.js';

const T0 = 5_000_000;

/** A master with `voters - 1` peers, in a failover of epoch `epoch` (our current epoch). */
function election(voters: number, quorum: number, epoch = 7n) {
  const state = makeState({ currentEpoch: epoch });
  const master = makeMaster(state, { now: T0, quorum, failoverEpoch: epoch });
  const peers = [];
  for (let i = 0; i < voters - 1; i++) peers.push(makeSentinel(master, runId(String.fromCharCode(98 + i))));
  return { state, master, peers, ctx: new FakeContext(state) };
}

describe('votes needed', () => {
  // voters × quorum → max(floor(voters/2)+1, quorum)
  const table: Array<[number, number, number]> = [
    [1, 1, 1],
    [1, 2, 2],
    [1, 3, 3],
    [2, 1, 2],
    [2, 2, 2],
    [2, 3, 3],
    [3, 1, 2],
    [3, 2, 2],
    [3, 3, 3],
    [4, 1, 3],
    [4, 2, 3],
    [4, 3, 3],
    [5, 1, 3],
    [5, 2, 3],
    [5, 3, 3],
  ];
  test.each(table)('voters %i, quorum %i: %i votes', (voters, quorum, needed) => {
    expect(votesNeeded(voters, quorum)).toBe(needed);
  });

  // The same table through the real leader count: we win with `votes` votes (ours included)
  // exactly when votes >= needed.
  const cases: Array<[number, number, number, boolean]> = [];
  for (const [voters, quorum, needed] of table) {
    for (let votes = 1; votes <= voters; votes++) cases.push([voters, quorum, votes, votes >= needed]);
  }
  test.each(cases)('voters %i, quorum %i, %i votes for us: elected %s', (voters, quorum, votes, elected) => {
    const { master, peers, ctx } = election(voters, quorum);
    for (const peer of peers.slice(0, votes - 1)) {
      peer.leader = MY_ID;
      peer.leaderEpoch = 7n;
    }
    expect(getLeader(ctx, master, 7n, T0)).toBe(elected ? MY_ID : null);
    expect(master.leader).toBe(MY_ID);
    expect(master.leaderEpoch).toBe(7n);
  });
});

describe('getLeader', () => {
  test('only votes of the current epoch count', () => {
    const { master, peers, ctx } = election(3, 2);
    peers[0].leader = MY_ID;
    peers[0].leaderEpoch = 6n;
    peers[1].leader = MY_ID;
    peers[1].leaderEpoch = 8n;
    expect(getLeader(ctx, master, 7n, T0)).toBeNull();
    peers[0].leaderEpoch = 7n;
    expect(getLeader(ctx, master, 7n, T0)).toBe(MY_ID);
  });

  test('we vote for the most voted sentinel, who may win', () => {
    const { master, peers, ctx } = election(5, 2);
    const other = peers[0].runId as string;
    for (const peer of peers.slice(0, 2)) {
      peer.leader = other;
      peer.leaderEpoch = 7n;
    }
    peers[2].leader = MY_ID;
    peers[2].leaderEpoch = 7n;
    expect(getLeader(ctx, master, 7n, T0)).toBe(other);
    expect(master.leader).toBe(other);
    expect(ctx.eventLines()).toContain(`+vote-for-leader ${other} 7`);
  });

  test('our vote, once cast for someone else, is not changed and not counted for us', () => {
    const { master, peers, ctx } = election(3, 1);
    master.leader = peers[0].runId;
    master.leaderEpoch = 7n;
    peers[1].leader = MY_ID;
    peers[1].leaderEpoch = 7n;
    // Peer votes: me 1. Our vote stays with peer 0: 1 vote each, no majority of 2.
    expect(getLeader(ctx, master, 7n, T0)).toBeNull();
    expect(master.leader).toBe(peers[0].runId);
  });

  test('sentinels that are down still count as voters', () => {
    const { master, peers, ctx } = election(3, 1);
    peers[0].flags.sDown = true;
    peers[1].flags.sDown = true;
    expect(getLeader(ctx, master, 7n, T0)).toBeNull();
  });

  test('no vote when our epoch moved past the failover epoch', () => {
    const { master, ctx, state } = election(1, 1);
    state.currentEpoch = 8n;
    expect(getLeader(ctx, master, 7n, T0)).toBeNull();
    expect(master.leader).toBeNull();
  });

  test('alone with quorum 1: elected by our own vote, which is flushed', () => {
    const { master, ctx } = election(1, 1);
    expect(getLeader(ctx, master, 7n, T0)).toBe(MY_ID);
    expect(ctx.ofType('flushConfig')).toHaveLength(1);
  });
});
