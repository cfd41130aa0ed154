import { CloudFrontClient, ListDistributionsCommand, type DistributionSummary } from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import type { CertificateReference } from '../../src/usage/certificate-usage';
import { CLOUDFRONT_PAGE_SIZE, CloudFrontReferences } from '../../src/usage/cloudfront-references';

const cloudfront = mockClient(CloudFrontClient);

function distribution(id: string, viewer: DistributionSummary['ViewerCertificate'], alias?: string): DistributionSummary {
  return {
    Id: id,
    DomainName: `${id.toLowerCase()}.cloudfront.net`,
    ViewerCertificate: viewer,
    ...(alias === undefined ? {} : { Aliases: { Quantity: 1, Items: [alias] } }),
  } as DistributionSummary;
}

function list(items: DistributionSummary[], next?: string) {
  return {
    DistributionList: {
      Items: items,
      Quantity: items.length,
      Marker: '',
      MaxItems: 100,
      IsTruncated: next !== undefined,
      ...(next === undefined ? {} : { NextMarker: next }),
    },
  };
}

async function scan(): Promise<CertificateReference[]> {
  const found: CertificateReference[] = [];
  await new CloudFrontReferences(new CloudFrontClient({ region: 'us-east-1' })).scan((r) => found.push(r));
  return found;
}

describe('CloudFrontReferences', () => {
  afterEach(() => cloudfront.reset());

  it('follows NextMarker while IsTruncated and matches IAMCertificateId as a certificate id, not an ARN', async () => {
    const requests: unknown[] = [];
    const pages = [
      list([distribution('E1', { IAMCertificateId: 'ASCAOLD', SSLSupportMethod: 'sni-only' }, 'www.example.com')], 'E1'),
      list([distribution('E2', { CloudFrontDefaultCertificate: true })], 'E2'),
      list([distribution('E3', { ACMCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' }), distribution('E4', { IAMCertificateId: 'ASCAOTHER' })]),
    ];
    cloudfront.on(ListDistributionsCommand).callsFake((input: object) => {
      requests.push({ ...input });
      return pages[requests.length - 1];
    });

    const found = await scan();

    expect(requests).toEqual([{ MaxItems: CLOUDFRONT_PAGE_SIZE }, { MaxItems: 100, Marker: 'E1' }, { MaxItems: 100, Marker: 'E2' }]);
    expect(found).toEqual([
      { certificate: { by: 'id', value: 'ASCAOLD' }, usage: { service: 'cloudfront', resource: 'E1', detail: 'www.example.com', region: 'global' } },
      { certificate: { by: 'id', value: 'ASCAOTHER' }, usage: { service: 'cloudfront', resource: 'E4', detail: 'e4.cloudfront.net', region: 'global' } },
    ]);
  });

  it('stops when IsTruncated is false even if a NextMarker comes back', async () => {
    cloudfront.on(ListDistributionsCommand).resolves({ DistributionList: { ...list([]).DistributionList, NextMarker: 'stray' } });
    await scan();
    expect(cloudfront).toHaveReceivedCommandTimes(ListDistributionsCommand, 1);
  });

  it('throws naming cloudfront:ListDistributions when the call fails', async () => {
    cloudfront.on(ListDistributionsCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDenied' }));
    await expect(scan()).rejects.toMatchObject({ action: 'cloudfront:ListDistributions', region: 'global', service: 'cloudfront' });
  });
});
