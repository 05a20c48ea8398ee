/**
 * Polling with a deadline: the only way tests wait for something. No fixed sleeps: a test
 * names the condition it waits for, so a failure says what never happened and what was seen.
 */
import { inspect } from 'node:util';

export interface WaitForOptions {
  /** Give up after this long. @default 10000 */
  timeoutMs?: number;
  /** Pause between two polls. @default 50 */
  intervalMs?: number;
  /** What we wait for, for the error message ("replica 127.0.0.1:6380 to be listed"). */
  description?: string;
}

/** Thrown from a condition to stop waiting at once (e.g. the process we wait on exited). */
export class StopWaiting extends Error {
  override readonly name = 'StopWaiting';
}

export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function show(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return inspect(value, { depth: 6, breakLength: Infinity, maxStringLength: 2000 });
}

/**
 * Polls `cond` until it returns a truthy value, and returns that value. A condition that
 * throws counts as "not yet" (its last error is reported on timeout), except StopWaiting,
 * which is rethrown at once. A single poll that hangs is cut off at the deadline.
 */
export async function waitFor<T>(
  cond: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const description = options.description ?? 'condition';
  const started = Date.now();
  const deadline = started + timeoutMs;
  let polls = 0;
  let lastValue: { value: unknown } | undefined;
  let lastError: unknown;

  for (;;) {
    polls++;
    const remaining = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const hung = Symbol('hung');
    try {
      const outcome = await Promise.race([
        Promise.resolve().then(cond),
        new Promise<typeof hung>((resolve) => {
          timer = setTimeout(() => resolve(hung), Math.max(remaining, 1));
        }),
      ]);
      if (outcome === hung) {
        lastError = new Error(`poll still pending at the deadline`);
      } else {
        if (outcome) return outcome as NonNullable<T>;
        lastValue = { value: outcome };
        lastError = undefined;
      }
    } catch (err) {
      if (err instanceof StopWaiting) throw err;
      lastError = err;
    } finally {
      if (timer) clearTimeout(timer);
    }
    if (Date.now() >= deadline) break;
    await pause(Math.min(intervalMs, Math.max(deadline - Date.now(), 0)));
  }

  const parts = [
    `Timed out after ${Date.now() - started} ms (limit ${timeoutMs} ms, ${polls} polls) waiting for ${description}`,
  ];
  if (lastValue) parts.push(`last value: ${show(lastValue.value)}`);
  if (lastError !== undefined) parts.push(`last error: ${show(lastError)}`);
  throw new WaitTimeoutError(parts.join('; '));
}

/**
 * Awaits `promise` but rejects if it has not settled within `timeoutMs`: for a single
 * event (a reply, an exit) rather than polling.
 */
export async function withDeadline<T>(
  promise: Promise<T>,
  timeoutMs: number,
  description: string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new WaitTimeoutError(`Timed out after ${timeoutMs} ms waiting for ${description}`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
