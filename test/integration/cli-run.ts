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

/** What `vigil doctor --json` prints (the fields the tests read). */
export interface DoctorJson {
  exitCode: number;
  masters?: string[];
  sentinels: { address: string; reachable: boolean }[];
  findings: { id: string; severity: string; title: string; meaning?: string; fix?: string }[];
}

/** `vigil doctor --json` against the sentinel on `port`, parsed, with its exit code. */
export async function doctorJson(port: number, ...extra: string[]): Promise<DoctorJson & { code: number }> {
  const result = await runVigil(['doctor', ...at(port), '--json', ...extra]);
  let parsed: DoctorJson;
  try {
    parsed = JSON.parse(result.stdout) as DoctorJson;
  } catch {
    throw new Error(`doctor printed no JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
  return { ...parsed, code: result.code };
}
