/**
 * Channel and pattern subscriptions of the sentinel's own clients. Sentinel publishes every
 * event (`+sdown`, `+switch-master`, ...) on a channel named after it; clients follow them
 * with SUBSCRIBE or PSUBSCRIBE (Lettuce uses `PSUBSCRIBE *`, node-redis `[-+]sdown`).
 */
import { globMatch } from '../lib/glob.js';
export class PubSub {
    channels = new Map();
    patterns = new Map();
    /** Returns true if newly subscribed. */
    subscribe(s, channel) {
        if (s.channels.has(channel))
            return false;
        s.channels.add(channel);
        let set = this.channels.get(channel);
        if (!set)
            this.channels.set(channel, (set = new Set()));
        set.add(s);
        return true;
    }
    unsubscribe(s, channel) {
        if (!s.channels.delete(channel))
            return false;
        const set = this.channels.get(channel);
        if (set) {
            set.delete(s);
            if (set.size === 0)
                this.channels.delete(channel);
        }
        return true;
    }
    psubscribe(s, pattern) {
        if (s.patterns.has(pattern))
            return false;
        s.patterns.add(pattern);
        let set = this.patterns.get(pattern);
        if (!set)
            this.patterns.set(pattern, (set = new Set()));
        set.add(s);
        return true;
    }
    punsubscribe(s, pattern) {
        if (!s.patterns.delete(pattern))
            return false;
        const set = this.patterns.get(pattern);
        if (set) {
            set.delete(s);
            if (set.size === 0)
                this.patterns.delete(pattern);
        }
        return true;
    }
    /** Drop every subscription of a subscriber (connection closed). */
    removeAll(s) {
        for (const c of [...s.channels])
            this.unsubscribe(s, c);
        for (const p of [...s.patterns])
            this.punsubscribe(s, p);
    }
    /**
     * Deliver to channel subscribers, then to pattern subscribers, as Redis does; returns the
     * number of deliveries (a client matching twice counts twice, like PUBLISH's reply).
     */
    publish(channel, message) {
        let n = 0;
        const direct = this.channels.get(channel);
        if (direct) {
            for (const s of [...direct]) {
                s.deliverMessage(channel, message);
                n++;
            }
        }
        for (const [pattern, subs] of [...this.patterns]) {
            if (!globMatch(pattern, channel))
                continue;
            for (const s of [...subs]) {
                s.deliverPatternMessage(pattern, channel, message);
                n++;
            }
        }
        return n;
    }
    channelCount() {
        return this.channels.size;
    }
    patternCount() {
        return this.patterns.size;
    }
}
