/**
 * A stand-in for the core's applyConfigDirective, enough to rebuild a SentinelState from the
 * `sentinel` lines (with Sentinel 7.0's error texts for the cases the round-trip tests meet),
 * so a save followed by a load can be compared with the state that was saved.
 */
import { maxEpoch } from '../../../src/core/epoch.js';
import type { SentinelState } from '../../../src/core/model.js';
import { addMaster, addReplica, addSentinel, addr, makeState } from './fixtures.js';

export function fakeCore(): { state: SentinelState; apply: (args: string[]) => string | null } {
  const state = makeState({ myid: '' });
  const s = state.settings;
  const yesNo = (v: string): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null);

  const apply = (args: string[]): string | null => {
    const sub = args[0].toLowerCase();
    const n = args.length;
    // Settings (pre-monitor bucket).
    if (sub === 'myid' && n === 2) {
      if (args[1].length !== 40) return 'Malformed Sentinel id in myid option.';
      state.myid = args[1];
      return null;
    }
    if (sub === 'current-epoch' && n === 2) {
      state.currentEpoch = maxEpoch(state.currentEpoch, BigInt(args[1] ?? '0'));
      return null;
    }
    const orNull = (v: string): string | null => (v === '' ? null : v);
    if (n === 2 && ['announce-ip', 'announce-port', 'sentinel-user', 'sentinel-pass'].includes(sub)) {
      if (sub === 'announce-ip') s.announceIp = orNull(args[1]);
      else if (sub === 'announce-port') s.announcePort = Number(args[1]);
      else if (sub === 'sentinel-user') s.sentinelUser = orNull(args[1]);
      else s.sentinelPass = orNull(args[1]);
      return null;
    }
    if (
      (sub === 'deny-scripts-reconfig' || sub === 'resolve-hostnames' || sub === 'announce-hostnames') &&
      n === 2
    ) {
      const v = yesNo(args[1].toLowerCase());
      if (v === null) return `Please specify yes or no for the ${sub} option.`;
      if (sub === 'deny-scripts-reconfig') s.denyScriptsReconfig = v;
      else if (sub === 'resolve-hostnames') s.resolveHostnames = v;
      else s.announceHostnames = v;
      return null;
    }
    if (sub === 'monitor' && n === 5) {
      if (state.masters.has(args[1])) return 'Duplicate master name.';
      const quorum = Number(args[4]);
      if (!(quorum > 0)) return 'Quorum must be 1 or greater.';
      addMaster(state, args[1], addr(args[2], Number(args[3])), quorum);
      return null;
    }
    const master = state.masters.get(args[1] ?? '');
    const known = ['down-after-milliseconds', 'failover-timeout', 'parallel-syncs', 'notification-script'];
    known.push('client-reconfig-script', 'auth-pass', 'auth-user', 'master-reboot-down-after-period');
    known.push(
      'config-epoch',
      'leader-epoch',
      'known-replica',
      'known-slave',
      'known-sentinel',
      'rename-command',
    );
    if (!known.includes(sub)) return 'Unrecognized sentinel configuration statement.';
    if (master === undefined) return 'No such master with specified name.';
    const v = args[2];
    switch (`${sub}/${n}`) {
      case 'down-after-milliseconds/3':
        master.downAfterMs = Number(v);
        return null;
      case 'failover-timeout/3':
        master.failoverTimeout = Number(v);
        return null;
      case 'parallel-syncs/3':
        master.parallelSyncs = Number(v);
        return null;
      case 'notification-script/3':
        master.notificationScript = v;
        return null;
      case 'client-reconfig-script/3':
        master.clientReconfigScript = v;
        return null;
      case 'auth-pass/3':
        master.authPass = v;
        return null;
      case 'auth-user/3':
        master.authUser = v;
        return null;
      case 'master-reboot-down-after-period/3':
        master.masterRebootDownAfterPeriod = Number(v);
        return null;
      case 'config-epoch/3':
        master.configEpoch = BigInt(v);
        state.currentEpoch = maxEpoch(state.currentEpoch, master.configEpoch);
        return null;
      case 'leader-epoch/3':
        master.leaderEpoch = BigInt(v);
        return null;
      case 'known-replica/4':
      case 'known-slave/4': {
        const a = addr(v, Number(args[3]));
        const name = a.ip.includes(':') ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`;
        if (master.replicas.has(name)) return 'Duplicate hostname and port for replica.';
        addReplica(master, a);
        return null;
      }
      case 'known-sentinel/4':
        return null; // the old form without runid is ignored
      case 'known-sentinel/5':
        if (master.sentinels.has(args[4])) return 'Duplicate runid for sentinel.';
        addSentinel(master, addr(v, Number(args[3])), args[4]);
        return null;
      case 'rename-command/4':
        if (master.renamedCommands.has(v.toLowerCase())) {
          return 'Same command renamed multiple times with rename-command.';
        }
        master.renamedCommands.set(v.toLowerCase(), args[3]);
        return null;
      default:
        return 'Unrecognized sentinel configuration statement.';
    }
  };
  return { state, apply };
}
