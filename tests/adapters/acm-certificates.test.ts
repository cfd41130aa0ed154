import { ACMClient, DescribeCertificateCommand, ListCertificatesCommand, type CertificateSummary, type ListCertificatesCommandInput } from '@aws-sdk/client-acm';
import { mockClient } from 'aws-sdk-client-mock';
import { AcmCertificates, AcmReadError, LIST_CERTIFICATES_PAGE_SIZE } from '../../src/adapters/acm-certificates';
import { acmReplacement } from '../../src/cli/acm-advice';
import type { Usage } from '../../src/usage/certificate-usage';

const acm = mockClient(ACMClient);
const NOW = new Date('2026-11-23T12:00:00Z');
const NOT_AFTER = new Date('2027-11-23T12:00:00Z');

function summary(arn: string, names: string[], overrides: Partial<CertificateSummary> = {}): CertificateSummary {
  return {
    CertificateArn: arn,
    DomainName: names[0],
    SubjectAlternativeNameSummaries: names,
    HasAdditionalSubjectAlternativeNames: false,
    Status: 'ISSUED',
    Type: 'AMAZON_ISSUED',
    // As ACM answers it, hyphenated (see normalKeyAlgorithm).
    KeyAlgorithm: 'RSA-2048' as CertificateSummary['KeyAlgorithm'],
    NotAfter: NOT_AFTER,
    ...overrides,
  };
}

/** An AcmCertificates whose clients are counted by region. */
function reader(): { certificates: AcmCertificates; clients: string[] } {
  const clients: string[] = [];
  const certificates = new AcmCertificates((region) => {
    clients.push(region);
    return new ACMClient({ region });
  });
  return { certificates, clients };
}

const listRequests = (): ListCertificatesCommandInput[] => acm.commandCalls(ListCertificatesCommand).map((call) => ({ ...call.args[0].input }));

