/** Runs `bin/vigil <args>` to completion and returns its exit code and output. */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/processes.js';

export const VIGIL_BIN = path.join(REPO_ROOT, 'bin', 'vigil');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runVigil(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VIGIL_BIN, ...args], { env, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export const at = (port: number): string[] => ['--sentinel', `127.0.0.1:${port}`];
