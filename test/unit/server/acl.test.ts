import { buildCommandTable } from '../../../src/commands/generic.js';
import { Acl, sha256hex } from '../../../src/server/acl.js';
import { CommandRegistry } from '../../../src/server/registry.js';
import { loadAclUsers } from '../../../src/server/users.js';
import { fakeSentinelSpec, makeConfig } from './harness.js';

const registry = new CommandRegistry(buildCommandTable(fakeSentinelSpec()));
const cmd = (full: string) => {
  const c = registry.byFullName(full);
  if (!c) throw new Error(full);
  return c;
};

describe('Acl', () => {
  it('starts with the default user on, nopass, all commands and channels', () => {
    const acl = new Acl(registry);
    expect(acl.authRequired()).toBe(false);
    expect(acl.describe(acl.defaultUser())).toBe('user default on nopass ~* &* +@all');
  });

  it('applies requirepass as the default password', () => {
    const acl = new Acl(registry);
    loadAclUsers(acl, makeConfig({ requirepass: 'secret' }));
    expect(acl.authRequired()).toBe(true);
    expect(acl.authenticate('default', 'secret')).toBe(true);
    expect(acl.authenticate('default', 'nope')).toBe(false);
    expect(acl.describe(acl.defaultUser())).toBe(`user default on #${sha256hex('secret')} ~* &* +@all`);
  });

  it('lets a user default line override requirepass and reports bad lines', () => {
    const acl = new Acl(registry);
    const problems = loadAclUsers(
      acl,
      makeConfig({
        requirepass: 'secret',
        users: [
          ['default', 'on', 'nopass', '+@all'],
          ['x', 'bogus'],
        ],
      }),
    );
    expect(problems).toEqual(["Error in user declaration 'x': Syntax error"]);
    expect(acl.authRequired()).toBe(false);
    expect(acl.get('x')).toBeUndefined();
  });

  it('evaluates command rules in order, per subcommand', () => {
    const acl = new Acl(registry);
    expect(
      acl.setUser('carol', ['on', 'nopass', '+ping', '+client|id', '+sentinel|myid', '-@dangerous']),
    ).toBeNull();
    const u = acl.get('carol')!;
    expect(acl.canRun(u, cmd('ping'))).toBe(true);
    expect(acl.canRun(u, cmd('client|id'))).toBe(true);
    expect(acl.canRun(u, cmd('client|getname'))).toBe(false);
    expect(acl.canRun(u, cmd('sentinel|myid'))).toBe(false);
    expect(acl.canRun(u, cmd('auth'))).toBe(true); // no_auth commands are always allowed
    expect(acl.describe(u)).toBe('user carol on nopass resetchannels -@all +ping +client|id');
  });

  it('describes rules compactly like Redis 7.0', () => {
    const acl = new Acl(registry);
    acl.setUser('u1', ['+@all', '-@dangerous', '+info']);
    acl.setUser('u2', ['-@all', '+@pubsub', '-publish']);
    acl.setUser('u4', ['+@admin', '+ping', '-@admin']);
    acl.setUser('u8', ['+client|id', '+client|id', '+@fast']);
    acl.setUser('u11', ['~k*', '&ch*', 'resetkeys', '%R~x']);
    expect(acl.describe(acl.get('u1')!)).toBe('user u1 off resetchannels +@all -@admin');
    expect(acl.describe(acl.get('u2')!)).toBe('user u2 off resetchannels -@all +@pubsub -publish');
    expect(acl.describe(acl.get('u4')!)).toBe('user u4 off resetchannels -@all +ping');
    expect(acl.describe(acl.get('u8')!)).toBe('user u8 off resetchannels -@all +@fast +client|id');
    expect(acl.describe(acl.get('u11')!)).toBe('user u11 off %R~x resetchannels &ch* -@all');
  });

  it('handles passwords and their errors', () => {
    const acl = new Acl(registry);
    expect(acl.setUser('p', ['on', '>a', '>b'])).toBeNull();
    expect(acl.authenticate('p', 'a')).toBe(true);
    expect(acl.setUser('p', ['<c'])).toBe(
      "Error in ACL SETUSER modifier '<c': The password you are trying to remove from the user does not exist",
    );
    expect(acl.setUser('p', ['<a'])).toBeNull();
    expect(acl.authenticate('p', 'a')).toBe(false);
    expect(acl.authenticate('p', 'b')).toBe(true);
    expect(acl.setUser('p', ['#abc'])).toMatch(/password hash must be exactly 64 characters/);
    expect(acl.setUser('p', ['off'])).toBeNull();
    expect(acl.authenticate('p', 'b')).toBe(false);
    expect(acl.setUser('p', ['on', 'allchannels', '&x'])).toMatch(/Adding a pattern after the \* pattern/);
  });

  it('checks channels by glob, and PSUBSCRIBE patterns literally', () => {
    const acl = new Acl(registry);
    acl.setUser('cu', ['on', 'nopass', '+@all', '&news*']);
    const u = acl.get('cu')!;
    expect(acl.canUseChannel(u, 'news1', false)).toBe(true);
    expect(acl.canUseChannel(u, 'other', false)).toBe(false);
    expect(acl.canUseChannel(u, 'news*', true)).toBe(true);
    expect(acl.canUseChannel(u, 'news1*', true)).toBe(false);
  });

  it('replaces all users atomically on ACL LOAD', () => {
    const acl = new Acl(registry);
    acl.setUser('keep', ['on']);
    expect(
      acl.replaceUsers([
        ['a', ['on']],
        ['b', ['junk']],
      ]),
    ).toMatch(/Syntax error/);
    expect(acl.names()).toEqual(['default', 'keep']);
    expect(acl.replaceUsers([['a', ['on']]])).toBeNull();
    expect(acl.names()).toEqual(['a', 'default']);
  });
});
