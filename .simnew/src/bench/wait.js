/** Waiting helpers for the benchmark: deadlines on conditions, and plain pauses for measurement windows. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Poll `probe` every `intervalMs` until it returns a truthy value; throws after `timeoutMs`
 * naming what never happened (and the probe's last error, if any). An error `isFatal` accepts
 * ends the wait at once (a process that refused its config will not come up).
 */
export async function until(what, timeoutMs, probe, intervalMs = 100, isFatal = () => false) {
    const deadline = Date.now() + timeoutMs;
    let lastError = null;
    for (;;) {
        try {
            const value = await probe();
            if (value)
                return value;
        }
        catch (err) {
            if (isFatal(err))
                throw err;
            lastError = err;
        }
        if (Date.now() > deadline) {
            const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
            throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
        }
        await sleep(intervalMs);
    }
}
/** Flat [k, v, k, v] → object, the way clients read Sentinel maps in RESP2. */
export function pairs(flat) {
    const out = {};
    if (Array.isArray(flat))
        for (let i = 0; i + 1 < flat.length; i += 2)
            out[String(flat[i])] = String(flat[i + 1]);
    return out;
}
