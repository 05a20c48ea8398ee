const CRLF = '\r\n';
/** Redis replaces CR and LF inside status and error lines so the reply stays one line. */
function oneLine(s) {
    return /[\r\n]/.test(s) ? s.replace(/[\r\n]/g, ' ') : s;
}
/**
 * `%.17g` as Redis prints doubles (RESP2 bulk and RESP3 `,`): 17 significant digits, trailing
 * zeros dropped, exponent form outside [1e-4, 1e17).
 */
export function formatDouble(v) {
    if (Number.isNaN(v))
        return 'nan';
    if (v === Infinity)
        return 'inf';
    if (v === -Infinity)
        return '-inf';
    if (v === 0)
        return Object.is(v, -0) ? '-0' : '0';
    const exp = Math.floor(Math.log10(Math.abs(v)));
    const useExp = exp < -4 || exp >= 17;
    if (!useExp) {
        const fixed = v.toPrecision(17);
        // toPrecision may itself choose exponent form near the boundaries; fall through then.
        if (!/e/.test(fixed))
            return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
    }
    const [mant, e] = v.toExponential(16).split('e');
    const m = mant.includes('.') ? mant.replace(/\.?0+$/, '') : mant;
    const n = Number(e);
    const sign = n < 0 ? '-' : '+';
    const digits = String(Math.abs(n)).padStart(2, '0');
    return `${m}e${sign}${digits}`;
}
/**
 * Collects the reply as text and joins it once: most replies are all strings (Sentinel's
 * instance maps are dozens of small bulk strings), and one `Buffer.from` of the joined text
 * is far cheaper than a Buffer per element. Binary bulk values switch to a parts list.
 */
class Writer {
    parts = [];
    hasBuffers = false;
    text(s) {
        this.parts.push(s);
    }
    bytes(b) {
        this.parts.push(b);
        this.hasBuffers = true;
    }
    bulk(v) {
        if (typeof v === 'string') {
            this.parts.push(`$${Buffer.byteLength(v, 'utf8')}${CRLF}${v}${CRLF}`);
            return;
        }
        this.parts.push(`$${v.length}${CRLF}`, v, CRLF);
        this.hasBuffers = true;
    }
    done() {
        if (!this.hasBuffers)
            return Buffer.from(this.parts.join(''), 'utf8');
        const chunks = [];
        let pending = '';
        for (const p of this.parts) {
            if (typeof p === 'string') {
                pending += p;
                continue;
            }
            if (pending !== '')
                chunks.push(Buffer.from(pending, 'utf8'));
            pending = '';
            chunks.push(p);
        }
        if (pending !== '')
            chunks.push(Buffer.from(pending, 'utf8'));
        return Buffer.concat(chunks);
    }
}
function write(w, r, proto) {
    switch (r.t) {
        case 'simple':
            w.text(`+${oneLine(r.v)}${CRLF}`);
            return;
        case 'error': {
            // Redis strips one leading '-' so callers may pass "-NOPROTO ..." or "NOPROTO ...".
            const v = r.v.startsWith('-') ? r.v.slice(1) : r.v;
            w.text(`-${oneLine(v)}${CRLF}`);
            return;
        }
        case 'int':
            w.text(`:${r.v.toString()}${CRLF}`);
            return;
        case 'bulk':
            w.bulk(r.v);
            return;
        case 'null':
            w.text(proto === 3 ? `_${CRLF}` : `$-1${CRLF}`);
            return;
        case 'nullArray':
            w.text(proto === 3 ? `_${CRLF}` : `*-1${CRLF}`);
            return;
        case 'array':
            w.text(`*${r.v.length}${CRLF}`);
            for (const item of r.v)
                write(w, item, proto);
            return;
        case 'set':
            w.text(`${proto === 3 ? '~' : '*'}${r.v.length}${CRLF}`);
            for (const item of r.v)
                write(w, item, proto);
            return;
        case 'push':
            w.text(`${proto === 3 ? '>' : '*'}${r.v.length}${CRLF}`);
            for (const item of r.v)
                write(w, item, proto);
            return;
        case 'map':
            w.text(proto === 3 ? `%${r.v.length}${CRLF}` : `*${r.v.length * 2}${CRLF}`);
            for (const [k, v] of r.v) {
                write(w, k, proto);
                write(w, v, proto);
            }
            return;
        case 'verbatim':
            if (proto === 3) {
                const b = Buffer.from(r.v, 'utf8');
                w.text(`=${b.length + 4}${CRLF}txt:`);
                w.bytes(b);
                w.text(CRLF);
            }
            else {
                w.bulk(r.v);
            }
            return;
        case 'bool':
            w.text(proto === 3 ? `#${r.v ? 't' : 'f'}${CRLF}` : `:${r.v ? 1 : 0}${CRLF}`);
            return;
        case 'double':
            if (proto === 3)
                w.text(`,${formatDouble(r.v)}${CRLF}`);
            else
                w.bulk(formatDouble(r.v));
            return;
    }
}
/** Encode one reply for a connection speaking `protocol`. */
export function encodeReply(reply, protocol) {
    const w = new Writer();
    write(w, reply, protocol);
    return w.done();
}
/** Encode a command as a RESP multibulk request (what clients send). */
export function encodeCommand(args) {
    const w = new Writer();
    w.text(`*${args.length}${CRLF}`);
    for (const a of args)
        w.bulk(a);
    return w.done();
}
