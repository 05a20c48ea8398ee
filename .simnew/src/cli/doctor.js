/**
 * `vigil doctor [--sentinel host:port ...] [--name <master>] [--json]`: checks a live
 * deployment (Vigil or redis-sentinel) against the rules in src/cli/inspect/rules.ts.
 * Exit 0 healthy, 1 warnings, 2 errors (also for a bad argument).
 */
import { gatherOptions, parseInspectArgs } from './inspect/args.js';
import { renderFindings } from './inspect/render.js';
import { diagnose, exitCodeFor } from './inspect/rules.js';
import { gather } from './inspect/snapshot.js';
import { makeStyle, wantsColour } from './inspect/style.js';
import { masterNames } from './inspect/topology.js';
export const DOCTOR_USAGE = `Usage: vigil doctor [--sentinel host:port ...] [--name <master>] [--json]
  Checks a running deployment (Vigil or redis-sentinel) and prints each finding
  with its severity, what it means and the fix. Other sentinels are found from
  the ones given (default 127.0.0.1:26379). --timeout <ms> bounds each request.
  AUTH: --password and --user for the data nodes, --sentinel-password and
  --sentinel-user for the sentinels (or VIGIL_PASSWORD, VIGIL_USER,
  VIGIL_SENTINEL_PASSWORD, VIGIL_SENTINEL_USER).
  Exit 0 healthy, 1 warnings, 2 errors.`;
export async function runDoctor(argv) {
    let args;
    try {
        args = parseInspectArgs(argv, false);
    }
    catch (err) {
        process.stderr.write(`vigil doctor: ${err.message}\n\n${DOCTOR_USAGE}\n`);
        return 2;
    }
    if (args.help) {
        process.stdout.write(`${DOCTOR_USAGE}\n`);
        return 0;
    }
    const snapshot = await gather(gatherOptions(args));
    const findings = diagnose(snapshot);
    const code = exitCodeFor(findings);
    if (args.json) {
        const asked = snapshot.sentinels.map((s) => ({ address: s.address, reachable: s.reachable }));
        process.stdout.write(`${JSON.stringify({ exitCode: code, masters: masterNames(snapshot), sentinels: asked, findings }, null, 2)}\n`);
    }
    else {
        const st = makeStyle(wantsColour());
        const reached = snapshot.sentinels.filter((s) => s.reachable).length;
        const names = masterNames(snapshot);
        process.stdout.write(`${st.dim(`asked ${reached} of ${snapshot.sentinels.length} sentinels and ${snapshot.dataNodes.length} data nodes; ` +
            `masters: ${names.join(', ') || 'none'}`)}\n\n${renderFindings(findings, st)}`);
    }
    return code;
}
