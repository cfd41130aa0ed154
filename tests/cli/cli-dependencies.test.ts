import { awsServices } from '../../src/cli/cli-dependencies';

describe('awsServices', () => {
  it('defaults the load balancer scan to the --region given', async () => {
    await expect(awsServices({ region: 'eu-west-3' }).defaultRegion()).resolves.toBe('eu-west-3');
  });

  it('falls back to the SDK region resolution when no --region is given', async () => {
    const saved = process.env['AWS_REGION'];
    process.env['AWS_REGION'] = 'sa-east-1';
    try {
      await expect(awsServices({}).defaultRegion()).resolves.toBe('sa-east-1');
    } finally {
      if (saved === undefined) delete process.env['AWS_REGION'];
      else process.env['AWS_REGION'] = saved;
    }
  });
});
