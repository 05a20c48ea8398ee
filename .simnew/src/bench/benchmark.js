/** Running redis-benchmark against one port, bounded in requests and in time. */
import { parseBenchmarkCsv } from './csv.js';
export function benchmarkArgs(port, command, spec) {
    return [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-n',
        String(spec.requests),
        '-c',
        String(spec.clients),
        '-P',
        String(spec.pipeline),
        '--csv',
        ...command,
    ];
}
export function runRedisBenchmark(fleet, port, command, spec) {
    return new Promise((resolve) => {
        const started = performance.now();
        const child = fleet.spawn(fleet.programs.redisBenchmark, benchmarkArgs(port, command, spec), {
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        let timedOut = false;
        child.stdout?.on('data', (chunk) => (stdout += chunk.toString('utf8')));
        child.stderr?.on('data', (chunk) => (stderr += chunk.toString('utf8')));
        const timer = setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
        }, spec.timeoutMs);
        child.once('exit', (code, signal) => {
            clearTimeout(timer);
            const rows = parseBenchmarkCsv(stdout);
            const row = rows[0] ?? null;
            // redis-benchmark 7.0 warns on stderr that a sentinel has no CONFIG GET; that is expected.
            const problems = stderr
                .split('\n')
                .map((l) => l.trim())
                .filter((l) => l && !l.startsWith('WARNING: Could not fetch server CONFIG'));
            let error = null;
            if (timedOut)
                error = `timed out after ${spec.timeoutMs} ms`;
            else if (code !== 0)
                error = `redis-benchmark exited with ${signal ?? `code ${code}`}: ${problems.join(' ')}`;
            else if (row === null)
                error = `no CSV result (${problems.join(' ') || 'empty output'})`;
            resolve({
                requests: spec.requests,
                clients: spec.clients,
                pipeline: spec.pipeline,
                row: timedOut ? null : row,
                timedOut,
                error,
                wallMs: performance.now() - started,
            });
        });
    });
}
