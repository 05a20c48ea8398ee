/**
 * Mutation check of the simulator (issue #9 §2): each mutant is a small deliberate bug in the
 * core or the executor. For each one given on the command line (or all), the tree is copied to
 * a scratch directory, the mutation applied there (never here), the simulator compiled, and
 * seeds run until an invariant fails or the budget is spent.
 *
 *   node sim/mutants.mjs [--seeds N] [--sentinels K] [--quorum Q] [name ...]
 *
 * Prints one line per mutant: the first failing seed and its violation, or "survived".
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** name → [file, exact text, replacement] edits, or a function editing the copy. */
const MUTANTS = {
  'vote-twice': [
    [
      'src/core/votes.ts',
      'const votes = (counters.get(myVote.leader) ?? 0) + 1;',
      'const votes = (counters.get(myVote.leader) ?? 0) + 2;',
    ],
  ],
  'no-vote-epoch-check': [
    [
      'src/core/votes.ts',
      'if (master.leaderEpoch < reqEpoch && state.currentEpoch <= reqEpoch) {',
      'if (state.currentEpoch <= reqEpoch) {',
    ],
  ],
  'no-retry-gate': [
    [
      'src/core/failover.ts',
      'if (master.failoverStartTime !== 0 && now - master.failoverStartTime < master.failoverTimeout * 2) {',
      'if (master.failoverStartTime !== 0 && now - master.failoverStartTime < 0) {',
    ],
  ],
  'half-majority': [
    [
      'src/core/votes.ts',
      'return Math.max(Math.floor(voters / 2) + 1, quorum);',
      'return Math.max(Math.floor(voters / 2), quorum);',
    ],
  ],
  'promote-priority-0': [
    ['src/core/ranking.ts', "if (replica.slavePriority === 0) return 'priority 0';", ''],
  ],
  'no-odown-needed': [
    [
      'src/core/failover.ts',
      'if (!master.flags.oDown || master.flags.failoverInProgress) return false;',
      'if (!master.flags.sDown || master.flags.failoverInProgress) return false;',
    ],
  ],
  'count-stale-votes': [
    [
      'src/core/votes.ts',
      'if (peer.leader !== null && peer.leaderEpoch === state.currentEpoch) {',
      'if (peer.leader !== null) {',
    ],
  ],
  'flush-at-end': revert('7623855', 'src/runtime/executor.ts'),
  // The fixes of issue #9 §2.2-2.4 undone (§2.5, bigint epochs, touches the sim too).
  'defect-2-stall': [
    ['src/core/brain.ts', "if (input.type !== 'tick' && stalledSince(this.state, now)) this.tick(now);", ''],
  ],
  'defect-3-pubsub': revert('1720f90', 'src'),
  'defect-4-no-role': revert('042abae', 'src'),
};

/** A mutant that reverse-applies `paths` of a commit of this repository. */
function revert(commit, ...paths) {
  return (dir) => {
    const patch = execFileSync('git', ['show', commit, '--', ...paths], { cwd: ROOT });
    execFileSync('git', ['apply', '-R', '-'], { cwd: dir, input: patch });
  };
}

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const seeds = opt('seeds', '3000');
const sentinels = opt('sentinels', null);
const quorum = opt('quorum', null);
const names = argv.length > 0 ? argv : Object.keys(MUTANTS);

for (const name of names) {
  const mutant = MUTANTS[name];
  if (!mutant) throw new Error(`unknown mutant ${name}`);
  const dir = join(tmpdir(), `vigil-mutant-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of ['src', 'sim', 'tsconfig.json', 'tsconfig.sim.json', 'package.json'])
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (typeof mutant === 'function') mutant(dir);
  else {
    for (const [file, from, to] of mutant) {
      const path = join(dir, file);
      const text = readFileSync(path, 'utf8');
      if (text.split(from).length !== 2) throw new Error(`${name}: text not found once in ${file}`);
      writeFileSync(path, text.replace(from, to));
    }
  }
  execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.sim.json'], {
    cwd: dir,
    stdio: 'inherit',
  });
  const args = ['dist-sim/sim/main.js', '--seeds', seeds, '--no-shrink'];
  if (sentinels) args.push('--sentinels', sentinels);
  if (quorum) args.push('--quorum', quorum);
  const started = Date.now();
  const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  const failed = /SEED (\d+) FAILED: (.*)/.exec(run.stdout);
  if (failed) console.log(`${name}: CAUGHT by seed ${failed[1]} (${secs}s): ${failed[2]}`);
  else if (/ seeds from \d+: 0 failing/.test(run.stdout))
    console.log(`${name}: survived ${seeds} seeds (${secs}s)`);
  else throw new Error(`${name}: the simulator did not run:\n${run.stdout}${run.stderr}`);
  if (existsSync(dir) && !process.env.KEEP) rmSync(dir, { recursive: true, force: true });
}
