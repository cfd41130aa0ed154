import { AcmReadError, type AcmCertificate } from '../../src/adapters/acm-certificates';
import { acmAdvice, acmReplacement, AcmRenewal, type AcmReader, type AdvisedCertificate } from '../../src/cli/acm-advice';
import type { Usage } from '../../src/usage/certificate-usage';

const NOW = new Date('2026-11-23T12:00:00Z');
const DAY = 86_400_000;
const options = { now: NOW, windowDays: 30 };

function acm(region: string, arn: string, overrides: Partial<AcmCertificate> = {}): AcmCertificate {
  return { arn, region, names: ['*.example.com'], keyAlgorithm: 'RSA_2048', type: 'AMAZON_ISSUED', notAfter: new Date(NOW.getTime() + 300 * DAY), ...overrides };
}

function reader(byRegion: Record<string, AcmCertificate[]>): AcmReader & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    issued: async (region) => {
      asked.push(region);
      return byRegion[region] ?? [];
    },
  };
}

/** The IAM certificate `api`, serving `names`; `reads` counts how often they are read. */
function serving(...names: string[]): AdvisedCertificate & { reads: number } {
  const certificate = {
    name: 'api',
    reads: 0,
    names: async () => {
      certificate.reads += 1;
      return names;
    },
  };
  return certificate;
}

const cdn: Usage = { service: 'cloudfront', resource: 'E1', detail: 'www.example.com', region: 'global' };
const classic: Usage = { service: 'elb', resource: 'old-elb', detail: '443', region: 'eu-west-1' };
const alb: Usage = { service: 'elbv2', resource: 'alb', detail: '443', region: 'eu-west-1' };