describe('AcmCertificates', () => {
  afterEach(() => acm.reset());

  it('lists each region once per instance, however many certificates ask, and again for a new instance', async () => {
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [summary('arn:aws:acm:us-east-1:1:certificate/a', ['a.example.com'])] });
    const { certificates, clients } = reader();
    const [first, second] = await Promise.all([certificates.issued('us-east-1'), certificates.issued('us-east-1')]);
    await certificates.issued('us-east-1');
    await certificates.issued('eu-west-1');
    expect(first).toBe(second);
    expect(clients).toEqual(['us-east-1', 'eu-west-1']);
    expect(acm).toHaveReceivedCommandTimes(ListCertificatesCommand, 2);

    await reader().certificates.issued('us-east-1');
    expect(acm).toHaveReceivedCommandTimes(ListCertificatesCommand, 3);
  });

  it('asks for issued certificates of every key type, 1,000 a page, and follows NextToken to the last page', async () => {
    acm
      .on(ListCertificatesCommand)
      .resolvesOnce({ CertificateSummaryList: [summary('arn:a', ['a.example.com'])], NextToken: 't1' })
      .resolvesOnce({ CertificateSummaryList: [summary('arn:b', ['b.example.com'], { KeyAlgorithm: 'EC-prime256v1' as CertificateSummary['KeyAlgorithm'] })], NextToken: 't2' })
      .resolvesOnce({ CertificateSummaryList: [summary('arn:c', ['C.Example.com'], { Type: 'IMPORTED' })] });
    const issued = await reader().certificates.issued('us-east-1');
    expect(issued).toEqual([
      { arn: 'arn:a', region: 'us-east-1', names: ['a.example.com'], keyAlgorithm: 'RSA_2048', type: 'AMAZON_ISSUED', notAfter: NOT_AFTER },
      { arn: 'arn:b', region: 'us-east-1', names: ['b.example.com'], keyAlgorithm: 'EC_prime256v1', type: 'AMAZON_ISSUED', notAfter: NOT_AFTER },
      { arn: 'arn:c', region: 'us-east-1', names: ['c.example.com'], keyAlgorithm: 'RSA_2048', type: 'IMPORTED', notAfter: NOT_AFTER },
    ]);
    // Without Includes.keyTypes ACM lists only RSA 1024 and 2048 (ACM API reference, Filters `keyTypes`).
    const keyTypes = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1'];
    const first = { CertificateStatuses: ['ISSUED'], Includes: { keyTypes }, MaxItems: LIST_CERTIFICATES_PAGE_SIZE };
    expect(listRequests()).toEqual([first, { ...first, NextToken: 't1' }, { ...first, NextToken: 't2' }]);
    expect(acm).not.toHaveReceivedCommand(DescribeCertificateCommand);
  });

  it('reads every name of a certificate whose summary stops at 100 (DescribeCertificate), so its 101st name can be advised', async () => {
    const names = Array.from({ length: 101 }, (_, i) => `host${i}.example.com`);
    const big = 'arn:aws:acm:us-east-1:1:certificate/big';
    acm.on(ListCertificatesCommand).resolves({
      CertificateSummaryList: [summary(big, names.slice(0, 100), { HasAdditionalSubjectAlternativeNames: true }), summary('arn:small', ['host100.example.com'], { NotAfter: new Date('2026-12-01T00:00:00Z') })],
    });
    acm.on(DescribeCertificateCommand, { CertificateArn: big }).resolves({ Certificate: { CertificateArn: big, DomainName: names[0], SubjectAlternativeNames: names } });
    const certificates = reader().certificates;
    const issued = await certificates.issued('us-east-1');
    expect(issued[0]?.names).toHaveLength(101);
    expect(issued[0]?.names).toContain('host100.example.com');
    expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 1);
    expect(acm).toHaveReceivedCommandWith(DescribeCertificateCommand, { CertificateArn: big });

    // The 101st name is the one the IAM certificate needs: only the big one (the small one expires within the window) replaces it.
    const cdn: Usage = { service: 'cloudfront', resource: 'E1', detail: 'host100.example.com', region: 'global' };
    const advice = await acmReplacement({ name: 'api', names: async () => ['host100.example.com'] }, [cdn], certificates, { now: NOW, windowDays: 30 });
    expect(advice).toMatchObject({ kind: 'repoint', candidates: [{ arn: big, region: 'us-east-1', services: ['cloudfront'] }] });
  });

  it('names the call that failed: ListCertificates or DescribeCertificate, and keeps the failure for the region', async () => {
    const denied = Object.assign(new Error('User: x is not authorized to perform: acm:ListCertificates'), { name: 'AccessDeniedException' });
    acm.on(ListCertificatesCommand).rejects(denied);
    const listing = reader().certificates;
    const promise = listing.issued('eu-west-1');
    await expect(promise).rejects.toThrow(AcmReadError);
    await expect(promise).rejects.toThrow('acm:ListCertificates in eu-west-1 failed: AccessDeniedException: User: x is not authorized to perform: acm:ListCertificates');
    await expect(listing.issued('eu-west-1')).rejects.toMatchObject({ action: 'acm:ListCertificates', region: 'eu-west-1', cause: denied });
    expect(acm).toHaveReceivedCommandTimes(ListCertificatesCommand, 1);

    acm.reset();
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [summary('arn:big', ['a.example.com'], { HasAdditionalSubjectAlternativeNames: true })] });
    acm.on(DescribeCertificateCommand).rejects(Object.assign(new Error('User: x is not authorized to perform: acm:DescribeCertificate'), { name: 'AccessDeniedException' }));
    const cdn: Usage = { service: 'cloudfront', resource: 'E1', detail: 'a.example.com', region: 'global' };
    await expect(acmReplacement({ name: 'api', names: async () => ['a.example.com'] }, [cdn], reader().certificates, { now: NOW, windowDays: 30 })).resolves.toEqual({
      kind: 'not-checked',
      reason: 'acm:DescribeCertificate in us-east-1 failed: AccessDeniedException: User: x is not authorized to perform: acm:DescribeCertificate',
    });
  });
});
