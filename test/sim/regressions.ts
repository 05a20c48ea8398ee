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
];