describe('ACM advice', () => {
  it('looks in us-east-1 for CloudFront and in the load balancer region for load balancers', async () => {
    const acms = reader({ 'us-east-1': [acm('us-east-1', 'arn:cdn')], 'eu-west-1': [acm('eu-west-1', 'arn:lb')] });
    const advice = await acmReplacement(serving('www.example.com'), [cdn, classic], acms, options);
    expect(advice).toEqual({
      kind: 'repoint',
      candidates: [
        expect.objectContaining({ region: 'eu-west-1', arn: 'arn:lb', services: ['elb'] }),
        expect.objectContaining({ region: 'us-east-1', arn: 'arn:cdn', services: ['cloudfront'] }),
      ],
    });
    expect(acms.asked).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('advises only key algorithms the consumer takes: ECDSA P-384 for an ALB, never for CloudFront or a Classic Load Balancer', async () => {
    const p384 = [acm('us-east-1', 'arn:p384', { keyAlgorithm: 'EC_secp384r1' })];
    expect(await acmReplacement(serving('www.example.com'), [cdn], reader({ 'us-east-1': p384 }), options)).toEqual({ kind: 'none' });
    const eu = [acm('eu-west-1', 'arn:p384', { keyAlgorithm: 'EC_secp384r1' })];
    expect(await acmReplacement(serving('www.example.com'), [classic], reader({ 'eu-west-1': eu }), options)).toEqual({ kind: 'none' });
    expect(await acmReplacement(serving('www.example.com'), [alb], reader({ 'eu-west-1': eu }), options)).toMatchObject({ kind: 'repoint', candidates: [{ arn: 'arn:p384' }] });
    // CloudFront takes ECDSA P-256.
    const p256 = [acm('us-east-1', 'arn:p256', { keyAlgorithm: 'EC_prime256v1' })];
    expect(await acmReplacement(serving('www.example.com'), [cdn], reader({ 'us-east-1': p256 }), options)).toMatchObject({ kind: 'repoint', candidates: [{ arn: 'arn:p256' }] });
  });

  it('never advises RSA 1024, even where the service would take it', async () => {
    const weak = [acm('us-east-1', 'arn:weak', { keyAlgorithm: 'RSA_1024' })];
    expect(await acmReplacement(serving('www.example.com'), [cdn], reader({ 'us-east-1': weak }), options)).toEqual({ kind: 'none' });
  });

  it('advises no certificate that is expired or ends within the window', async () => {
    const soon = [acm('us-east-1', 'arn:soon', { notAfter: new Date(NOW.getTime() + 29 * DAY) }), acm('us-east-1', 'arn:gone', { notAfter: new Date(NOW.getTime() - DAY) })];
    expect(await acmReplacement(serving('www.example.com'), [cdn], reader({ 'us-east-1': soon }), options)).toEqual({ kind: 'none' });
    expect(await acmReplacement(serving('www.example.com'), [cdn], reader({ 'us-east-1': soon }), { now: NOW, windowDays: 7 })).toMatchObject({ kind: 'repoint', candidates: [{ arn: 'arn:soon' }] });
  });

  it('prefers an Amazon-issued certificate to an imported one, and does not claim ACM renews an imported one', async () => {
    const both = [acm('us-east-1', 'arn:imported', { type: 'IMPORTED', notAfter: new Date(NOW.getTime() + 900 * DAY) }), acm('us-east-1', 'arn:amazon')];
    const preferred = await acmReplacement(serving('www.example.com'), [cdn], reader({ 'us-east-1': both }), options);
    expect(preferred).toMatchObject({ kind: 'repoint', candidates: [{ arn: 'arn:amazon', renewal: AcmRenewal.Acm }] });

    const imported = await acmReplacement(serving('www.example.com'), [cdn], reader({ 'us-east-1': [both[0] as AcmCertificate] }), options);
    expect(imported).toMatchObject({ kind: 'repoint', candidates: [{ arn: 'arn:imported', type: 'IMPORTED', renewal: AcmRenewal.NotRenewed }] });
    if (imported.kind !== 'repoint') throw new Error('expected advice');
    const text = acmAdvice(imported.candidates);
    expect(text).toBe('repoint to ACM arn:imported (us-east-1: cloudfront; imported: ACM does not renew it, re-import it before 2029-05-11T12:00:00Z)');
    expect(text).not.toContain('ACM renews it');
  });

  it('says a private CA certificate is renewed only once the CA lets ACM, and trusted only by clients that trust the CA', async () => {
    const advice = await acmReplacement(serving('www.example.com'), [cdn], reader({ 'us-east-1': [acm('us-east-1', 'arn:private', { type: 'PRIVATE' })] }), options);
    if (advice.kind !== 'repoint') throw new Error('expected advice');
    expect(advice.candidates[0]?.renewal).toBe(AcmRenewal.PrivateCa);
    expect(acmAdvice(advice.candidates)).toContain('private CA: ACM renews it once the CA lets it, and only clients that trust that CA accept it');
  });

  it('uses one certificate for every consumer of a region when it renews as well, else the best for each', async () => {
    const eu = [acm('eu-west-1', 'arn:rsa'), acm('eu-west-1', 'arn:ec', { keyAlgorithm: 'EC_prime256v1', notAfter: new Date(NOW.getTime() + 390 * DAY) })];
    expect(await acmReplacement(serving('www.example.com'), [classic, alb], reader({ 'eu-west-1': eu }), options)).toMatchObject({
      kind: 'repoint',
      candidates: [{ arn: 'arn:rsa', services: ['elb', 'elbv2'] }],
    });
    // The only RSA one is imported: the ALB gets the Amazon-issued ECDSA one rather than an unrenewed one.
    const mixed = [acm('eu-west-1', 'arn:rsa-imported', { type: 'IMPORTED' }), acm('eu-west-1', 'arn:ec', { keyAlgorithm: 'EC_prime256v1' })];
    expect(await acmReplacement(serving('www.example.com'), [classic, alb], reader({ 'eu-west-1': mixed }), options)).toMatchObject({
      kind: 'repoint',
      candidates: [
        { arn: 'arn:rsa-imported', services: ['elb'] },
        { arn: 'arn:ec', services: ['elbv2'] },
      ],
    });
  });

  it('gives none unless every name is covered', async () => {
    const narrow = [acm('us-east-1', 'arn:narrow', { names: ['www.example.com'] })];
    expect(await acmReplacement(serving('www.example.com', 'example.com'), [cdn], reader({ 'us-east-1': narrow }), options)).toEqual({ kind: 'none' });
  });

  it('turns an ACM failure into "not checked" with the reason, never an exception', async () => {
    const denied: AcmReader = {
      issued: async () => {
        throw Object.assign(new Error('User: x is not authorized to perform: acm:ListCertificates'), { name: 'AccessDeniedException' });
      },
    };
    await expect(acmReplacement(serving('www.example.com'), [cdn], denied, options)).resolves.toEqual({
      kind: 'not-checked',
      reason: 'acm:ListCertificates in us-east-1 failed: AccessDeniedException: User: x is not authorized to perform: acm:ListCertificates',
    });
  });

  it('reads the IAM certificate\'s names only once every needed region has a certificate whose key and validity suit its consumers', async () => {
    // No ACM certificate at all: the names (a GetServerCertificate for the report) are never read.
    const none = serving('www.example.com');
    expect(await acmReplacement(none, [cdn, classic], reader({}), options)).toEqual({ kind: 'none' });
    expect(none.reads).toBe(0);
    // us-east-1 has one for CloudFront, but eu-west-1 only ECDSA, which the Classic Load Balancer does not take.
    const partial = serving('www.example.com');
    const acms = reader({ 'us-east-1': [acm('us-east-1', 'arn:cdn')], 'eu-west-1': [acm('eu-west-1', 'arn:ec', { keyAlgorithm: 'EC_prime256v1' })] });
    expect(await acmReplacement(partial, [cdn, classic], acms, options)).toEqual({ kind: 'none' });
    expect(partial.reads).toBe(0);
    // Expiring within the window, or of no known type: no reason to read the names either.
    const expiring = serving('www.example.com');
    const soon = reader({ 'us-east-1': [acm('us-east-1', 'arn:soon', { notAfter: new Date(NOW.getTime() + 29 * DAY) }), acm('us-east-1', 'arn:odd', { type: 'SOMETHING_NEW' })] });
    expect(await acmReplacement(expiring, [cdn], soon, options)).toEqual({ kind: 'none' });
    expect(expiring.reads).toBe(0);
    // Once both regions have one, the names are read, once.
    const both = serving('www.example.com');
    const fits = reader({ 'us-east-1': [acm('us-east-1', 'arn:cdn')], 'eu-west-1': [acm('eu-west-1', 'arn:lb')] });
    expect(await acmReplacement(both, [cdn, classic], fits, options)).toMatchObject({ kind: 'repoint' });
    expect(both.reads).toBe(1);
  });

  it('does not read the names when ACM cannot be read, and gives "not checked" when the names cannot be read', async () => {
    const certificate = serving('www.example.com');
    const denied: AcmReader = {
      issued: async () => {
        throw Object.assign(new Error('no'), { name: 'AccessDeniedException' });
      },
    };
    await expect(acmReplacement(certificate, [cdn], denied, options)).resolves.toMatchObject({ kind: 'not-checked' });
    expect(certificate.reads).toBe(0);

    const unreadable: AdvisedCertificate = {
      name: 'old-api',
      names: async () => {
        throw Object.assign(new Error('User: x is not authorized to perform: iam:GetServerCertificate'), { name: 'AccessDenied' });
      },
    };
    await expect(acmReplacement(unreadable, [cdn], reader({ 'us-east-1': [acm('us-east-1', 'arn:cdn')] }), options)).resolves.toEqual({
      kind: 'not-checked',
      reason: 'iam:GetServerCertificate of old-api failed: AccessDenied: User: x is not authorized to perform: iam:GetServerCertificate',
    });
  });

  it('names the ACM call that failed: DescribeCertificate, not ListCertificates', async () => {
    const failing: AcmReader = {
      issued: async (region) => {
        throw new AcmReadError('acm:DescribeCertificate', region, Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
      },
    };
    await expect(acmReplacement(serving('www.example.com'), [classic], failing, options)).resolves.toEqual({
      kind: 'not-checked',
      reason: 'acm:DescribeCertificate in eu-west-1 failed: ThrottlingException: Rate exceeded',
    });
  });
});
