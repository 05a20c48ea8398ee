/**
 * TLS, as Redis 7.0 configures it for a sentinel: `tls-port` opens TLS listeners beside the
 * plain `port`, and `tls-replication yes` makes every outgoing link (to masters, replicas
 * and the other sentinels) a TLS connection, announced in hellos with the TLS port.
 *
 * The `tls-*` directives are parsed here and turned into Node TLS options when the daemon
 * starts. As in Redis, the certificate and key are read at start-up and a problem with them
 * stops the process ("Failed to configure TLS. Check logs for more info."). Like Redis, the
 * peer's certificate chain is verified against the CA, but not its host name: instances are
 * addressed by IP.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { enumError, parseYesNo } from './values.js';
import { createSecureContext } from 'node:tls';
export function defaultTlsSettings() {
    return {
        certFile: null,
        keyFile: null,
        keyFilePass: null,
        clientCertFile: null,
        clientKeyFile: null,
        clientKeyFilePass: null,
        caCertFile: null,
        caCertDir: null,
        dhParamsFile: null,
        authClients: 'yes',
        protocols: null,
        ciphers: null,
        ciphersuites: null,
        preferServerCiphers: false,
    };
}
const AUTH_CLIENTS = ['no', 'yes', 'optional'];
/** Where each string directive goes. */
const STRING_DIRECTIVES = {
    'tls-cert-file': 'certFile',
    'tls-key-file': 'keyFile',
    'tls-key-file-pass': 'keyFilePass',
    'tls-client-cert-file': 'clientCertFile',
    'tls-client-key-file': 'clientKeyFile',
    'tls-client-key-file-pass': 'clientKeyFilePass',
    'tls-ca-cert-file': 'caCertFile',
    'tls-ca-cert-dir': 'caCertDir',
    'tls-dh-params-file': 'dhParamsFile',
    'tls-protocols': 'protocols',
    'tls-ciphers': 'ciphers',
    'tls-ciphersuites': 'ciphersuites',
};
/** The `tls-*` directives Vigil uses (the others, like tls-session-caching, are ignored). */
export const TLS_DIRECTIVES = new Set([
    ...Object.keys(STRING_DIRECTIVES),
    'tls-auth-clients',
    'tls-prefer-server-ciphers',
]);
/** Apply one `tls-*` line's single value; returns Redis 7.0's error text, or null. */
export function applyTlsDirective(tls, name, value) {
    const field = STRING_DIRECTIVES[name];
    if (field !== undefined) {
        // An empty string unsets, as `CONFIG SET tls-ca-cert-file ""` does in Redis.
        tls[field] = value === '' ? null : value;
        return null;
    }
    if (name === 'tls-auth-clients') {
        const mode = AUTH_CLIENTS.find((m) => m === value.toLowerCase());
        if (mode === undefined)
            return enumError(AUTH_CLIENTS);
        tls.authClients = mode;
        return null;
    }
    if (name === 'tls-prefer-server-ciphers') {
        const on = parseYesNo(value);
        if (typeof on === 'string')
            return on;
        tls.preferServerCiphers = on;
        return null;
    }
    return `not a TLS directive: ${name}`;
}
const PROTOCOLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
/** Redis's text for a bad tls-protocols value. */
export const INVALID_PROTOCOLS = "Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.";
/** `tls-protocols "TLSv1.2 TLSv1.3"` as Node's min/max versions (a range, as OpenSSL applies it). */
export function protocolRange(protocols) {
    if (protocols === null)
        return {};
    const wanted = protocols.split(/\s+/).filter((p) => p !== '');
    const indexes = wanted.map((p) => PROTOCOLS.findIndex((known) => known.toLowerCase() === p.toLowerCase()));
    if (indexes.length === 0 || indexes.some((i) => i === -1))
        throw new Error(INVALID_PROTOCOLS);
    return { minVersion: PROTOCOLS[Math.min(...indexes)], maxVersion: PROTOCOLS[Math.max(...indexes)] };
}
function readNamed(readFile, what, file) {
    try {
        return readFile(file);
    }
    catch (err) {
        throw new Error(`Failed to load ${what} (${file}): ${err.message}`);
    }
}
/** Every regular file of a CA directory (OpenSSL's hashed `<hash>.0` links or plain PEMs). */
function readCaDir(dir, readFile) {
    let names;
    try {
        names = fs.readdirSync(dir);
    }
    catch (err) {
        throw new Error(`Failed to configure CA certificate(s) dir ${dir}: ${err.message}`);
    }
    const out = [];
    for (const name of names.sort()) {
        const file = path.join(dir, name);
        try {
            if (!fs.statSync(file).isFile())
                continue;
        }
        catch {
            continue;
        }
        const text = readNamed(readFile, 'CA certificate', file);
        if (text.includes('-----BEGIN CERTIFICATE-----'))
            out.push(text);
    }
    return out;
}
/**
 * Read the files and build the server and client options. Throws an Error whose message says
 * what is missing or unreadable (Redis logs the same kind of line, then refuses to start).
 */
