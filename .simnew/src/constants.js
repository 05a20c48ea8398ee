/** Sentinel 7.0.15 defaults, in milliseconds. */
export function defaultTimers() {
    return {
        'info-period': 10000,
        'ping-period': 1000,
        'ask-period': 1000,
        'publish-period': 2000,
        'default-down-after': 30000,
        'default-failover-timeout': 180000,
        'tilt-trigger': 2000,
        'tilt-period': 30000,
        'slave-reconf-timeout': 10000,
        'min-link-reconnect-period': 15000,
        'election-timeout': 10000,
        'script-max-runtime': 60000,
        'script-retry-delay': 30000,
    };
}
/** Order in which `SENTINEL DEBUG` (no arguments) lists the timers, upper-cased. */
export const TIMER_NAMES = [
    'info-period',
    'ping-period',
    'ask-period',
    'publish-period',
    'default-down-after',
    'default-failover-timeout',
    'tilt-trigger',
    'tilt-period',
    'slave-reconf-timeout',
    'min-link-reconnect-period',
    'election-timeout',
    'script-max-runtime',
    'script-retry-delay',
];
export const PROTOCOL = {
    /** Channel every sentinel publishes and subscribes its hello messages on. */
    helloChannel: '__sentinel__:hello',
    defaultPort: 26379,
    /** Random 0..999 ms added to failover_start_time so sentinels don't start in lockstep. */
    maxDesyncMs: 1000,
    /** Periodic INFO/PING/PUBLISH are skipped on a link with more pending commands than this × refcount. */
    maxPendingCommands: 100,
    scriptQueueMax: 256,
    scriptsRunningMax: 16,
    scriptMaxRetries: 10,
    defaultReplicaPriority: 100,
    defaultParallelSyncs: 1,
    defaultQuorumMin: 1,
    /** Version string Vigil reports where Redis reports its own (HELLO, INFO): clients key behaviour on it. */
    redisVersion: '7.0.15',
};
export const VIGIL_VERSION = '0.1.0';
/**
 * Write fencing (Vigil only, issue #10; see src/core/fencing.ts). A fence is a
 * `CLIENT PAUSE <pauseMs> WRITE` renewed every `renewMs` while it is wanted, so a fence whose
 * sentinel died lifts itself within `pauseMs`.
 */
export const FENCE = {
    pauseMs: 2000,
    renewMs: 500,
    /** INFO period of a fenced instance, so its conversion (or its recovery) is seen at once. */
    infoPeriodMs: 250,
};
