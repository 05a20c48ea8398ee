/**
 * What a data node says about its own replication (`INFO replication`): the one reader the
 * e2e helpers (stage, mixed-group and client tests) share.
 */
import { sendOnce, textOf } from './resp.js';

export interface Replication {
  role: string;
  masterPort?: number;
  linkUp: boolean;
}

/** `INFO replication` of the data node on `port`; undefined when it does not answer (or errs). */
export async function replicationOf(port: number): Promise<Replication | undefined> {
  try {
    const reply = await sendOnce(port, 'INFO', 'replication');
    if (reply.value.kind === 'error') return undefined;
    const text = textOf(reply.value);
    const field = (name: string): string | undefined =>
      new RegExp(`^${name}:(.*?)\\r?$`, 'm').exec(text)?.[1];
    const masterPort = field('master_port');
    return {
      role: field('role') ?? '?',
      masterPort: masterPort === undefined ? undefined : Number(masterPort),
      linkUp: field('master_link_status') === 'up',
    };
  } catch {
    return undefined;
  }
}
