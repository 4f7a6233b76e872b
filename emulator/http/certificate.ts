import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface EmulatorCertificate {
  certPem: string;
  keyPem: string;
  /** Where the certificate is stored, when it is stored. */
  certPath?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A self-signed certificate for 127.0.0.1 and localhost. Clients trust exactly this certificate (as their CA);
 * nobody disables TLS verification. Kept in `directory` when given, so a restarted emulator keeps the certificate
 * that running clients already trust.
 */
export async function emulatorCertificate(directory?: string): Promise<EmulatorCertificate> {
  const certPath = directory ? join(directory, 'emulator-cert.pem') : undefined;
  const keyPath = directory ? join(directory, 'emulator-key.pem') : undefined;
  if (certPath && keyPath && existsSync(certPath) && existsSync(keyPath)) {
    const certPem = readFileSync(certPath, 'utf8');
    if (Date.parse(new X509Certificate(certPem).validTo) - Date.now() > DAY_MS) {
      return { certPem, keyPem: readFileSync(keyPath, 'utf8'), certPath };
    }
  }
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: 'siteshift ASR emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 365 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  if (directory && certPath && keyPath) {
    mkdirSync(directory, { recursive: true });
    writeFileSync(keyPath, pems.private, { mode: 0o600 });
    writeFileSync(certPath, pems.cert);
  }
  return { certPem: pems.cert, keyPem: pems.private, certPath };
}
