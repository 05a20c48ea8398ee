/**
 * A Vigil started on an existing config file (what a redis-sentinel left behind, for the
 * rolling replacement), managed like the harness processes and killed if the worker exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, type ExitInfo, type ManagedProcess } from '../../helpers/processes.js';
import { realProcess, workerShared } from '../../helpers/realProcess.js';
import { sendOnce } from '../../helpers/resp.js';
import { StopWaiting, waitFor, withDeadline } from '../../helpers/waitFor.js';

const livePids = workerShared('mixed.livePids', () => {
  const pids = new Set<number>();
  realProcess().on('exit', () => {
    for (const pid of pids) {
      try {
        realProcess().kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  });
  return pids;
});
export const ownVigils = new Set<VigilOnConfig>();

class VigilOnConfig implements ManagedProcess {
  readonly kind = 'vigil' as const;
  readonly name: string;
  readonly dir: string;
  private child: ChildProcess | undefined;
  private exited: Promise<ExitInfo> = Promise.resolve({ code: null, signal: null });
  private exitInfo: ExitInfo | undefined;

  constructor(
    readonly configPath: string,
    readonly port: number,
  ) {
    this.name = `vigil:${port}`;
    this.dir = path.dirname(configPath);
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }
  get running(): boolean {
    return this.child !== undefined && this.exitInfo === undefined;
  }

  async start(): Promise<void> {
    const out = fs.openSync(path.join(this.dir, 'vigil-stdout.log'), 'a');
    const err = fs.openSync(path.join(this.dir, 'vigil-stderr.log'), 'a');
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'vigil'), this.configPath], {
      cwd: this.dir,
      stdio: ['ignore', out, err],
    });
    fs.closeSync(out);
    fs.closeSync(err);
    child.unref();
    this.child = child;
    this.exitInfo = undefined;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        if (child.pid !== undefined) livePids.delete(child.pid);
        resolve(this.exitInfo);
      });
    });
    if (child.pid !== undefined) livePids.add(child.pid);
    ownVigils.add(this);
    await waitFor(
      async () => {
        if (this.exitInfo) throw new StopWaiting(`${this.name} exited: ${JSON.stringify(this.exitInfo)}`);
        return (await sendOnce(this.port, 'PING')).value.kind !== 'error';
      },
      { timeoutMs: 15_000, description: `${this.name} to answer PING` },
    );
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.running) this.child?.kill(signal);
  }

  async stop(options: { graceMs?: number } = {}): Promise<void> {
    if (this.running) {
      this.child?.kill('SIGTERM');
      try {
        await withDeadline(this.exited, options.graceMs ?? 5000, `${this.name} to exit`);
      } catch {
        this.child?.kill('SIGKILL');
        await withDeadline(this.exited, 5000, `${this.name} to exit on SIGKILL`);
      }
    }
    ownVigils.delete(this);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  waitForExit(timeoutMs = 10_000): Promise<ExitInfo> {
    return withDeadline(this.exited, timeoutMs, `${this.name} to exit`);
  }

  logs(lines = 50): string {
    const tail = (file: string): string => {
      try {
        return fs.readFileSync(path.join(this.dir, file), 'utf8').split('\n').slice(-lines).join('\n');
      } catch {
        return '(no file)';
      }
    };
    return `--- ${this.name} (pid ${this.pid}) stdout ---\n${tail('vigil-stdout.log')}\n--- stderr ---\n${tail('vigil-stderr.log')}`;
  }

  waitForLog(pattern: RegExp, options: { timeoutMs?: number } = {}): Promise<string> {
    return waitFor(
      () =>
        this.logs(100_000)
          .split('\n')
          .find((l) => pattern.test(l)),
      {
        timeoutMs: options.timeoutMs ?? 10_000,
        description: `${this.name} to log ${pattern}`,
      },
    );
  }
}

export async function startVigilOnConfig(configPath: string, port: number): Promise<ManagedProcess> {
  const vigil = new VigilOnConfig(configPath, port);
  await vigil.start();
  return vigil;
}
