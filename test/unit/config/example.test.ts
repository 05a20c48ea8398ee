import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../src/config/load.js';
import { fakeCore } from './fake-core.js';

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../sentinel.conf');

const DIRECTIVES = [
  'port',
  'bind',
  'bind-source-addr',
  'protected-mode',
  'daemonize',
  'pidfile',
  'dir',
  'loglevel',
  'logfile',
  'requirepass',
  'user',
  'aclfile',
  'enable-debug-command',
  'tls-port',
  'tls-replication',
  'sentinel',
];

describe('the annotated example sentinel.conf', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-example-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('loads cleanly: port 26379, bind 127.0.0.1, mymaster 127.0.0.1:6379 quorum 2', () => {
    const file = path.join(dir, 'sentinel.conf');
    fs.copyFileSync(EXAMPLE, file);
    const core = fakeCore();
    const r = loadConfig(file, [], core.apply);
    if (!r.ok) throw new Error(r.message);
    expect(r.notices).toEqual([]);
    expect(r.config.server).toMatchObject({
      port: 26379,
      bind: ['127.0.0.1'],
      loglevel: 'notice',
      logfile: '',
    });
    const m = core.state.masters.get('mymaster');
    expect(m?.addr).toEqual({ host: '127.0.0.1', ip: '127.0.0.1', port: 6379 });
    expect(m?.quorum).toBe(2);
  });

  test('every commented-out directive is valid once uncommented', () => {
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    const directives = text
      .split('\n')
      .filter((l) => l.startsWith('# ') && !l.includes('<'))
      .map((l) => l.slice(2))
      .filter((l) => DIRECTIVES.includes(l.split(' ')[0]) && l.split(' ').length > 1)
      .filter((l) => !l.startsWith('daemonize') || l === 'daemonize no');
    expect(directives.length).toBeGreaterThan(25);
    fs.mkdirSync(path.join(dir, 'd'));
    const file = path.join(dir, 'all.conf');
    const script = path.join(dir, 'run.sh');
    fs.writeFileSync(script, '#!/bin/sh\n', { mode: 0o755 });
    const body = directives
      .filter((l) => !l.startsWith('aclfile') && !l.startsWith('dir '))
      .map((l) => l.replace(/\/var\/lib\/vigil\/\S+\.sh/, script))
      .join('\n');
    fs.writeFileSync(file, `sentinel monitor mymaster 127.0.0.1 6379 2\n${body}\n`);
    const r = loadConfig(file, [], fakeCore().apply);
    if (!r.ok) throw new Error(r.message);
  });
});
