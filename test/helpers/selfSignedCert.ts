/** A throwaway self-signed certificate and key (PEM files) made with openssl, for the bridge's TLS tests. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CertPair {
  certFile: string;
  keyFile: string;
}

export function selfSignedCert(names: { dns?: string[]; ip?: string[] } = { dns: ['localhost'], ip: ['127.0.0.1', '127.0.0.2'] }, dir = mkdtempSync(join(tmpdir(), 'phare-tls-'))): CertPair {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const altNames = [...(names.dns ?? []).map((n) => `DNS:${n}`), ...(names.ip ?? []).map((n) => `IP:${n}`)].join(',');
  // P-256 is quick to generate, and every browser and Node accept it.
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=phare-test', '-addext', `subjectAltName=${altNames}`, '-keyout', keyFile, '-out', certFile],
    { stdio: 'pipe' },
  );
  return { certFile, keyFile };
}
