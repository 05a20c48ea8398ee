import { plural } from './parse.js';
export function renderStatus(status, st) {
    const out = [];
    const unreachable = status.asked.filter((a) => !a.reachable);
    if (status.masters.length === 0) {
        const reached = status.asked.length - unreachable.length;
        out.push(reached === 0 ? st.red('no sentinel answered') : 'the sentinels asked monitor no master');
    }
    for (const m of status.masters)
        out.push(...renderMaster(m, st), '');
    for (const a of unreachable) {
        if (!status.masters.some((m) => m.sentinels.some((s) => s.address === a.address))) {
            out.push(st.red(`sentinel ${a.address} did not answer: ${a.error ?? 'no reply'}`));
        }
    }
    return `${out.join('\n').trimEnd()}\n`;
}
function renderMaster(m, st) {
    const out = [];
    const epochs = m.configEpochs.length === 1 ? String(m.configEpochs[0]) : st.red(m.configEpochs.join('/'));
    const primaryState = m.primary.reachable
        ? st.green(m.primary.address)
        : st.red(`${m.primary.address} (no answer)`);
    out.push(`${st.bold(m.name)}  primary ${primaryState}  config-epoch ${epochs}`);
    out.push(`  quorum ${m.quorum}, ${plural(m.voters, 'sentinel')} counted (a failover needs ${Math.max(m.majority, m.quorum)})`);
    const state = [];
    if (m.odown)
        state.push(st.red('ODOWN'));
    if (m.sdownBy.length > 0)
        state.push(st.yellow(`SDOWN for ${m.sdownBy.join(', ')}`));
    if (m.failoverInProgress)
        state.push(st.yellow(`failover in progress (${m.failoverState ?? '?'})`));
    if (m.disputedPrimaries.length > 0)
        state.push(st.red(`other primaries named: ${m.disputedPrimaries.join(', ')}`));
    out.push(`  state: ${state.length > 0 ? state.join(', ') : st.green('ok')}`);
    if (m.maintenance === true)
        out.push(`  maintenance: ${st.yellow('on')} (no automatic failover)`);
    out.push(`  replicas (${m.replicas.length}):`);
    if (m.replicas.length === 0)
        out.push(st.yellow('    none'));
    for (const r of m.replicas) {
        const parts = [r.address.padEnd(21)];
        parts.push(r.link === 'up' ? st.green('link up') : st.red(`link ${r.link}`));
        if (r.lagSeconds !== null)
            parts.push(`lag ${r.lagSeconds} s`);
        if (r.bytesBehind !== null)
            parts.push(`${r.bytesBehind} B behind`);
        if (r.priority !== null)
            parts.push(r.priority === 0 ? st.yellow('priority 0') : `priority ${r.priority}`);
        const bad = r.flags.filter((f) => f !== 'slave');
        if (bad.length > 0)
            parts.push(st.red(bad.join(',')));
        if (!r.reachable)
            parts.push(st.red('(no answer here)'));
        out.push(`    ${parts.join('  ')}`);
    }
    out.push(`  sentinels (${m.sentinels.length}):`);
    for (const s of m.sentinels) {
        const parts = [s.address.padEnd(21)];
        if (!s.reachable) {
            parts.push(st.red(`unreachable${s.error ? `: ${s.error}` : ''}`));
            if (s.listedBy > 0)
                parts.push(`down for ${s.seenDownBy} of ${s.listedBy} peers`);
            out.push(`    ${parts.join('  ')}`);
            continue;
        }
        parts.push(`${s.implementation ?? '?'} ${s.version ?? ''}`.trim());
        if (s.primary === null) {
            parts.push(st.yellow('does not monitor this name'));
        }
        else {
            parts.push(s.primary === m.primary.address ? `primary ${s.primary}` : st.red(`primary ${s.primary}`));
            parts.push(`epoch ${s.configEpoch}`);
            parts.push(`sees ${plural(s.knownReplicas ?? 0, 'replica')}, ${plural(s.knownSentinels ?? 0, 'sentinel')}`);
            const flags = s.flags.filter((f) => f !== 'master');
            if (flags.length > 0)
                parts.push(st.yellow(flags.join(',')));
        }
        if (s.tilt)
            parts.push(st.red('TILT'));
        if (s.seenDownBy > 0)
            parts.push(st.yellow(`down for ${s.seenDownBy} of ${s.listedBy} peers`));
        out.push(`    ${parts.join('  ')}`);
    }
    return out;
}
export function renderFindings(findings, st) {
    const out = [];
    for (const f of findings) {
        const label = f.severity === 'error'
            ? st.red('ERROR  ')
            : f.severity === 'warning'
                ? st.yellow('WARNING')
                : st.cyan('INFO   ');
        out.push(`${label} ${st.bold(f.title)}${f.master ? st.dim(`  [${f.master}, ${f.id}]`) : st.dim(`  [${f.id}]`)}`);
        out.push(`        ${f.meaning}`);
        out.push(`        fix: ${f.fix}`);
    }
    const count = (s) => findings.filter((f) => f.severity === s).length;
    const summary = `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${count('info')} info`;
    out.push(findings.some((f) => f.severity !== 'info') ? summary : st.green(`healthy: ${summary}`));
    return `${out.join('\n')}\n`;
}
