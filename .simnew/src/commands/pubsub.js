/**
 * Pub/sub commands. Clients follow Sentinel events with SUBSCRIBE / PSUBSCRIBE; PUBLISH only
 * takes hello messages from peer sentinels (Sentinel 7.0 processes them directly and does
 * not forward them to local subscribers).
 */
import { PROTOCOL } from '../constants.js';
import { bulk, error, int, NIL, push } from '../resp/reply.js';
import { NO_REPLY } from '../server/connection.js';
import { onConnection } from './helpers.js';
const count = (c) => c.channels.size + c.patterns.size;
const frame = (kind, name, c) => push([bulk(kind), name === null ? NIL : bulk(name), int(count(c))]);
const subscribe = onConnection((conn, _ctx, args) => {
    const out = [];
    for (const ch of args) {
        conn.hub.pubsub.subscribe(conn, ch);
        out.push(frame('subscribe', ch, conn));
    }
    conn.sendReplies(out);
    return NO_REPLY;
});
const psubscribe = onConnection((conn, _ctx, args) => {
    const out = [];
    for (const p of args) {
        conn.hub.pubsub.psubscribe(conn, p);
        out.push(frame('psubscribe', p, conn));
    }
    conn.sendReplies(out);
    return NO_REPLY;
});
/** UNSUBSCRIBE / PUNSUBSCRIBE: named ones, or all; with none at all Redis sends a null name. */
function unsubscriber(kind) {
    return onConnection((conn, _ctx, args) => {
        const ps = conn.hub.pubsub;
        const set = kind === 'unsubscribe' ? conn.channels : conn.patterns;
        const drop = (name) => kind === 'unsubscribe' ? ps.unsubscribe(conn, name) : ps.punsubscribe(conn, name);
        const names = args.length > 0 ? args : [...set];
        const out = [];
        if (names.length === 0)
            out.push(frame(kind, null, conn));
        for (const n of names) {
            drop(n);
            out.push(frame(kind, n, conn));
        }
        conn.sendReplies(out);
        return NO_REPLY;
    });
}
/** PUBLISH __sentinel__:hello <payload>: a peer announcing itself; anything else is refused. */
const publish = (ctx, args) => {
    if (args[0] !== PROTOCOL.helloChannel)
        return error('ERR Only HELLO messages are accepted by Sentinel instances.');
    ctx.core.handle({ type: 'hello', linkId: null, payload: args[1] }, ctx.now());
    ctx.commit();
    // Sentinel 7.0 answers 1 whether or not the hello was usable.
    return int(1);
};
const PUBSUB_FLAGS = ['pubsub', 'noscript', 'loading', 'stale'];
export const pubsubCommandSpecs = [
    {
        name: 'publish',
        arity: 3,
        flags: ['pubsub', 'loading', 'stale', 'fast'],
        summary: 'Delivers a hello message from a peer sentinel',
        handler: publish,
    },
    { name: 'subscribe', arity: -2, flags: PUBSUB_FLAGS, summary: 'Follows channels', handler: subscribe },
    {
        name: 'unsubscribe',
        arity: -1,
        flags: PUBSUB_FLAGS,
        summary: 'Stops following channels',
        handler: unsubscriber('unsubscribe'),
    },
    {
        name: 'psubscribe',
        arity: -2,
        flags: PUBSUB_FLAGS,
        summary: 'Follows channels matching patterns',
        handler: psubscribe,
    },
    {
        name: 'punsubscribe',
        arity: -1,
        flags: PUBSUB_FLAGS,
        summary: 'Stops following patterns',
        handler: unsubscriber('punsubscribe'),
    },
];
