/**
 * Throw-away TLS material for tests, made with the `openssl` command line in a temp dir: a
 * CA, a node certificate signed by it (for 127.0.0.1 and localhost, used as both server and
 * client certificate, as Redis does by default) and, for negative tests, a certificate from
 * another CA. EC P-256 keys keep generation fast.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestCerts {
  dir: string;
  caCert: string;
  cert: string;
  key: string;
  /** Signed by a different CA: must be refused. */
  strangerCert: string;
  strangerKey: string;
  /** The redis.conf / sentinel.conf lines for the node certificate. */
  configLines: string[];
  /** Removes the directory. */
  remove(): void;
}

/** Runs `openssl` with its arguments written as one string (none of them contains a space). */
function openssl(cwd: string, args: string): void {
  execFileSync('openssl', args.split(' '), { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** The `req` options that make a new P-256 key `<name>.key`. */
const newKey = (name: string): string =>
  `-new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -keyout ${name}.key`;

function makeCa(dir: string, name: string): void {
  openssl(dir, `req -x509 ${newKey(name)} -out ${name}.crt -days 2 -subj /CN=vigil-test-${name}`);
}

function makeSigned(dir: string, ca: string, name: string): void {
  openssl(dir, `req ${newKey(name)} -out ${name}.csr -subj /CN=vigil-test-${name}`);
  fs.writeFileSync(path.join(dir, `${name}.ext`), 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n');
  openssl(
    dir,
    `x509 -req -in ${name}.csr -CA ${ca}.crt -CAkey ${ca}.key -CAcreateserial -out ${name}.crt -days 2 -extfile ${name}.ext`,
  );
}

export function makeTestCerts(): TestCerts {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-tls-'));
  makeCa(dir, 'ca');
  makeSigned(dir, 'ca', 'node');
  makeCa(dir, 'other-ca');
  makeSigned(dir, 'other-ca', 'stranger');
  const file = (name: string): string => path.join(dir, name);
  return {
    dir,
    caCert: file('ca.crt'),
    cert: file('node.crt'),
    key: file('node.key'),
    strangerCert: file('stranger.crt'),
    strangerKey: file('stranger.key'),
    configLines: [
      `tls-cert-file ${file('node.crt')}`,
      `tls-key-file ${file('node.key')}`,
      `tls-ca-cert-file ${file('ca.crt')}`,
    ],
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
