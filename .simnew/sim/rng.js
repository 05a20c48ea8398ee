/**
 * A small seeded PRNG (mulberry32). Every random choice of the simulator goes through one of
 * these, each stream seeded from the run's seed, so `--seed S` replays a run exactly.
 */
export class Rng {
    s;
    constructor(seed) {
        this.s = seed >>> 0;
    }
    /** Uniform in [0, 1). */
    next() {
        this.s = (this.s + 0x6d2b79f5) >>> 0;
        let t = this.s;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    }
    /** Integer in [0, n). */
    int(n) {
        return Math.floor(this.next() * n);
    }
    /** Integer in [lo, hi]. */
    range(lo, hi) {
        return lo + this.int(hi - lo + 1);
    }
    chance(p) {
        return this.next() < p;
    }
    pick(items) {
        return items[this.int(items.length)];
    }
    hex(len) {
        let out = '';
        for (let i = 0; i < len; i++)
            out += '0123456789abcdef'[this.int(16)];
        return out;
    }
}
/** Derive an independent stream seed from a run seed and a stream number. */
export function subSeed(seed, stream) {
    let h = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    return (h ^ (h >>> 16)) >>> 0;
}
