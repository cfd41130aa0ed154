import { IAMClient, ListServerCertificateTagsCommand, TagServerCertificateCommand, UntagServerCertificateCommand } from '@aws-sdk/client-iam';
import { useStandInThroughSdk } from './stand-in-through-sdk';

describe('stand-in IAM TagServerCertificate / UntagServerCertificate, through the SDK', () => {
  const { standIn, client } = useStandInThroughSdk();
  const iam = () => client(() => new IAMClient({ maxAttempts: 1 }));
  const tagsOf = async (name: string) =>
    Object.fromEntries(((await iam().send(new ListServerCertificateTagsCommand({ ServerCertificateName: name }))).Tags ?? []).map((tag) => [tag.Key, tag.Value]));

  it('ST1: adds tags, overwrites a key that exists (IAM API reference, TagServerCertificate) and removes them by key', async () => {
    standIn().seedCertificates([{ name: 'shop', expiration: new Date('2027-01-01T00:00:00Z'), tags: [{ key: 'owner', value: 'team-a' }] }]);
    await iam().send(new TagServerCertificateCommand({ ServerCertificateName: 'shop', Tags: [{ Key: 'owner', Value: 'team-b' }, { Key: 'iam-cert-expiry:exception', Value: '2027-01-31 CHG-1' }] }));
    expect(await tagsOf('shop')).toEqual({ owner: 'team-b', 'iam-cert-expiry:exception': '2027-01-31 CHG-1' });
    await iam().send(new UntagServerCertificateCommand({ ServerCertificateName: 'shop', TagKeys: ['iam-cert-expiry:exception', 'absent'] }));
    expect(await tagsOf('shop')).toEqual({ owner: 'team-b' });
  });

  it('ST2: refuses the whole request for an invalid tag or more than 50 tags, and an unknown certificate', async () => {
    standIn().seedCertificates([{ name: 'shop', expiration: new Date('2027-01-01T00:00:00Z') }]);
    await expect(iam().send(new TagServerCertificateCommand({ ServerCertificateName: 'shop', Tags: [{ Key: 'ok', Value: 'fine' }, { Key: 'bad', Value: 'no#hash' }] }))).rejects.toMatchObject({ name: 'InvalidInputException' });
    expect(await tagsOf('shop')).toEqual({});
    const many = Array.from({ length: 51 }, (_, index) => ({ Key: `k${index}`, Value: 'v' }));
    await expect(iam().send(new TagServerCertificateCommand({ ServerCertificateName: 'shop', Tags: many }))).rejects.toMatchObject({ name: 'LimitExceededException' });
    await expect(iam().send(new TagServerCertificateCommand({ ServerCertificateName: 'gone', Tags: [{ Key: 'a', Value: 'b' }] }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });
});
