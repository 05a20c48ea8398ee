/**
 * Channel and pattern subscriptions of the sentinel's own clients. Sentinel publishes every
 * event (`+sdown`, `+switch-master`, ...) on a channel named after it; clients follow them
 * with SUBSCRIBE or PSUBSCRIBE (Lettuce uses `PSUBSCRIBE *`, node-redis `[-+]sdown`).
 */
import { globMatch } from '../lib/glob.js';

/** What the registry needs from a subscriber: a way to deliver one message. */
export interface Subscriber {
  /** Channels this subscriber follows, in subscription order. */
  readonly channels: Set<string>;
  readonly patterns: Set<string>;
  deliverMessage(channel: string, message: string): void;
  deliverPatternMessage(pattern: string, channel: string, message: string): void;
}

export class PubSub {
  private readonly channels = new Map<string, Set<Subscriber>>();
  private readonly patterns = new Map<string, Set<Subscriber>>();

  /** Returns true if newly subscribed. */
  subscribe(s: Subscriber, channel: string): boolean {
    if (s.channels.has(channel)) return false;
    s.channels.add(channel);
    let set = this.channels.get(channel);
    if (!set) this.channels.set(channel, (set = new Set()));
    set.add(s);
    return true;
  }

  unsubscribe(s: Subscriber, channel: string): boolean {
    if (!s.channels.delete(channel)) return false;
    const set = this.channels.get(channel);
    if (set) {
      set.delete(s);
      if (set.size === 0) this.channels.delete(channel);
    }
    return true;
  }

  psubscribe(s: Subscriber, pattern: string): boolean {
    if (s.patterns.has(pattern)) return false;
    s.patterns.add(pattern);
    let set = this.patterns.get(pattern);
    if (!set) this.patterns.set(pattern, (set = new Set()));
    set.add(s);
    return true;
  }

  punsubscribe(s: Subscriber, pattern: string): boolean {
    if (!s.patterns.delete(pattern)) return false;
    const set = this.patterns.get(pattern);
    if (set) {
      set.delete(s);
      if (set.size === 0) this.patterns.delete(pattern);
    }
    return true;
  }

  /** Drop every subscription of a subscriber (connection closed). */
  removeAll(s: Subscriber): void {
    for (const c of [...s.channels]) this.unsubscribe(s, c);
    for (const p of [...s.patterns]) this.punsubscribe(s, p);
  }

  /**
   * Deliver to channel subscribers, then to pattern subscribers, as Redis does; returns the
   * number of deliveries (a client matching twice counts twice, like PUBLISH's reply).
   */
  publish(channel: string, message: string): number {
    let n = 0;
    const direct = this.channels.get(channel);
    if (direct) {
      for (const s of [...direct]) {
        s.deliverMessage(channel, message);
        n++;
      }
    }
    for (const [pattern, subs] of [...this.patterns]) {
      if (!globMatch(pattern, channel)) continue;
      for (const s of [...subs]) {
        s.deliverPatternMessage(pattern, channel, message);
        n++;
      }
    }
    return n;
  }

  channelCount(): number {
    return this.channels.size;
  }

  patternCount(): number {
    return this.patterns.size;
  }
}
