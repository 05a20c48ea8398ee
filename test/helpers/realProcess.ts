/**
 * The Node process object itself, and state shared by every test file in one jest worker.
 *
 * Inside jest, `process` is a per-test-file sandbox copy: listeners added with
 * `process.on('exit')` there never run. A function created in the main realm (any core-module
 * function's constructor is the main realm's Function) evaluates `process` against the real
 * global. Each test file also gets fresh module instances, so state that must outlive one
 * file (the exit hooks, the set of live child PIDs) hangs off the real process object.
 */
import * as fs from 'node:fs';

export function realProcess(): NodeJS.Process {
  const MainRealmFunction = fs.readFileSync.constructor as FunctionConstructor;
  return MainRealmFunction('return process')() as NodeJS.Process;
}

/** One value per worker process under `key`, created by `init` the first time. */
export function workerShared<T>(key: string, init: () => T): T {
  const host = realProcess() as unknown as Record<symbol, unknown>;
  const symbol = Symbol.for(`vigil.test.${key}`);
  if (!(symbol in host)) host[symbol] = init();
  return host[symbol] as T;
}
