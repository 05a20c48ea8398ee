/**
 * State-changing SENTINEL subcommands without options tables: RESET, FAILOVER, FLUSHCONFIG,
 * IS-MASTER-DOWN-BY-ADDR, SIMULATE-FAILURE.
 */
import { OK, array, bulk, bulkArray, error, int } from '../../resp/reply.js';
import { SIMULATE_CRASH_AFTER_ELECTION, SIMULATE_CRASH_AFTER_PROMOTION } from '../../core/model.js';
import { NOT_AN_INTEGER } from '../helpers.js';
import { NO_SUCH_MASTER, SAVE_FAILED } from './parse.js';
import { parseLongLong } from '../../lib/integer.js';
const NEGATIVE_EPOCH = 'ERR epoch must not be negative';
/** RESET <pattern>: the core matches names (glob, case-sensitive) and resets them. */
export function resetCommand(ctx, args) {
    const n = ctx.core.reset(args[0], ctx.now());
    ctx.commit();
    return int(n);
}
export function failoverCommand(ctx, args) {
    const result = ctx.core.requestFailover(args[0], ctx.now());
    ctx.commit();
    switch (result) {
        case 'OK':
            return OK;
        case 'NOMASTER':
            return error(NO_SUCH_MASTER);
        case 'INPROG':
            return error('INPROG Failover already in progress');
        case 'NOGOODSLAVE':
            return error('NOGOODSLAVE No suitable replica to promote');
    }
}
export function flushconfigCommand(ctx) {
    ctx.core.flushConfig();
    return ctx.commit() ? OK : error(SAVE_FAILED);
}
/**
 * IS-MASTER-DOWN-BY-ADDR <ip> <port> <current-epoch> <runid|*>: port then epoch must be
 * integers (Redis string2ll). The vote is persisted (commit) before the reply leaves, as
 * Sentinel 7.0 flushes the config inside the vote.
 */
export function isMasterDownByAddrCommand(ctx, args) {
    const [ip, portText, epochText, runId] = args;
    const port = parseLongLong(portText);
    if (port === null)
        return error(NOT_AN_INTEGER);
    const epoch = parseLongLong(epochText);
    if (epoch === null)
        return error(NOT_AN_INTEGER);
    // Departure: Sentinel 7.0 casts a negative epoch to 64-bit unsigned (-1 becomes 2^64-1) and
    // adopts it as its current epoch, after which it can never start a failover again.
    if (epoch < 0n)
        return error(NEGATIVE_EPOCH);
    const vote = ctx.core.isMasterDownByAddr(ip, Number(port), epoch, runId, ctx.now());
    ctx.commit();
    return array([int(vote.down), bulk(vote.leader), int(vote.leaderEpoch)]);
}
/**
 * SIMULATE-FAILURE: flags are cleared first, then each argument applied in turn; HELP answers
 * the list at once and an unknown word is an error, both keeping what was set before them
 * (7.0.15: `crash-after-election foo` errors yet leaves crash-after-election set).
 */
export function simulateFailureCommand(ctx, args) {
    let flags = 0;
    let reply = OK;
    for (const arg of args) {
        const word = arg.toLowerCase();
        if (word === 'crash-after-election') {
            flags |= SIMULATE_CRASH_AFTER_ELECTION;
            ctx.log.warn('Failure simulation: this Sentinel will crash after being successfully elected as failover leader');
        }
        else if (word === 'crash-after-promotion') {
            flags |= SIMULATE_CRASH_AFTER_PROMOTION;
            ctx.log.warn('Failure simulation: this Sentinel will crash after promoting the selected replica to master');
        }
        else if (word === 'help') {
            reply = bulkArray(['crash-after-election', 'crash-after-promotion']);
            break;
        }
        else {
            reply = error('ERR Unknown failure simulation specified');
            break;
        }
    }
    ctx.core.setSimulateFailure(flags);
    return reply;
}
