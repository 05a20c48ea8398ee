/** The daemon's real command table: 15 commands, 72 names, and the hidden Valkey aliases. */
import { commandTable, hiddenSubcommands } from '../../../src/commands/table.js';
import { CommandRegistry } from '../../../src/server/registry.js';
import { PlainError } from '../../../src/resp/reply-parser.js';
import { startServer, TestClient, type Harness } from './harness.js';

let h: Harness | null = null;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await h?.server.close();
  h = null;
});

describe('commandTable()', () => {
  it('has the 15 commands and 72 names of redis-sentinel 7.0.15', () => {
    const reg = new CommandRegistry(commandTable(), hiddenSubcommands());
    expect(reg.size).toBe(15);
    expect(reg.all()).toHaveLength(72);
    expect(
      reg
        .commands()
        .map((c) => c.fullName)
        .sort(),
    ).toEqual(
      [
        'acl',
        'auth',
        'client',
        'command',
        'hello',
        'info',
        'ping',
        'psubscribe',
        'publish',
        'punsubscribe',
        'role',
        'sentinel',
        'shutdown',
        'subscribe',
        'unsubscribe',
      ].sort(),
    );
    expect(reg.all().filter((c) => c.fullName.startsWith('sentinel|'))).toHaveLength(21);
  });

  it('routes SENTINEL subcommands with the arguments after the subcommand, aliases included', async () => {
    h = await startServer({
      sentinel: commandTable().find((c) => c.name === 'sentinel'),
      hidden: hiddenSubcommands(),
    });
    const c = await TestClient.connect(h.port);
    clients.push(c);
    expect(await c.call('SENTINEL', 'MYID')).toBe('a'.repeat(40));
    expect(await c.call('SENTINEL', 'get-master-addr-by-name', 'nope')).toBeNull();
    expect(await c.call('SENTINEL', 'GET-PRIMARY-ADDR-BY-NAME', 'nope')).toBeNull();
    expect(await c.call('SENTINEL', 'PRIMARY')).toEqual(
      new PlainError("ERR wrong number of arguments for 'sentinel|primary' command"),
    );
    expect(await c.call('COMMAND', 'COUNT')).toBe(15);
  });
});
