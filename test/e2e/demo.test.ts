/**
 * `vigil demo`, the README's first command: the whole story (discovery, failover, the old
 * primary rejoining) in-process, and the clean-up when it is interrupted with Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { runDemo } from '../../src/cli/demo.js';

const VIGIL_BIN = resolve(process.cwd(), 'bin', 'vigil');

function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

describe('vigil demo', () => {
  it('says how to install redis-server when it is not on PATH', async () => {
    const savedPath = process.env.PATH;
    process.env.PATH = '/nonexistent-vigil-test-dir';
    const lines: string[] = [];
    try {
      expect(await runDemo({ write: (line) => lines.push(line) })).toBe(1);
    } finally {
      process.env.PATH = savedPath;
    }
    expect(lines.join('\n')).toContain('redis-server was not found on PATH');
    expect(lines.join('\n')).toContain('apt-get install -y redis-server');
  });

  it('shows discovery, one failover agreed by all three Vigils, and the old primary rejoining', async () => {
    const lines: string[] = [];
    const code = await runDemo({ write: (line) => lines.push(line), stepTimeoutMs: 30000 });
    const text = lines.join('\n');
    expect(code).toBe(0);
    expect(text).toMatch(/topology: primary 127\.0\.0\.1:\d+, 2 replicas, 3 Vigils, config epoch 0/);
    // Each Vigil announces the new primary exactly once.
    for (const vigil of ['vigil-1', 'vigil-2', 'vigil-3']) {
      const switches = lines.filter((l) => l.includes(`${vigil}  +switch-master mymaster`));
      expect(switches).toHaveLength(1);
    }
    expect(lines.filter((l) => l.includes('+elected-leader'))).toHaveLength(1);
    expect(text).toMatch(/all three Vigils agree: the new primary is 127\.0\.0\.1:\d+ \(redis-[bc]\)/);
    expect(text).toMatch(/\+convert-to-slave slave 127\.0\.0\.1:\d+/);
    expect(text).toMatch(/redis-a \(127\.0\.0\.1:\d+\) is now a replica of 127\.0\.0\.1:\d+/);
    // Everything it started is gone.
    const ports = [...text.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
    for (const port of new Set(ports)) expect(await portAnswers(port)).toBe(false);
  }, 90000);

  it('stops every process it started when interrupted with Ctrl-C', async () => {
    const child = spawn(process.execPath, [VIGIL_BIN, 'demo'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`demo never reached the topology line:\n${output}`)),
        30000,
      );
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('topology:')) {
          clearTimeout(timer);
          done();
        }
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(output).toContain('interrupted: stopping every process the demo started');
    const ports = [...output.matchAll(/(?:127\.0\.0\.1:|ports? )(\d+)/g)].map((m) => Number(m[1]));
    const vigilPorts = /Vigils on ports (\d+), (\d+), (\d+)/.exec(output);
    expect(vigilPorts).not.toBeNull();
    for (const port of new Set([...ports, ...vigilPorts!.slice(1).map(Number)])) {
      expect(await portAnswers(port)).toBe(false);
    }
  }, 60000);
});
