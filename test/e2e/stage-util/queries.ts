/**
 * One-shot queries of the deployment-stage e2e tests: a sentinel's view of the master, its
 * replicas and peers, INFO sentinel, a data node's INFO replication, and SENTINEL DEBUG periods.
 */
import { fieldsOf, itemsOf, sendOnce, textOf, type RespReply, type RespValue } from '../../helpers/resp.js';
import { FAST_PERIODS, MASTER } from './config.js';

/** A SENTINEL (or any) command whose reply must not be an error. */
async function command(port: number, ...args: (string | number)[]): Promise<RespReply> {
  const reply = await sendOnce(port, ...args);
  if (reply.value.kind === 'error') throw new Error(`${args.join(' ')} on :${port}: ${reply.value.value}`);
  return reply;
}

/** `SENTINEL GET-MASTER-ADDR-BY-NAME`: the port of the primary this sentinel believes in. */
export async function masterPortOf(sentinelPort: number, name = MASTER): Promise<number> {
  const reply = await command(sentinelPort, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', name);
  const items = itemsOf(reply.value);
  return Number(textOf(items[1] as RespValue));
}

/** `SENTINEL MASTER <name>` as fields (flags, config-epoch, num-other-sentinels...). */
export async function masterFields(sentinelPort: number, name = MASTER): Promise<Record<string, string>> {
  return fieldsOf((await command(sentinelPort, 'SENTINEL', 'MASTER', name)).value);
}

export async function instancesOf(
  sentinelPort: number,
  which: 'REPLICAS' | 'SENTINELS',
  name = MASTER,
): Promise<Record<string, string>[]> {
  return itemsOf((await command(sentinelPort, 'SENTINEL', which, name)).value).map(fieldsOf);
}

/** `INFO sentinel` of a sentinel, as key/value pairs. */
export async function sentinelInfo(sentinelPort: number): Promise<Record<string, string>> {
  const text = textOf((await command(sentinelPort, 'INFO', 'sentinel')).value);
  return Object.fromEntries(
    text
      .split(/\r?\n/)
      .filter((l) => l.includes(':') && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]),
  );
}

/** Applies SENTINEL DEBUG periods and checks they took effect (SENTINEL DEBUG without args). */
export async function applyPeriods(sentinelPort: number, periods = FAST_PERIODS): Promise<void> {
  const args = Object.entries(periods).flatMap(([k, v]) => [k, v]);
  const reply = await command(sentinelPort, 'SENTINEL', 'DEBUG', ...args);
  if (textOf(reply.value) !== 'OK')
    throw new Error(`SENTINEL DEBUG on :${sentinelPort} replied ${textOf(reply.value)}`);
  const now = fieldsOf((await command(sentinelPort, 'SENTINEL', 'DEBUG')).value);
  for (const [k, v] of Object.entries(periods)) {
    if (now[k.toUpperCase()] !== String(v)) {
      throw new Error(
        `SENTINEL DEBUG on :${sentinelPort}: ${k.toUpperCase()} is ${now[k.toUpperCase()]}, want ${v}`,
      );
    }
  }
}

export { replicationOf, type Replication } from '../../helpers/replication.js';
