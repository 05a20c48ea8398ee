// Owned by the failover/election engineer; stub signature for now.
import type { CoreContext } from './context.js';

/** Sentinel 7.0 TILT check, run at the start of every timer run (spec §14). */
export function checkTilt(_ctx: CoreContext, _now: number): void {}
