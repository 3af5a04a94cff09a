import type { FieldIssue } from './types';
import type { ErrorCode } from '../error-codes';

/**
 * A structural check of the "Root CA certificate" text: PEM blocks with matching BEGIN/END lines,
 * base64 bodies, and DER inside that is a well-formed ASN.1 SEQUENCE of the right length whose first
 * element is itself a SEQUENCE (the TBSCertificate). It does not verify signatures or dates: the TLS
 * probe does that against the live endpoint.
 */
const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)(?:-----END ([A-Z0-9 ]+)-----|$)/g;

const issue = (code: ErrorCode, message: string, fix?: string): FieldIssue => ({ field: 'ca', code, message, ...(fix ? { fix } : {}) });

/** Length of a DER TLV starting at `at`, or undefined when the header is malformed or runs past the end. */
function derLength(bytes: Uint8Array, at: number): { header: number; length: number } | undefined {
  const first = bytes[at + 1];
  if (first === undefined) return undefined;
  if (first < 0x80) return { header: 2, length: first };
  const count = first & 0x7f;
  if (count === 0 || count > 4 || at + 2 + count > bytes.length) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + (bytes[at + 2 + i] ?? 0);
  return { header: 2 + count, length };
}

function decodeBase64(body: string): Uint8Array | undefined {
  const compact = body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return undefined;
  try {
    return Uint8Array.from(atob(compact), (ch) => ch.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function checkDer(der: Uint8Array): boolean {
  if (der[0] !== 0x30) return false;
  const outer = derLength(der, 0);
  if (!outer || outer.header + outer.length !== der.length) return false;
  if (der[outer.header] !== 0x30) return false;
  const tbs = derLength(der, outer.header);
  return !!tbs && outer.header + tbs.header + tbs.length <= der.length;
}

export function checkPem(text: string): { errors: FieldIssue[]; certificates: number } {
  if (text.trim() === '') return { errors: [], certificates: 0 };
  const errors: FieldIssue[] = [];
  let certificates = 0;
  let index = 0;
  for (const match of text.matchAll(BLOCK)) {
    index += 1;
    const [, begin = '', body = '', end] = match;
    const where = `Block ${index} ("${begin}")`;
    if (begin.includes('PRIVATE KEY')) {
      errors.push(issue('PEM_PRIVATE_KEY', `${where} is a private key. Never paste a private key here.`, 'Paste the CA certificate (-----BEGIN CERTIFICATE-----) instead, and treat that key as exposed if it was shared.'));
      continue;
    }
    if (end === undefined) {
      errors.push(issue('PEM_UNTERMINATED', `${where} has no matching "-----END ${begin}-----" line.`, 'Copy the certificate again, including its last line.'));
      continue;
    }
    if (end !== begin) {
      errors.push(issue('PEM_LABEL_MISMATCH', `${where} ends with "-----END ${end}-----"; BEGIN and END must name the same thing.`));
      continue;
    }
    if (begin === 'TRUSTED CERTIFICATE') {
      // OpenSSL's own format (trust settings after the DER): Go's and Node's TLS stacks do not read it.
      errors.push(issue('PEM_TRUSTED_CERTIFICATE', `${where} is in OpenSSL's "TRUSTED CERTIFICATE" format, which the registry and this app cannot read.`, 'Convert it: openssl x509 -in ca.pem -out ca-plain.pem, and paste the result.'));
      continue;
    }
    if (begin !== 'CERTIFICATE') {
      errors.push(issue('PEM_NOT_CERTIFICATE', `${where} is not a certificate.`, 'Paste the root CA certificate (-----BEGIN CERTIFICATE-----).'));
      continue;
    }
    const der = decodeBase64(body);
    if (!der || der.length === 0) {
      errors.push(issue('PEM_BAD_BASE64', `${where} is not valid base64 between its BEGIN and END lines.`, 'Copy the certificate again without changes; a character was lost or added.'));
      continue;
    }
    if (!checkDer(der)) {
      errors.push(issue('PEM_BAD_DER', `${where} decodes, but not to a well-formed certificate (DER structure).`, 'The text is truncated or corrupted: copy the certificate again.'));
      continue;
    }
    certificates += 1;
  }
  if (index === 0) {
    const looksBase64 = /^[A-Za-z0-9+/=\r\n]{16,}$/.test(text.trim());
    errors.push(
      issue(
        'PEM_NO_BLOCK',
        'The root CA certificate contains no PEM block (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----).',
        looksBase64 ? 'Add the BEGIN and END lines around the base64 text.' : 'Paste the CA certificate in PEM format (a DER .cer file can be converted with openssl x509 -inform der).',
      ),
    );
  }
  return { errors, certificates };
}
