import {
  GetServerCertificateCommand,
  IAMClient,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  NoSuchEntityException,
  ServiceFailureException,
  type ServerCertificateMetadata,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { IamCertificateStore, LIST_SERVER_CERTIFICATES_PAGE_SIZE } from '../../src/adapters/iam-certificate-store';
import { TimeBudget } from '../../src/core/time-budget';
import { RuleError, TimeBudgetExceededError } from '../../src/errors';
import { makeCertificate } from '../support/certificates';

const iam = mockClient(IAMClient);

const metadata = (name: string, expiration = new Date('2027-01-01T00:00:00Z')): ServerCertificateMetadata => ({
  ServerCertificateName: name,
  ServerCertificateId: `ASCA${name.toUpperCase()}`,
  Arn: `arn:aws:iam::123456789012:server-certificate/${name}`,
  Path: '/',
  Expiration: expiration,
});

describe('IamCertificateStore', () => {
  afterEach(() => iam.reset());

  describe('listAll', () => {
    it('follows Marker across pages while IsTruncated, asking for 1000 a page', async () => {
      // Prepare: the paginator reuses one input object, so copy each request as it is sent.
      const pages = [
        { ServerCertificateMetadataList: [metadata('a'), metadata('b')], IsTruncated: true, Marker: 'm1' },
        { ServerCertificateMetadataList: [metadata('c')], IsTruncated: true, Marker: 'm2' },
        { ServerCertificateMetadataList: [metadata('d')], IsTruncated: false },
      ];
      const requests: unknown[] = [];
      iam.on(ListServerCertificatesCommand).callsFake((input: { Marker?: string }) => {
        requests.push({ ...input });
        return pages[requests.length - 1];
      });
      // Act
      const certificates = await new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).listAll();
      // Assess
      expect(certificates.map((c) => c.name)).toEqual(['a', 'b', 'c', 'd']);
      expect(requests).toEqual([
        { MaxItems: LIST_SERVER_CERTIFICATES_PAGE_SIZE },
        { MaxItems: 1000, Marker: 'm1' },
        { MaxItems: 1000, Marker: 'm2' },
      ]);
    });

    it('stops when IsTruncated is false even if a Marker comes back', async () => {
      iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [metadata('a')], IsTruncated: false, Marker: 'stray' });
      const certificates = await new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).listAll();
      expect(certificates).toHaveLength(1);
      expect(iam).toHaveReceivedCommandTimes(ListServerCertificatesCommand, 1);
    });

    it('maps IAM metadata to the rule’s certificate type', async () => {
      const expiration = new Date('2026-12-01T00:00:00Z');
      iam.on(ListServerCertificatesCommand).resolves({
        ServerCertificateMetadataList: [{ ...metadata('cf'), Path: '/cloudfront/prod/', Expiration: expiration }],
        IsTruncated: false,
      });
      const [certificate] = await new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).listAll();
      expect(certificate).toEqual({
        name: 'cf',
        id: 'ASCACF',
        arn: 'arn:aws:iam::123456789012:server-certificate/cf',
        path: '/cloudfront/prod/',
        expiration,
      });
    });

    it('returns nothing for an empty account', async () => {
      iam.on(ListServerCertificatesCommand).resolves({ ServerCertificateMetadataList: [], IsTruncated: false });
      await expect(new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).listAll()).resolves.toEqual([]);
    });

    it('fails loudly when IAM returns a certificate without an expiration', async () => {
      iam.on(ListServerCertificatesCommand).resolves({
        ServerCertificateMetadataList: [{ ...metadata('odd'), Expiration: undefined }],
        IsTruncated: false,
      });
      await expect(new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).listAll()).rejects.toThrow(
        'IAM returned a server certificate without an expiration (odd)',
      );
    });
  });

  describe('get', () => {
    it('reads one certificate by name', async () => {
      iam.on(GetServerCertificateCommand, { ServerCertificateName: 'api' }).resolves({
        ServerCertificate: { ServerCertificateMetadata: metadata('api'), CertificateBody: '-----BEGIN CERTIFICATE-----' },
      });
      const certificate = await new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).get('api');
      expect(certificate?.name).toBe('api');
      expect(certificate).not.toHaveProperty('CertificateBody');
    });

    it('returns undefined when IAM answers NoSuchEntity', async () => {
      iam.on(GetServerCertificateCommand).rejects(new NoSuchEntityException({ message: 'not found', $metadata: {} }));
      await expect(new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).get('gone')).resolves.toBeUndefined();
    });

    it('passes other IAM errors on', async () => {
      iam.on(GetServerCertificateCommand).rejects(new ServiceFailureException({ message: 'boom', $metadata: {} }));
      await expect(new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).get('x')).rejects.toThrow('boom');
    });

    it('fails loudly when IAM returns no metadata', async () => {
      iam.on(GetServerCertificateCommand).resolves({});
      await expect(new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).get('x')).rejects.toThrow(RuleError);
    });

    it('fails with TimeBudgetExceededError when the deadline aborts the call in flight', async () => {
      let now = 0;
      iam.on(GetServerCertificateCommand).callsFake(() => {
        now += 2_000;
        throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
      });
      const promise = new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).get('api', new TimeBudget(1_500, () => now));
      await expect(promise).rejects.toThrow(TimeBudgetExceededError);
      await expect(promise).rejects.toThrow(/spent during GetServerCertificate/);
    });
  });

  describe('dnsNamesOf', () => {
    it("reads the names from the certificate's body, by name", async () => {
      const certificate = await makeCertificate('api', { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-01-01T00:00:00Z') });
      iam.on(GetServerCertificateCommand, { ServerCertificateName: 'api' }).resolves({
        ServerCertificate: { ServerCertificateMetadata: metadata('api'), CertificateBody: certificate.certificatePem },
      });
      await expect(new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).dnsNamesOf('api')).resolves.toEqual(['api.example.test']);
      expect(iam).toHaveReceivedCommandTimes(GetServerCertificateCommand, 1);
    });

    it('gives no names for a certificate that is gone or whose body does not parse', async () => {
      iam.on(GetServerCertificateCommand, { ServerCertificateName: 'gone' }).rejects(new NoSuchEntityException({ message: 'not found', $metadata: {} }));
      iam.on(GetServerCertificateCommand, { ServerCertificateName: 'odd' }).resolves({ ServerCertificate: { ServerCertificateMetadata: metadata('odd'), CertificateBody: 'not a certificate' } });
      const store = new IamCertificateStore(new IAMClient({ region: 'us-east-1' }));
      await expect(store.dnsNamesOf('gone')).resolves.toEqual([]);
      await expect(store.dnsNamesOf('odd')).resolves.toEqual([]);
    });

    it('passes other IAM errors on (the report turns them into "ACM not checked")', async () => {
      const denied = Object.assign(new Error('not authorized to perform: iam:GetServerCertificate'), { name: 'AccessDenied' });
      iam.on(GetServerCertificateCommand).rejects(denied);
      await expect(new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).dnsNamesOf('api')).rejects.toThrow('not authorized to perform: iam:GetServerCertificate');
    });
  });

  describe('tagsOf', () => {
    it('reads every tag across pages, by certificate name', async () => {
      const requests: unknown[] = [];
      const pages = [
        { Tags: [{ Key: 'owner', Value: 'team-web' }], IsTruncated: true, Marker: 't1' },
        { Tags: [{ Key: 'cost-center', Value: '42' }], IsTruncated: false },
      ];
      iam.on(ListServerCertificateTagsCommand).callsFake((input: object) => {
        requests.push({ ...input });
        return pages[requests.length - 1];
      });
      const tags = await new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).tagsOf('shop');
      expect([...tags]).toEqual([
        ['owner', 'team-web'],
        ['cost-center', '42'],
      ]);
      expect(requests).toEqual([{ ServerCertificateName: 'shop' }, { ServerCertificateName: 'shop', Marker: 't1' }]);
    });

    it('gives no tags for a certificate deleted since it was listed', async () => {
      iam.on(ListServerCertificateTagsCommand).rejects(new NoSuchEntityException({ message: 'gone', $metadata: {} }));
      await expect(new IamCertificateStore(new IAMClient({ region: 'us-east-1' })).tagsOf('gone')).resolves.toEqual(new Map());
    });
  });
});
