// A local CA, a server certificate (localhost, 127.0.0.1, ::1) and a client certificate for mutual TLS,
// made with node:crypto alone: ECDSA P-256 keys, X.509 v3 certificates assembled in DER and signed
// with the CA key (ecdsa-with-SHA256). No openssl binary or dependency is needed.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import net from 'node:net';
import {
  bitString, boolean, explicit, implicit, integer, namedBits, octetString, oid, sequence, set, time, utf8String,
} from './der.js';

export interface CertificateOptions {
  /** Names and addresses the server certificate is valid for; default localhost, 127.0.0.1, ::1. */
  hosts?: readonly string[];
  /** Validity from now; default 365 days. */
  days?: number;
  commonNames?: { ca?: string; server?: string; client?: string };
}

export interface PemPair { cert: string; key: string }

export interface GeneratedCertificates {
  ca: PemPair;
  server: PemPair;
  client: PemPair;
}

const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));

const name = (commonName: string) => sequence(set(sequence(oid('2.5.4.3'), utf8String(commonName))));

const extension = (id: string, critical: boolean, value: Buffer) =>
  sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));

function ipBytes(address: string): Buffer {
  if (net.isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  const [head = '', tail = ''] = address.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const h = groups(head), t = address.includes('::') ? groups(tail) : [];
  const all = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.concat(all.map((g) => { const b = Buffer.alloc(2); b.writeUInt16BE(parseInt(g, 16)); return b; }));
}

function subjectAltNames(hosts: readonly string[]): Buffer {
  return sequence(...hosts.map((h) => (net.isIP(h) ? implicit(7, ipBytes(h)) : implicit(2, Buffer.from(h, 'ascii')))));
}

const keyIdentifier = (publicKey: KeyObject) => createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();

interface Subject { commonName: string; publicKey: KeyObject }
interface Issuer { commonName: string; privateKey: KeyObject; publicKey: KeyObject }

function certificate(subject: Subject, issuer: Issuer, notBefore: Date, notAfter: Date, extensions: Buffer[]): string {
  const serial = randomBytes(16);
  serial[0]! &= 0x7f;
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(serial),
    ecdsaWithSha256,
    name(issuer.commonName),
    sequence(time(notBefore), time(notAfter)),
    name(subject.commonName),
    subject.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(
      extension('2.5.29.14', false, octetString(keyIdentifier(subject.publicKey))),
      extension('2.5.29.35', false, sequence(implicit(0, keyIdentifier(issuer.publicKey)))),
      ...extensions,
    )),
  );
  const der = sequence(tbs, ecdsaWithSha256, bitString(sign('sha256', tbs, issuer.privateKey)));
  const lines = der.toString('base64').match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN CERTIFICATE-----\n${lines}\n-----END CERTIFICATE-----\n`;
}

const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pemKey = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();

const keyUsage = { digitalSignature: 0, keyCertSign: 5, cRLSign: 6 };
const serverAuth = '1.3.6.1.5.5.7.3.1';
const clientAuth = '1.3.6.1.5.5.7.3.2';

export function generateCertificates(options: CertificateOptions = {}): GeneratedCertificates {
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + (options.days ?? 365) * 24 * 60 * 60 * 1000);
  const hosts = options.hosts ?? ['localhost', '127.0.0.1', '::1'];
  const names = { ca: 'LocalScale Local CA', server: hosts[0] ?? 'localhost', client: 'localscale-client', ...options.commonNames };

  const caKeys = keyPair();
  const ca: Issuer = { commonName: names.ca, ...caKeys };
  const caCert = certificate({ commonName: names.ca, publicKey: caKeys.publicKey }, ca, notBefore, notAfter, [
    extension('2.5.29.19', true, sequence(boolean(true))),
    extension('2.5.29.15', true, namedBits([keyUsage.digitalSignature, keyUsage.keyCertSign, keyUsage.cRLSign])),
  ]);

  const leaf = (commonName: string, purpose: string, sans: readonly string[] | null): PemPair => {
    const keys = keyPair();
    const cert = certificate({ commonName, publicKey: keys.publicKey }, ca, notBefore, notAfter, [
      extension('2.5.29.19', true, sequence()),
      extension('2.5.29.15', true, namedBits([keyUsage.digitalSignature])),
      extension('2.5.29.37', false, sequence(oid(purpose))),
      ...(sans ? [extension('2.5.29.17', false, subjectAltNames(sans))] : []),
    ]);
    return { cert, key: pemKey(keys.privateKey) };
  };

  return {
    ca: { cert: caCert, key: pemKey(caKeys.privateKey) },
    server: leaf(names.server, serverAuth, hosts),
    client: leaf(names.client, clientAuth, null),
  };
}
