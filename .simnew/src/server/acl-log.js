/**
 * ACL LOG: recent denials (failed AUTH, commands or channels a user may not use), newest
 * first, at most 128 entries (Redis `acllog-max-len`). Like Redis 7.0, a denial identical to
 * a recent one (same reason, context, object and user within 60 s) bumps its count instead
 * of adding an entry.
 */
import { array, bulk, double, int, map } from '../resp/reply.js';
const MAX_ENTRIES = 128;
const GROUP_WINDOW_MS = 60000;
export class AclLog {
    entries = [];
    add(reason, object, username, clientInfo, now) {
        const same = this.entries.find((e) => e.reason === reason &&
            e.object === object &&
            e.username === username &&
            now - e.time < GROUP_WINDOW_MS);
        if (same) {
            same.count++;
            same.time = now;
            same.clientInfo = clientInfo;
            this.entries = [same, ...this.entries.filter((e) => e !== same)];
            return;
        }
        this.entries.unshift({ count: 1, reason, context: 'toplevel', object, username, time: now, clientInfo });
        if (this.entries.length > MAX_ENTRIES)
            this.entries.length = MAX_ENTRIES;
    }
    reset() {
        this.entries = [];
    }
    reply(count, now) {
        return array(this.entries.slice(0, count).map((e) => map([
            ['count', int(e.count)],
            ['reason', bulk(e.reason)],
            ['context', bulk(e.context)],
            ['object', bulk(e.object)],
            ['username', bulk(e.username)],
            ['age-seconds', double((now - e.time) / 1000)],
            ['client-info', bulk(e.clientInfo)],
        ])));
    }
}
