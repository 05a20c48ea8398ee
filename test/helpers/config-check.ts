/**
 * Loading a sentinel.conf the way the daemon does (loadConfig, each `sentinel` line applied by
 * a real core) to check a file left behind by a killed process: it must load, and this returns
 * the state that matters across a restart (id, epochs, one master's settings).
 */
import { Brain } from '../../src/core/brain.js';
import { loadConfig } from '../../src/config/load.js';

export interface LoadedState {
  myid: string;
  currentEpoch: bigint;
  masters: Map<
    string,
    { configEpoch: bigint; leaderEpoch: bigint; downAfterMs: number; authPass: string | null }
  >;
}

/** Loads `file` like Vigil at start; throws with the loader's message when it does not load. */
export function loadSavedConfig(file: string): LoadedState {
  const brain = new Brain({ canExecute: () => true });
  const loaded = loadConfig(file, [], (args) => brain.applyConfigDirective(args, 0), {
    applyVigilDirective: (args) => brain.applyVigilDirective(args),
  });
  if (!loaded.ok) throw new Error(`${file} does not load: ${loaded.message}`);
  const masters: LoadedState['masters'] = new Map();
  for (const [name, m] of brain.state.masters) {
    masters.set(name, {
      configEpoch: m.configEpoch,
      leaderEpoch: m.leaderEpoch,
      downAfterMs: m.downAfterMs,
      authPass: m.authPass,
    });
  }
  return { myid: brain.state.myid, currentEpoch: brain.state.currentEpoch, masters };
}
