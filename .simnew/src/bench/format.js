/**
 * Report formatting: numbers, Vigil / redis-sentinel ratios and the side-by-side table.
 * Pure functions, so the exact text is unit-tested.
 */
const MISSING = '-';
/** `1234567.891` with 1 decimal → `1,234,567.9`; null → `-`. */
export function formatNumber(value, decimals) {
    if (value === null || !Number.isFinite(value))
        return MISSING;
    return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
/** The raw Vigil / redis-sentinel ratio; null when it has no meaning. */
export function ratio(vigil, sentinel) {
    if (vigil === null || sentinel === null || !Number.isFinite(vigil) || !Number.isFinite(sentinel))
        return null;
    if (sentinel === 0)
        return vigil === 0 ? 1 : null;
    return vigil / sentinel;
}
/** Vigil / redis-sentinel as `0.45x`, `12.3x`, `140x`: about three significant digits. */
export function formatRatio(vigil, sentinel) {
    const r = ratio(vigil, sentinel);
    if (r === null)
        return 'n/a';
    const decimals = r >= 100 ? 0 : r >= 10 ? 1 : 2;
    return `${formatNumber(r, decimals)}x`;
}
/**
 * How Vigil compares, in words, with a 5% dead band so noise does not read as a difference:
 * `2.1x worse`, `1.3x better`, `same`.
 */
export function verdict(vigil, sentinel, better) {
    const r = ratio(vigil, sentinel);
    if (r === null)
        return '';
    if (better === 'none')
        return r === 1 ? 'same' : '';
    if (r === 0)
        return better === 'higher' ? 'worse' : 'better';
    const factor = r >= 1 ? r : 1 / r;
    if (factor < 1.05)
        return 'same';
    const vigilHigher = r > 1;
    const good = vigilHigher === (better === 'higher');
    return `${formatNumber(factor, factor >= 10 ? 0 : 1)}x ${good ? 'better' : 'worse'}`;
}
function pad(text, width, align) {
    return align === 'left' ? text.padEnd(width) : text.padStart(width);
}
/** The whole table: one block per section, columns aligned across every section. */
export function renderTable(sections) {
    const header = ['metric', 'Vigil', 'redis-sentinel', 'ratio', 'Vigil is'];
    const body = sections.map((section) => section.rows.map((row) => [
        `  ${row.unit ? `${row.label} (${row.unit})` : row.label}`,
        formatNumber(row.vigil, row.decimals),
        formatNumber(row.sentinel, row.decimals),
        formatRatio(row.vigil, row.sentinel),
        verdict(row.vigil, row.sentinel, row.better),
    ]));
    const widths = header.map((h, i) => Math.max(h.length, ...body.flat().map((cells) => (cells[i] ?? '').length)));
    const aligns = ['left', 'right', 'right', 'right', 'left'];
    const line = (cells) => cells
        .map((cell, i) => pad(cell, widths[i], aligns[i]))
        .join('  ')
        .trimEnd();
    const out = [line(header), line(widths.map((w) => '-'.repeat(w)))];
    sections.forEach((section, index) => {
        out.push('', section.title);
        for (const cells of body[index])
            out.push(line(cells));
        for (const note of section.notes ?? [])
            out.push(`  ${note}`);
    });
    return out.join('\n');
}
