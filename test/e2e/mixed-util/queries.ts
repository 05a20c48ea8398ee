/**
 * One-shot queries of the mixed-group e2e tests: a command that must not fail, a sentinel's
 * view of the master, its replicas and peers, its myid, a data node's INFO replication, and
 * SENTINEL DEBUG periods (checked by reading them back).
 */
import { fieldsOf, itemsOf, sendOnce, textOf, type RespReply } from '../../helpers/resp.js';
import { FAST_PERIODS, MASTER } from './config.js';

export async function command(port: number, ...args: (string | number)[]): Promise<RespReply> {
  const reply = await sendOnce(port, ...args);
  if (reply.value.kind === 'error') throw new Error(`${args.join(' ')} on :${port}: ${reply.value.value}`);
  return reply;
}

export async function masterFields(port: number): Promise<Record<string, string>> {
  return fieldsOf((await command(port, 'SENTINEL', 'MASTER', MASTER)).value);
}

export async function instancesOf(
  port: number,
  which: 'REPLICAS' | 'SENTINELS',
): Promise<Record<string, string>[]> {
  return itemsOf((await command(port, 'SENTINEL', which, MASTER)).value).map(fieldsOf);
}

export async function myidOf(port: number): Promise<string> {
  return textOf((await command(port, 'SENTINEL', 'MYID')).value);
}

/** `SENTINEL GET-MASTER-ADDR-BY-NAME`: the primary's port as this sentinel names it. */
export async function masterPortOf(port: number): Promise<number> {
  const items = itemsOf((await command(port, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER)).value);
  return Number(items[1] === undefined ? Number.NaN : textOf(items[1]));
}

/** SENTINEL DEBUG on either kind, checked by reading the values back. */
export async function applyPeriods(port: number): Promise<void> {
  await command(port, 'SENTINEL', 'DEBUG', ...Object.entries(FAST_PERIODS).flat());
  const now = fieldsOf((await command(port, 'SENTINEL', 'DEBUG')).value);
  for (const [k, v] of Object.entries(FAST_PERIODS)) {
    if (now[k.toUpperCase()] !== String(v))
      throw new Error(`:${port} ${k.toUpperCase()} is ${now[k.toUpperCase()]}`);
  }
}

export { replicationOf, type Replication } from '../../helpers/replication.js';
