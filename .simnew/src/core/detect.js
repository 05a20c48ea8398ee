/**
 * Close connections that look stuck: the command connection when it has been up longer than
 * min-link-reconnect-period and a PING has waited more than down-after/2 with no reply of any
 * kind; the pub/sub connection when it has been up that long with no message for
 * 3 × publish-period (our own hellos count as activity).
 */
function closeIdleConnections(ctx, instance, now) {
    const link = instance.link;
    const timers = ctx.state.timers;
    const half = Math.floor(instance.downAfterMs / 2);
    if (link.cmdConnected &&
        now - link.cmdConnTime > timers['min-link-reconnect-period'] &&
        link.actPingTime !== 0 &&
        now - link.actPingTime > half &&
        now - link.lastPongTime > half) {
        ctx.links.closeConnection(link, 'cmd');
    }
    if (link.pubsubConnected &&
        now - link.pubsubConnTime > timers['min-link-reconnect-period'] &&
        now - link.pubsubLastActivity > timers['publish-period'] * 3) {
        ctx.links.closeConnection(link, 'pubsub');
    }
}
/**
 * Sentinel 7.0 `sentinelCheckSubjectivelyDown`: down when the oldest unanswered PING (or, with
 * no PING pending on a disconnected link, the last good reply) is older than down-after; when a
 * master has reported the replica role for down-after + 2 × info-period; or when a rebooted
 * master stays in its reboot window longer than master-reboot-down-after-period.
 */
export function checkSubjectivelyDown(ctx, instance, now) {
    const link = instance.link;
    let elapsed = 0;
    if (link.actPingTime !== 0)
        elapsed = now - link.actPingTime;
    // Sentinel 7.0 measures from the last good reply whenever either connection is down. Vigil
    // does so only when the command connection is down: a lost pub/sub connection alone (our
    // own `CLIENT KILL TYPE pubsub` in every role-change transaction drops it) says nothing about
    // reachability while PINGs are answered, and counting it flagged freshly promoted or
    // repointed replicas +sdown for a moment after every failover.
    else if (!link.cmdConnected)
        elapsed = now - link.lastAvailTime;
    closeIdleConnections(ctx, instance, now);
    const infoPeriod = ctx.state.timers['info-period'];
    const down = elapsed > instance.downAfterMs ||
        (instance.kind === 'master' &&
            instance.roleReported === 'slave' &&
            now - instance.roleReportedTime > instance.downAfterMs + infoPeriod * 2) ||
        (instance.kind === 'master' &&
            instance.flags.masterReboot &&
            now - instance.rebootSince > instance.masterRebootDownAfterPeriod);
    if (down) {
        if (!instance.flags.sDown) {
            ctx.event('warning', '+sdown', instance);
            instance.sDownSince = now;
            instance.flags.sDown = true;
        }
    }
    else if (instance.flags.sDown) {
        ctx.event('warning', '-sdown', instance);
        instance.flags.sDown = false;
        instance.flags.scriptKillSent = false;
    }
}
