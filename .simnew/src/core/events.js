/**
 * The address text shown for an instance (Sentinel 7.0 `announceSentinelAddr`): the hostname as
 * given when announce-hostnames is on, else the resolved IP. An address whose hostname has not
 * been resolved yet (ip '') shows the hostname rather than an empty string.
 */
export function announceAddr(settings, addr) {
    if (settings.announceHostnames)
        return addr.host;
    return addr.ip !== '' ? addr.ip : addr.host;
}
/** The master an instance belongs to (itself for a master). */
export function masterOf(instance) {
    return instance.kind === 'master' ? instance : instance.master;
}
export function subjectOf(settings, instance) {
    const subject = {
        kind: instance.kind,
        name: instance.name,
        ip: announceAddr(settings, instance.addr),
        port: instance.addr.port,
    };
    if (instance.kind !== 'master') {
        const master = instance.master;
        subject.master = { name: master.name, ip: announceAddr(settings, master.addr), port: master.addr.port };
    }
    return subject;
}
/**
 * `%@`: `<type> <name> <ip> <port>`, plus ` @ <master> <mip> <mport>` for replicas and
 * sentinels (the owning master's configured address, not the promoted one).
 */
export function formatSubject(subject) {
    const head = `${subject.kind} ${subject.name} ${subject.ip} ${subject.port}`;
    if (subject.master === undefined)
        return head;
    return `${head} @ ${subject.master.name} ${subject.master.ip} ${subject.master.port}`;
}
/**
 * Sentinel 7.0: at warning level an event about an instance runs the notification script of
 * its master (for replicas and sentinels, the owning master's).
 */
function scriptFor(level, instance) {
    if (level !== 'warning' || instance === null)
        return null;
    return masterOf(instance).notificationScript;
}
/** An event whose payload is `%@` followed by ` <extra>` when given. */
export function instanceEvent(settings, level, name, instance, extra) {
    if (instance === null) {
        return { type: 'event', level, name, payload: extra ?? '', subject: null, notificationScript: null };
    }
    const subject = subjectOf(settings, instance);
    const head = formatSubject(subject);
    const payload = extra === undefined || extra === '' ? head : `${head} ${extra}`;
    return { type: 'event', level, name, payload, subject, notificationScript: scriptFor(level, instance) };
}
/**
 * An event about `instance` whose payload is given as is, without the `%@` prefix
 * (`+new-epoch <e>`, `+switch-master ...`): Sentinel 7.0 still passes the instance, so the
 * notification script runs for it at warning level.
 */
export function plainEvent(settings, level, name, instance, payload) {
    return {
        type: 'event',
        level,
        name,
        payload,
        subject: subjectOf(settings, instance),
        notificationScript: scriptFor(level, instance),
    };
}
