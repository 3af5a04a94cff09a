import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPem } from '../../../shared/validation';

/** Real PEM material from openssl, made fresh for this run. */
let dir: string;
let cert: string;
let cert2: string;
let key: string;
let csr: string;
let publicKey: string;

const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pem-test-'));
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test Root CA');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca2.key', '-out', 'ca2.pem', '-days', '2', '-subj', '/CN=Second CA');
  openssl('req', '-new', '-key', 'ca.key', '-out', 'req.csr', '-subj', '/CN=req');
  openssl('pkey', '-in', 'ca.key', '-pubout', '-out', 'pub.pem');
  cert = readFileSync(join(dir, 'ca.pem'), 'utf8');
  cert2 = readFileSync(join(dir, 'ca2.pem'), 'utf8');
  key = readFileSync(join(dir, 'ca.key'), 'utf8');
  csr = readFileSync(join(dir, 'req.csr'), 'utf8');
  publicKey = readFileSync(join(dir, 'pub.pem'), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const codes = (text: string) => checkPem(text).errors.map((i) => i.code);
const body = (pem: string) => pem.split('\n').filter((l) => l && !l.startsWith('-----'));
const rebuild = (lines: string[]) => `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;

describe('checkPem accepts real certificates', () => {
  it('one certificate', () => expect(checkPem(cert)).toEqual({ errors: [], certificates: 1 }));
  it('a bundle of two', () => expect(checkPem(cert + cert2)).toEqual({ errors: [], certificates: 2 }));
  it('Windows line endings', () => expect(checkPem(cert.replace(/\n/g, '\r\n')).certificates).toBe(1));
  it('openssl -text output around the block', () => {
    const text = openssl('x509', '-in', 'ca.pem', '-text');
    expect(checkPem(text)).toEqual({ errors: [], certificates: 1 });
  });
  it('base64 on one long line', () => expect(checkPem(rebuild([body(cert).join('')])).certificates).toBe(1));
  it.each(['', '   ', '\n\n'])('empty text %j means "no CA given"', (text) => expect(checkPem(text)).toEqual({ errors: [], certificates: 0 }));
});

describe('checkPem rejects, each for its own reason', () => {
  it('a private key, without repeating it', () => {
    const result = checkPem(key);
    expect(result.errors.map((i) => i.code)).toEqual(['PEM_PRIVATE_KEY']);
    expect(JSON.stringify(result)).not.toContain(body(key)[0]);
  });
  it('a certificate followed by its key', () => expect(codes(cert + key)).toEqual(['PEM_PRIVATE_KEY']));
  it.each(['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'ENCRYPTED PRIVATE KEY'])('a %s block', (label) => {
    expect(codes(`-----BEGIN ${label}-----\nMIIB\n-----END ${label}-----\n`)).toEqual(['PEM_PRIVATE_KEY']);
  });
  it('a certificate request', () => expect(codes(csr)).toEqual(['PEM_NOT_CERTIFICATE']));
  it('a public key', () => expect(codes(publicKey)).toEqual(['PEM_NOT_CERTIFICATE']));
  it("OpenSSL's TRUSTED CERTIFICATE format, with the conversion as the fix", () => {
    const trusted = openssl('x509', '-in', 'ca.pem', '-trustout', '-addtrust', 'serverAuth');
    expect(trusted).toContain('BEGIN TRUSTED CERTIFICATE');
    const [issue] = checkPem(trusted).errors;
    expect(issue?.code).toBe('PEM_TRUSTED_CERTIFICATE');
    expect(issue?.fix).toContain('openssl x509 -in ca.pem -out');
  });
  it('no END line', () => expect(codes(cert.replace(/-----END CERTIFICATE-----\s*$/, ''))).toEqual(['PEM_UNTERMINATED']));
  it('END names something else', () => expect(codes(cert.replace('END CERTIFICATE', 'END X509 CRL'))).toEqual(['PEM_LABEL_MISMATCH']));
  it('one character lost', () => {
    const lines = body(cert);
    lines[2] = (lines[2] as string).slice(1);
    expect(codes(rebuild(lines))).toEqual(['PEM_BAD_BASE64']);
  });
  it('a foreign character', () => {
    const lines = body(cert);
    lines[1] = `*${(lines[1] as string).slice(1)}`;
    expect(codes(rebuild(lines))).toEqual(['PEM_BAD_BASE64']);
  });
  it('a line missing (still base64, but the DER is short)', () => {
    const lines = body(cert);
    lines.splice(3, 1);
    expect(codes(rebuild(lines))).toEqual(['PEM_BAD_DER']);
  });
  it('base64 of something that is not DER', () => expect(codes(rebuild([btoa('hello, world')]))).toEqual(['PEM_BAD_DER']));
  it('an empty block', () => expect(codes(rebuild([]))).toEqual(['PEM_BAD_BASE64']));
  it('bare base64 without BEGIN/END', () => {
    const [issue] = checkPem(body(cert).join('\n')).errors;
    expect(issue?.code).toBe('PEM_NO_BLOCK');
    expect(issue?.fix).toContain('Add the BEGIN and END lines');
  });
  it('arbitrary text', () => {
    const [issue] = checkPem('this is not a certificate').errors;
    expect(issue?.code).toBe('PEM_NO_BLOCK');
    expect(issue?.fix).toContain('openssl x509 -inform der');
  });
  it('numbers the blocks so a bundle problem can be found', () => {
    const broken = cert + cert2.replace('END CERTIFICATE', 'END PKCS7');
    const [issue] = checkPem(broken).errors;
    expect(issue?.message).toMatch(/^Block 2 /);
    expect(checkPem(broken).certificates).toBe(1);
  });
});
