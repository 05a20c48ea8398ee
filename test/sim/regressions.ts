/**
 * Fault schedules the simulator found, kept as regression cases. Each must pass (every
 * invariant holds) on the current code.
 */
import type { Schedule } from '../../sim/faults.js';

export interface Regression {
  name: string;
  /** The invariant it broke before the fix. */
  broke: string;
  schedule: Schedule;
}

export const REGRESSIONS: Regression[] = [
  {
    // Issue #9 §2.1 (defect 1). Found by seed 157, shrunk to these two faults. Sentinel#1
    // votes for itself in epoch 1 and is elected in the same batch; the executor published
    // +vote-for-leader and +elected-leader before writing the config, the crash came in
    // between, and it restarted at current-epoch 0 with leader-epoch 0: free to grant epoch 1
    // to another candidate.
    name: 'defect 1: vote published before the config flush, killed in between',
    broke:
      'sentinel#1 restarted with current-epoch 0 and leader-epoch 0 for m0, but had told others it voted in epoch 1',
    schedule: {
      seed: 157,
      topology: { masters: 1, sentinels: 3, nodesPerMaster: 3 },
      faults: [
        { kind: 'crashSentinel', at: 15691, sentinel: 1, batch: 7, downMs: 7064 },
        { kind: 'partition', at: 16928, until: 26039, side: ['10.9.0.1', '10.9.0.2', '10.0.0.3'] },
      ],
      quietAt: 27755,
      endAt: 57755,
    },
  },
  {
    // Found by the simulator (seeds 5434, 7059, 10149 of the 24,000-seed run; this is 5434 shrunk
    // to two node crashes). Sentinel#1 leads epoch 1 and promotes 10.0.0.2; 10.0.0.2 crashes
    // while #1 is still reconfiguring replicas; #2 leads epoch 2 and promotes 10.0.0.1 (the old
    // primary, back up). #2's hello (config epoch 2, primary 10.0.0.1) reaches #1, whose
    // master address is still 10.0.0.1: it adopts config epoch 2 without a switch. #1's own
    // failover then ends and switches to 10.0.0.2 at config epoch 2. No hello is ever newer
    // than 2 again, so #1 names 10.0.0.2 and the others 10.0.0.1, at the same config epoch,
    // forever. Fixed in src/core/hello.ts: a failover superseded by a newer config epoch for the
    // same address is aborted (-failover-abort-superseded).
    name: 'superseded failover: an older failover ended after a newer one and kept the newer config epoch',
    broke: 'no convergence: sentinels see m0 as 10.0.0.1:6379@2, 10.0.0.2:6379@2, 10.0.0.1:6379@2',
    schedule: {
      seed: 5434,
      topology: { masters: 1, sentinels: 3, nodesPerMaster: 3 },
      faults: [
        { kind: 'crashNode', at: 13457, node: '10.0.0.1', downMs: 1844 },
        { kind: 'crashNode', at: 16717, node: '10.0.0.2', downMs: 4144 },
      ],
      quietAt: 20861,
      endAt: 50861,
    },
  },
];

/**
 * Schedules that still fail: bugs the simulator found in code this branch does not own
 * (src/core). Each runs as `test.failing`, so fixing the bug turns it red: move it to
 * REGRESSIONS then.
 */
export const KNOWN_FAILING: Regression[] = [];
