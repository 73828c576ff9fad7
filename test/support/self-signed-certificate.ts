/**
 * A throw-away TLS identity for loopback servers: an EC P-256 key and a self-signed X.509 v3
 * certificate for 127.0.0.1 (subjectAltName IP, basicConstraints CA), built with node:crypto and
 * a small DER encoder, so a test can serve HTTPS and a client can verify it against this one
 * certificate as its CA, as it would a real cluster's. Nothing is written to disk.
 */
import { createPrivateKey, generateKeyPairSync, sign, X509Certificate } from 'node:crypto';

export interface TlsIdentity {
  /** PEM private key (PKCS#8). */
  readonly key: string;
  /** PEM certificate. */
  readonly cert: string;
  /** The certificate, base64 of its PEM: what a kubeconfig's certificate-authority-data holds. */
  readonly caData: string;
}

export function selfSignedCertificate(commonName = 'fake-server', validDays = 2): TlsIdentity {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(commonName, 'utf8')))));
  const now = Date.now();
  const tbs = seq(
    tlv(0xa0, integer(Buffer.from([2]))),
    integer(Buffer.from([0x01, ...Array.from({ length: 8 }, () => Math.floor(Math.random() * 256))])),
    ecdsaWithSha256,
    name,
    seq(utcTime(new Date(now - 60_000)), utcTime(new Date(now + validDays * 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    tlv(0xa3, seq(
      // subjectAltName: iPAddress 127.0.0.1 ([7] IMPLICIT OCTET STRING)
      seq(oid('2.5.29.17'), tlv(0x04, seq(tlv(0x87, Buffer.from([127, 0, 0, 1]))))),
      // basicConstraints (critical): cA TRUE
      seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq(tlv(0x01, Buffer.from([0xff]))))),
    )),
  );
  const signature = sign('sha256', tbs, { key: privateKey, dsaEncoding: 'der' });
  const der = seq(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const cert = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
  // Parse it back and check the signature: a malformed encoding fails here, not in a TLS handshake.
  if (!new X509Certificate(cert).verify(publicKey)) throw new Error('selfSignedCertificate: the certificate does not verify');
  const key = createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' })).export({ type: 'pkcs8', format: 'pem' }) as string;
  return { key, cert, caData: Buffer.from(cert, 'utf8').toString('base64') };
}

/** DER type-length-value; lengths up to 65535 (short form below 128, then one or two bytes). */
function tlv(tag: number, value: Buffer): Buffer {
  const length = value.length;
  if (length > 0xffff) throw new Error('selfSignedCertificate: a DER value longer than 65535 bytes');
  const header =
    length < 0x80 ? Buffer.from([tag, length])
      : length < 0x100 ? Buffer.from([tag, 0x81, length])
        : Buffer.from([tag, 0x82, Math.floor(length / 256), length % 256]);
  return Buffer.concat([header, value]);
}

function seq(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

function set(...items: Buffer[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

function integer(bytes: Buffer): Buffer {
  // A positive INTEGER whose first byte has the high bit set needs a leading zero.
  return tlv(0x02, bytes[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first * 40 + second];
  // Base 128, most significant group first, every byte but the last with the high bit set.
  for (const arc of rest) {
    const chunk = [arc % 128];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v % 128) + 128);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const iso = date.toISOString(); // 2026-12-01T08:00:00.000Z
  const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return tlv(0x17, Buffer.from(text, 'ascii'));
}
