import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateCertificates } from '../../src/tls/certificates.js';

describe('generateCertificates', () => {
  const certs = generateCertificates();
  const ca = new X509Certificate(certs.ca.cert);
  const server = new X509Certificate(certs.server.cert);
  const client = new X509Certificate(certs.client.cert);

  it('makes a CA that signs the server and client certificates', () => {
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(client.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    expect(client.checkIssued(ca)).toBe(true);
  });

  it('names localhost, 127.0.0.1 and ::1 in the server certificate', () => {
    expect(server.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkIP('::1')).toBe('::1');
    expect(server.checkHost('example.com')).toBeUndefined();
    expect(client.subject).toBe('CN=localscale-client');
    expect(server.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(client.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
  });

  it('pairs every certificate with its private key and is valid now', () => {
    for (const pair of [certs.ca, certs.server, certs.client]) {
      const cert = new X509Certificate(pair.cert);
      expect(cert.checkPrivateKey(createPrivateKey(pair.key))).toBe(true);
      expect(createPublicKey(pair.key).equals(cert.publicKey)).toBe(true);
      expect(new Date(cert.validFrom).getTime()).toBeLessThan(Date.now());
      expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 300 * 24 * 3600 * 1000);
    }
  });

  it('takes other hosts and lifetimes', () => {
    const custom = new X509Certificate(generateCertificates({ hosts: ['edge.test', '10.0.0.1'], days: 2 }).server.cert);
    expect(custom.subjectAltName).toBe('DNS:edge.test, IP Address:10.0.0.1');
    expect(new Date(custom.validTo).getTime()).toBeLessThan(Date.now() + 3 * 24 * 3600 * 1000);
  });
});
