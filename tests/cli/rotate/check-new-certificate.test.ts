import { nonCertificateContent } from '../../../src/cli/rotate/check-new-certificate';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIG\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';

describe('nonCertificateContent', () => {
  it('accepts certificate blocks and blank space only', () => {
    expect(nonCertificateContent(`\n${CERT}\n${CERT}\n\n`, '--certificate-chain')).toBeUndefined();
  });

  it('names a key block and its line, without quoting it', () => {
    const reason = nonCertificateContent(`${CERT}${KEY}`, '--certificate-body');
    expect(reason).toBe('--certificate-body holds a "PRIVATE KEY" PEM block at line 4, not only certificates: give the private key with --private-key only; nothing is sent');
    expect(reason).not.toContain('MIGHAgEA');
  });

  it('names an RSA or EC key block too, and any other block', () => {
    expect(nonCertificateContent(KEY.replace(/PRIVATE KEY/g, 'RSA PRIVATE KEY'), '--certificate-chain')).toContain('holds a "RSA PRIVATE KEY" PEM block at line 1');
    expect(nonCertificateContent(`${CERT}${CERT.replace(/CERTIFICATE/g, 'X509 CRL')}`, '--certificate-chain')).toContain('"X509 CRL" PEM block at line 4, not only certificates: keep only CERTIFICATE blocks');
  });

  it('refuses text outside the blocks (openssl pkcs12 "Bag Attributes", a bare base64 key) by its line', () => {
    expect(nonCertificateContent(`Bag Attributes\n    localKeyID: 01\n${CERT}`, '--certificate-body')).toBe(
      '--certificate-body has text outside its PEM certificate blocks at line 1 (only CERTIFICATE blocks may be in it); nothing is sent',
    );
    expect(nonCertificateContent(`${CERT}MIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n`, '--certificate-body')).toContain('at line 4');
  });

  it('refuses a block without its END line', () => {
    expect(nonCertificateContent(`${CERT}-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n`, '--certificate-body')).toBe(
      '--certificate-body has a "PRIVATE KEY" PEM block without its END line at line 4; nothing is sent',
    );
  });
});
