/**
 * Parsing `redis-benchmark --csv` output (redis-benchmark 7.0):
 *
 *   "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
 *   "PING","20833.33","1.829","0.088","0.639","6.103","8.847","8.991"
 *
 * Columns are looked up by the header's names, so a missing or reordered column does not shift
 * the others. Lines that are not CSV records (warnings that slipped into the stream) are skipped.
 */
/** Split one CSV line into fields: double-quoted fields may hold commas and "" for a quote. */
export function splitCsvLine(line) {
    const fields = [];
    let i = 0;
    for (;;) {
        if (line[i] === '"') {
            let value = '';
            i++;
            for (;;) {
                if (i >= line.length)
                    return null; // unterminated quote
                const ch = line[i];
                if (ch === '"') {
                    if (line[i + 1] === '"') {
                        value += '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                value += ch;
                i++;
            }
            fields.push(value);
        }
        else {
            const comma = line.indexOf(',', i);
            const end = comma < 0 ? line.length : comma;
            fields.push(line.slice(i, end).trim());
            i = end;
        }
        if (i >= line.length)
            return fields;
        if (line[i] !== ',')
            return null; // junk after a closing quote
        i++;
    }
}
function toNumber(text) {
    if (text === undefined || text.trim() === '')
        return null;
    const value = Number(text);
    return Number.isFinite(value) ? value : null;
}
const COLUMNS = {
    rps: 'rps',
    avgMs: 'avg_latency_ms',
    minMs: 'min_latency_ms',
    p50Ms: 'p50_latency_ms',
    p95Ms: 'p95_latency_ms',
    p99Ms: 'p99_latency_ms',
    maxMs: 'max_latency_ms',
};
/** Every result row of a redis-benchmark --csv run, in order. */
export function parseBenchmarkCsv(text) {
    const rows = [];
    let header = null;
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (!line.startsWith('"'))
            continue;
        const fields = splitCsvLine(line);
        if (fields === null)
            continue;
        if (fields[0] === 'test') {
            header = fields;
            continue;
        }
        if (header === null)
            continue;
        const at = (column) => {
            const index = header.indexOf(column);
            return index < 0 ? undefined : fields[index];
        };
        rows.push({
            test: fields[0] ?? '',
            rps: toNumber(at(COLUMNS.rps)),
            avgMs: toNumber(at(COLUMNS.avgMs)),
            minMs: toNumber(at(COLUMNS.minMs)),
            p50Ms: toNumber(at(COLUMNS.p50Ms)),
            p95Ms: toNumber(at(COLUMNS.p95Ms)),
            p99Ms: toNumber(at(COLUMNS.p99Ms)),
            maxMs: toNumber(at(COLUMNS.maxMs)),
        });
    }
    return rows;
}
