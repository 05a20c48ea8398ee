import { commandName, connectionErrorText, normalizeIp } from '../../../src/runtime/linkUtil.js';
import { isLinkAction } from '../../../src/runtime/links.js';

describe('link helpers', () => {
  test('rename lookup is case-insensitive and falls back to the command itself', () => {
    const table = { ping: 'MYPING', client: 'c2' };
    expect(commandName(table, 'PING')).toBe('MYPING');
    expect(commandName(table, 'ping')).toBe('MYPING');
    expect(commandName(table, 'client')).toBe('c2');
    expect(commandName(table, 'info')).toBe('INFO');
    // Inherited object keys are not renames.
    expect(commandName(table, 'constructor')).toBe('CONSTRUCTOR');
  });

  test('IPv4-mapped IPv6 addresses are shown as IPv4', () => {
    expect(normalizeIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normalizeIp('::FFFF:10.1.2.3')).toBe('10.1.2.3');
    expect(normalizeIp('::1')).toBe('::1');
    expect(normalizeIp('fe80::1')).toBe('fe80::1');
  });

  test('socket errors read like hiredis strerror texts', () => {
    expect(
      connectionErrorText(
        Object.assign(new Error('connect ECONNREFUSED 1.2.3.4:5'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe('Connection refused');
    expect(connectionErrorText(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }))).toBe(
      'Connection timed out',
    );
    expect(connectionErrorText(new Error('something else'))).toBe('something else');
    expect(connectionErrorText('plain')).toBe('plain');
  });

  test('link actions are told apart from the rest', () => {
    expect(isLinkAction({ type: 'ping', linkId: 'x', command: 'PING' })).toBe(true);
    expect(isLinkAction({ type: 'closeLink', linkId: 'x', which: 'both' })).toBe(true);
    expect(isLinkAction({ type: 'flushConfig' })).toBe(false);
    expect(isLinkAction({ type: 'runScript', argv: [] })).toBe(false);
  });
});
