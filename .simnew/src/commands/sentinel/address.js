/**
 * Address validation for SENTINEL MONITOR. Sentinel 7.0 resolves the given address with
 * getaddrinfo in numeric-only mode unless resolve-hostnames is on, so it accepts exactly what
 * glibc does: every inet_aton form for IPv4 (`127.1`, `0x7f.1`, `010.1.1.1`, a bare 32-bit
 * number) and inet_pton IPv6 with an optional `%scope`, and shows the canonical inet_ntop text
 * (`1.2.3` → `1.2.0.3`, `0:0::1` → `::1`, scope dropped). Verified against 7.0.15.
 */
import { promises as dns } from 'node:dns';
import { networkInterfaces } from 'node:os';
/** inet_aton "exact": 1 to 4 parts, each decimal, octal (leading 0) or hex (0x). */
export function parseIPv4Numeric(text) {
    const parts = text.split('.');
    if (parts.length > 4)
        return null;
    const vals = [];
    for (const part of parts) {
        let v;
        if (/^0[xX][0-9a-fA-F]+$/.test(part))
            v = parseInt(part.slice(2), 16);
        else if (/^0[0-7]*$/.test(part))
            v = part.length === 1 ? 0 : parseInt(part.slice(1), 8);
        else if (/^[1-9][0-9]*$/.test(part))
            v = parseInt(part, 10);
        else
            return null;
        if (v > 0xffffffff)
            return null;
        vals.push(v);
    }
    // Every part but the last is one byte; the last fills the remaining bytes.
    const head = vals.slice(0, -1);
    const last = vals[vals.length - 1];
    if (head.some((v) => v > 0xff))
        return null;
    const restBytes = 4 - head.length;
    if (last >= 2 ** (8 * restBytes))
        return null;
    const bytes = [...head];
    for (let i = restBytes - 1; i >= 0; i--)
        bytes.push(Math.floor(last / 2 ** (8 * i)) % 256);
    return bytes.join('.');
}
/** inet_pton4 as used inside IPv6 text: strict dotted quad, no leading zeros. */
function parseDottedQuad(text) {
    const parts = text.split('.');
    if (parts.length !== 4)
        return null;
    const out = [];
    for (const p of parts) {
        if (!/^(0|[1-9][0-9]{0,2})$/.test(p))
            return null;
        const v = Number(p);
        if (v > 255)
            return null;
        out.push(v);
    }
    return out;
}
function parseGroups(text) {
    if (text === '')
        return [];
    const groups = text.split(':');
    const words = [];
    for (let i = 0; i < groups.length; i++) {
        const g = groups[i];
        if (i === groups.length - 1 && g.includes('.')) {
            const q = parseDottedQuad(g);
            if (!q)
                return null;
            words.push((q[0] << 8) | q[1], (q[2] << 8) | q[3]);
        }
        else {
            if (!/^[0-9a-fA-F]{1,4}$/.test(g))
                return null;
            words.push(parseInt(g, 16));
        }
    }
    return words;
}
/** inet_pton6: eight 16-bit words, or null. */
export function parseIPv6Words(text) {
    const halves = text.split('::');
    if (halves.length > 2)
        return null;
    if (halves.length === 1) {
        const w = parseGroups(text);
        return w && w.length === 8 ? w : null;
    }
    const left = parseGroups(halves[0]);
    const right = parseGroups(halves[1]);
    if (!left || !right || left.length + right.length > 7)
        return null;
    return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}
/** glibc inet_ntop6: longest zero run (≥2, first on ties) as `::`, embedded IPv4 for ::/96 and ::ffff:0/96. */
export function formatIPv6(words) {
    let bestStart = -1;
    let bestLen = 0;
    for (let i = 0; i < 8;) {
        if (words[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && words[j] === 0)
            j++;
        if (j - i > bestLen) {
            bestStart = i;
            bestLen = j - i;
        }
        i = j;
    }
    if (bestLen < 2)
        bestStart = -1;
    const v4 = bestStart === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))
        ? `${words[6] >> 8}.${words[6] & 0xff}.${words[7] >> 8}.${words[7] & 0xff}`
        : null;
    let out = '';
    for (let i = 0; i < 8; i++) {
        if (i === bestStart) {
            out += i === 0 ? '::' : ':';
            i += bestLen - 1;
            continue;
        }
        if (v4 !== null && i === 6)
            return out + v4;
        out += words[i].toString(16) + (i < 7 ? ':' : '');
    }
    return out;
}
function scopeAccepted(scope) {
    if (/^[0-9]+$/.test(scope))
        return true;
    return Object.prototype.hasOwnProperty.call(networkInterfaces(), scope);
}
/** Numeric-only resolution (getaddrinfo AI_NUMERICHOST): the canonical IP text, or null. */
export function resolveNumeric(host) {
    const v4 = parseIPv4Numeric(host);
    if (v4 !== null)
        return v4;
    const pct = host.indexOf('%');
    const addr = pct >= 0 ? host.slice(0, pct) : host;
    if (pct >= 0 && !scopeAccepted(host.slice(pct + 1)))
        return null;
    const words = parseIPv6Words(addr);
    return words ? formatIPv6(words) : null;
}
/**
 * Resolve a MONITOR address. Numeric forms never touch DNS; other names only when
 * resolve-hostnames is on (first getaddrinfo answer, as Sentinel takes). Null ⇒
 * `ERR Invalid IP address or hostname specified`.
 */
export async function resolveAddress(host, port, resolveHostnames) {
    const ip = resolveNumeric(host);
    if (ip !== null)
        return { host, ip, port };
    if (!resolveHostnames || host === '')
        return null;
    try {
        const found = await dns.lookup(host);
        return { host, ip: found.address, port };
    }
    catch {
        return null;
    }
}