export function buildTlsContexts(tls, readFile = (f) => fs.readFileSync(f)) {
    if (tls.certFile === null)
        throw new Error('No tls-cert-file configured!');
    if (tls.keyFile === null)
        throw new Error('No tls-key-file configured!');
    if (tls.caCertFile === null && tls.caCertDir === null) {
        throw new Error('Either tls-ca-cert-file or tls-ca-cert-dir must be specified');
    }
    const ca = [];
    if (tls.caCertFile !== null)
        ca.push(readNamed(readFile, 'CA certificate(s) file', tls.caCertFile));
    if (tls.caCertDir !== null)
        ca.push(...readCaDir(tls.caCertDir, readFile));
    const range = protocolRange(tls.protocols);
    // Node takes the TLS 1.3 suites and the older ciphers in one list.
    const cipherList = [tls.ciphersuites, tls.ciphers].filter((c) => c !== null).join(':');
    const common = { ca, ...range, ...(cipherList === '' ? {} : { ciphers: cipherList }) };
    const server = {
        ...common,
        cert: readNamed(readFile, 'certificate', tls.certFile),
        key: readNamed(readFile, 'private key', tls.keyFile),
        ...(tls.keyFilePass === null ? {} : { passphrase: tls.keyFilePass }),
        ...(tls.dhParamsFile === null ? {} : { dhparam: readNamed(readFile, 'DH params', tls.dhParamsFile) }),
        honorCipherOrder: tls.preferServerCiphers,
        // tls-auth-clients: yes = a verified client certificate is required; optional = verified
        // when one is sent; no = none asked for.
        requestCert: tls.authClients !== 'no',
        rejectUnauthorized: tls.authClients === 'yes',
    };
    const clientCertFile = tls.clientCertFile ?? tls.certFile;
    const clientKeyFile = tls.clientCertFile !== null ? tls.clientKeyFile : tls.keyFile;
    if (clientKeyFile === null)
        throw new Error('No tls-client-key-file configured!');
    const clientPass = tls.clientCertFile !== null ? tls.clientKeyFilePass : tls.keyFilePass;
    const client = {
        ...common,
        cert: readNamed(readFile, 'client certificate', clientCertFile),
        key: readNamed(readFile, 'client private key', clientKeyFile),
        ...(clientPass === null ? {} : { passphrase: clientPass }),
        rejectUnauthorized: true,
        // Redis checks the chain, not the name: instances are known by IP address.
        checkServerIdentity: () => undefined,
    };
    // A key that does not match its certificate, or a wrong passphrase, fails here at start-up
    // rather than on the first connection.
    for (const [what, options] of [
        ['server', server],
        ['client', client],
    ]) {
        try {
            createSecureContext(options);
        }
        catch (err) {
            throw new Error(`Failed to configure the TLS ${what} context: ${err.message}`);
        }
    }
    return { server, client };
}
