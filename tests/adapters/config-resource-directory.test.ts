import { ConfigServiceClient, ListDiscoveredResourcesCommand, NoAvailableConfigurationRecorderException } from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { ConfigResourceDirectory } from '../../src/adapters/config-resource-directory';

const config = mockClient(ConfigServiceClient);

describe('ConfigResourceDirectory', () => {
  afterEach(() => config.reset());

  it('maps names to Config resource ids across pages of 100, excluding deleted resources', async () => {
    const requests: unknown[] = [];
    const pages = [
      { resourceIdentifiers: [{ resourceType: 'AWS::IAM::ServerCertificate', resourceId: 'ASCA1', resourceName: 'one' }], nextToken: 't1' },
      { resourceIdentifiers: [{ resourceType: 'AWS::IAM::ServerCertificate', resourceId: 'ASCA2', resourceName: 'two' }], nextToken: 't2' },
      { resourceIdentifiers: [{ resourceType: 'AWS::IAM::ServerCertificate', resourceId: 'ASCA3' }] },
    ];
    config.on(ListDiscoveredResourcesCommand).callsFake((input: object) => {
      requests.push({ ...input });
      return pages[requests.length - 1];
    });
    const { recorderAvailable, idsByName: ids } = await new ConfigResourceDirectory(new ConfigServiceClient({ region: 'us-east-1' })).serverCertificates();
    expect(recorderAvailable).toBe(true);
    expect([...ids]).toEqual([
      ['one', 'ASCA1'],
      ['two', 'ASCA2'],
    ]);
    expect(requests).toEqual([
      { resourceType: 'AWS::IAM::ServerCertificate', includeDeletedResources: false, limit: 100 },
      { resourceType: 'AWS::IAM::ServerCertificate', includeDeletedResources: false, limit: 100, nextToken: 't1' },
      { resourceType: 'AWS::IAM::ServerCertificate', includeDeletedResources: false, limit: 100, nextToken: 't2' },
    ]);
  });

  it('returns an empty map where the recorder does not record the type', async () => {
    config.on(ListDiscoveredResourcesCommand).resolves({ resourceIdentifiers: [] });
    const recorded = await new ConfigResourceDirectory(new ConfigServiceClient({ region: 'us-east-1' })).serverCertificates();
    expect(recorded).toEqual({ recorderAvailable: true, idsByName: new Map() });
  });

  it('says the recorder is missing, with an empty map, when the region has no configuration recorder', async () => {
    config
      .on(ListDiscoveredResourcesCommand)
      .rejects(new NoAvailableConfigurationRecorderException({ message: 'There are no configuration recorders available', $metadata: {} }));
    const recorded = await new ConfigResourceDirectory(new ConfigServiceClient({ region: 'us-east-1' })).serverCertificates();
    expect(recorded).toEqual({ recorderAvailable: false, idsByName: new Map() });
  });

  it('passes any other failure on', async () => {
    config.on(ListDiscoveredResourcesCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalFailure' }));
    await expect(new ConfigResourceDirectory(new ConfigServiceClient({ region: 'us-east-1' })).serverCertificates()).rejects.toThrow('boom');
  });
});
