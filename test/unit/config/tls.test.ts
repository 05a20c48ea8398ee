import {
  INVALID_PROTOCOLS,
  applyTlsDirective,
  buildTlsContexts,
  defaultTlsSettings,
  protocolRange,
  type TlsSettings,
} from '../../../src/config/tls.js';
import { makeTestCerts, type TestCerts } from '../../helpers/tls-certs.js';

let certs: TestCerts;
beforeAll(() => {
  certs = makeTestCerts();
});
afterAll(() => certs.remove());

const settings = (over: Partial<TlsSettings> = {}): TlsSettings => ({
  ...defaultTlsSettings(),
  certFile: certs.cert,
  keyFile: certs.key,
  caCertFile: certs.caCert,
  ...over,
});

describe('tls-protocols', () => {
  test.each([
    ['TLSv1.2', { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }],
    ['TLSv1.2 TLSv1.3', { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' }],
    ['tlsv1.3  TLSv1.1', { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.3' }],
  ])('%j', (text, range) => {
    expect(protocolRange(text)).toEqual(range);
  });
  test('unset means the defaults; anything unknown is refused with the Redis text', () => {
    expect(protocolRange(null)).toEqual({});
    expect(() => protocolRange('SSLv3')).toThrow(INVALID_PROTOCOLS);
    expect(() => protocolRange('')).toThrow(INVALID_PROTOCOLS);
  });
});

describe('directives', () => {
  test('values land in their fields; "" unsets; enums are checked', () => {
    const tls = defaultTlsSettings();
    expect(applyTlsDirective(tls, 'tls-client-cert-file', '/c.crt')).toBeNull();
    expect(applyTlsDirective(tls, 'tls-ca-cert-dir', '/etc/ssl/certs')).toBeNull();
    expect(applyTlsDirective(tls, 'tls-ca-cert-dir', '')).toBeNull();
    expect(applyTlsDirective(tls, 'tls-auth-clients', 'no')).toBeNull();
    expect(applyTlsDirective(tls, 'tls-prefer-server-ciphers', 'maybe')).toBe(
      "argument must be 'yes' or 'no'",
    );
    expect(tls).toMatchObject({ clientCertFile: '/c.crt', caCertDir: null, authClients: 'no' });
  });
});

describe('buildTlsContexts', () => {
  test.each([
    [{ certFile: null }, 'No tls-cert-file configured!'],
    [{ keyFile: null }, 'No tls-key-file configured!'],
    [{ caCertFile: null }, 'Either tls-ca-cert-file or tls-ca-cert-dir must be specified'],
    [{ clientCertFile: '/x.crt' }, 'No tls-client-key-file configured!'],
    [{ protocols: 'TLSv9' }, INVALID_PROTOCOLS],
  ])('%j fails: %s', (over, message) => {
    expect(() => buildTlsContexts(settings(over as Partial<TlsSettings>))).toThrow(message);
  });

  test('an unreadable file names itself', () => {
    expect(() => buildTlsContexts(settings({ certFile: '/nonexistent/vigil.crt' }))).toThrow(
      /^Failed to load certificate \(\/nonexistent\/vigil\.crt\): ENOENT/,
    );
  });

  test('a key that does not match the certificate fails at start-up, not on the first connection', () => {
    expect(() => buildTlsContexts(settings({ keyFile: certs.strangerKey }))).toThrow(
      /^Failed to configure the TLS server context/,
    );
  });

  test.each([
    ['yes', { requestCert: true, rejectUnauthorized: true }],
    ['optional', { requestCert: true, rejectUnauthorized: false }],
    ['no', { requestCert: false, rejectUnauthorized: false }],
  ] as const)('tls-auth-clients %s', (authClients, expected) => {
    expect(buildTlsContexts(settings({ authClients })).server).toMatchObject(expected);
  });

  test('the client side presents the node certificate, checks the chain but not the host name', () => {
    const { client } = buildTlsContexts(settings());
    expect(client.rejectUnauthorized).toBe(true);
    expect(client.checkServerIdentity?.('10.9.8.7', {} as never)).toBeUndefined();
    expect(String(client.cert)).toContain('BEGIN CERTIFICATE');
  });

  test('a CA directory is read file by file', () => {
    const { server } = buildTlsContexts(settings({ caCertFile: null, caCertDir: certs.dir }));
    // ca.crt and other-ca.crt, and the two leaf certificates, are all certificates.
    expect((server.ca as Buffer[]).length).toBe(4);
  });
});
