/**
 * The generic (non-`sentinel`) directives a Redis 7.0.15 config file may contain that Vigil
 * accepts but does not use, with how many values each takes. A line naming one of these is
 * kept, logged once and otherwise ignored; any other unknown directive is fatal, as in Redis
 * (`Bad directive or wrong number of arguments`).
 */
const ONE = { min: 1, max: 1 };
const ANY = { min: 0, max: Infinity };
/**
 * Single-value settings of the Redis 7.0 config table (names and aliases as `CONFIG GET *`
 * lists them on 7.0.15), plus the hidden and deprecated ones it still accepts.
 */
const SINGLE_VALUE = `
  acl-pubsub-default acllog-max-len active-defrag-cycle-max active-defrag-cycle-min
  active-defrag-ignore-bytes active-defrag-max-scan-fields active-defrag-threshold-lower
  active-defrag-threshold-upper active-expire-effort activedefrag activerehashing
  always-show-logo aof-disable-auto-gc aof-load-truncated aof-rewrite-incremental-fsync
  aof-timestamp-enabled aof-use-rdb-preamble aof_rewrite_cpulist appenddirname appendfilename
  appendfsync appendonly auto-aof-rewrite-min-size auto-aof-rewrite-percentage bgsave_cpulist
  bio_cpulist busy-reply-threshold client-query-buffer-limit cluster-allow-pubsubshard-when-down
  cluster-allow-reads-when-down cluster-allow-replica-migration cluster-announce-bus-port
  cluster-announce-hostname cluster-announce-ip cluster-announce-port cluster-announce-tls-port
  cluster-config-file cluster-enabled cluster-link-sendbuf-limit cluster-migration-barrier
  cluster-node-timeout cluster-port cluster-preferred-endpoint-type cluster-replica-no-failover
  cluster-replica-validity-factor cluster-require-full-coverage cluster-slave-no-failover
  cluster-slave-validity-factor crash-log-enabled crash-memcheck-enabled databases dbfilename
  disable-thp dynamic-hz enable-module-command hash-max-listpack-entries hash-max-listpack-value
  hash-max-ziplist-entries hash-max-ziplist-value hll-sparse-max-bytes hz ignore-warnings
  io-threads io-threads-do-reads jemalloc-bg-thread latency-monitor-threshold latency-tracking
  lazyfree-lazy-eviction lazyfree-lazy-expire lazyfree-lazy-server-del lazyfree-lazy-user-del
  lazyfree-lazy-user-flush lfu-decay-time lfu-log-factor list-compress-depth
  list-max-listpack-size list-max-ziplist-size lua-time-limit masterauth masteruser maxclients
  maxmemory maxmemory-clients maxmemory-eviction-tenacity maxmemory-policy maxmemory-samples
  min-replicas-max-lag min-replicas-to-write min-slaves-max-lag min-slaves-to-write
  no-appendfsync-on-rewrite notify-keyspace-events oom-score-adj proc-title-template
  propagation-error-behavior proto-max-bulk-len rdb-del-sync-files rdb-save-incremental-fsync
  rdbchecksum rdbcompression repl-backlog-size repl-backlog-ttl repl-disable-tcp-nodelay
  repl-diskless-load repl-diskless-sync repl-diskless-sync-delay repl-diskless-sync-max-replicas
  repl-ping-replica-period repl-ping-slave-period repl-timeout replica-announce-ip
  replica-announce-port replica-announced replica-ignore-disk-write-errors
  replica-ignore-maxmemory replica-lazy-flush replica-priority replica-read-only
  replica-serve-stale-data sanitize-dump-payload server_cpulist set-max-intset-entries
  set-proc-title shutdown-timeout slave-announce-ip slave-announce-port slave-ignore-maxmemory
  slave-lazy-flush slave-priority slave-read-only slave-serve-stale-data slowlog-log-slower-than
  slowlog-max-len socket-mark-id stop-writes-on-bgsave-error stream-node-max-bytes
  stream-node-max-entries supervised syslog-enabled syslog-facility syslog-ident tcp-backlog
  tcp-keepalive timeout tls-cluster tls-session-cache-size tls-session-cache-timeout
  tls-session-caching
  tracking-table-max-keys unixsocket unixsocketperm zset-max-listpack-entries
  zset-max-listpack-value zset-max-ziplist-entries zset-max-ziplist-value
  key-load-delay rdb-key-save-delay loading-process-events-interval-bytes
  list-max-ziplist-entries list-max-ziplist-value lua-replicate-commands
`;
const IGNORED = new Map();
for (const name of SINGLE_VALUE.split(/\s+/))
    if (name !== '')
        IGNORED.set(name, ONE);
// Redis 7.0 multi-value settings: their values may also be given as one quoted string.
IGNORED.set('save', ANY);
IGNORED.set('client-output-buffer-limit', ANY);
IGNORED.set('latency-tracking-info-percentiles', ANY);
IGNORED.set('oom-score-adj-values', { min: 1, max: 3 });
IGNORED.set('shutdown-on-sigint', { min: 1, max: Infinity });
IGNORED.set('shutdown-on-sigterm', { min: 1, max: Infinity });
IGNORED.set('replicaof', { min: 2, max: 2 });
IGNORED.set('slaveof', { min: 2, max: 2 });
// Special directives of Redis's loader that have no meaning for Vigil: `rename-command`
// renames the server's own commands (Vigil keeps its command names), modules can't be loaded.
IGNORED.set('rename-command', { min: 2, max: 2 });
IGNORED.set('loadmodule', { min: 1, max: Infinity });
/** Directive names whose wrong value count Redis reports as `Bad directive or ...`. */
const SPECIAL = new Set([
    'rename-command',
    'loadmodule',
    'list-max-ziplist-entries',
    'list-max-ziplist-value',
    'lua-replicate-commands',
]);
/** The arity of an ignored directive (lower-case name), or undefined if Redis doesn't know it. */
export function ignoredDirectiveArity(name) {
    const arity = IGNORED.get(name);
    if (arity !== undefined)
        return arity;
    // Redis 7.0 queues `<module>.<name> <value>` lines as module settings and accepts them.
    if (name.includes('.'))
        return { min: 1, max: Infinity };
    return undefined;
}
/**
 * Redis's error text for a known directive given the wrong number of values: settings of the
 * config table say `wrong number of arguments`, the loader's special cases the generic text.
 */
export function wrongArityText(name) {
    return SPECIAL.has(name) || name.includes('.')
        ? 'Bad directive or wrong number of arguments'
        : 'wrong number of arguments';
}
/**
 * Redis 7.0 multi-value settings: when given a single non-empty value, it is split like a
 * config line (`bind "127.0.0.1 ::1"`, `--save "900 1"` from the command line).
 */
export const MULTI_VALUE = new Set([
    'save',
    'client-output-buffer-limit',
    'latency-tracking-info-percentiles',
    'oom-score-adj-values',
    'shutdown-on-sigint',
    'shutdown-on-sigterm',
    'bind',
]);
