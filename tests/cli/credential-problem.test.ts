import { ConfigServiceClient, ConfigServiceServiceException, DescribeConfigurationAggregatorsCommand } from '@aws-sdk/client-config-service';
import { IAMClient, IAMServiceException, ListServerCertificatesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { CredentialsProviderError, TokenProviderError } from '@smithy/core/config';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsServices, type CliEnvironment } from '../../src/cli/cli-dependencies';
import { explainCredentialProblem } from '../../src/cli/credential-problem';
import { runCli } from '../../src/cli/run-cli';
import { CallerIdentityError } from '../../src/errors';

const NOW = new Date('2026-11-23T12:00:00Z');

/** The CLI in-process with its real AWS wiring; what it printed and its exit code. */
async function cli(argv: readonly string[], profile?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const environment: CliEnvironment = {
    services: awsServices,
    io: { stdout: (text) => void out.push(text), stderr: (text) => void err.push(text) },
    now: NOW,
    clock: () => NOW,
    appendLine: async () => undefined,
    writeFile: async () => undefined,
    ...(profile === undefined ? {} : { profile }),
  };
  const code = await runCli(argv, environment);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

function serviceError(Exception: typeof IAMServiceException | typeof ConfigServiceServiceException, name: string, message: string) {
  return new Exception({ name, $fault: 'client', $metadata: { httpStatusCode: 403 }, message });
}

describe('explainCredentialProblem', () => {
  it('names what to run when the SDK finds no credentials at all', () => {
    expect(explainCredentialProblem(new CredentialsProviderError('Could not load credentials from any providers', false), undefined)).toBe(
      'no AWS credentials found: run `aws configure` (access keys) or `aws sso login --profile NAME` (IAM Identity Center), then pass --profile NAME or set AWS_PROFILE',
    );
  });

  it.each([
    ['the default chain', 'Could not load credentials from any providers'],
    ['fromIni', 'Could not resolve credentials using profile: [prod] in configuration/credentials file(s).'],
  ])('names the profile when the profile gives none (%s)', (_provider, message) => {
    expect(explainCredentialProblem(new CredentialsProviderError(message, false), 'prod')).toBe(
      'no AWS credentials for profile "prod": it is not in the AWS config or credentials file, or has no keys, SSO or role settings (check `aws configure list-profiles`; set it up with `aws configure --profile prod` or `aws configure sso --profile prod`)',
    );
  });

  it.each([
    ['legacy SSO profile', new CredentialsProviderError('The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.', false)],
    ['sso-session token', new TokenProviderError("Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile.", false)],
    ['sso-session token that cannot be refreshed', new CredentialsProviderError("Value not present for 'clientId' in SSO Token. Cannot refresh. To refresh this SSO session run 'aws sso login' with the corresponding profile.", false)],
  ])('says aws sso login for an expired SSO session: %s', (_kind, error) => {
    expect(explainCredentialProblem(error, 'dev')).toBe('the IAM Identity Center (SSO) session of profile "dev" has expired: run `aws sso login --profile dev`');
  });

  it('says aws login for an expired console sign-in session', () => {
    const error = new CredentialsProviderError('Failed to load a token for session s-1, please re-authenticate using aws login', false);
    expect(explainCredentialProblem(error, 'console')).toBe('the console sign-in session of profile "console" has expired: run `aws login --profile console`');
  });

  it.each([
    ['ExpiredToken (IAM, STS, ELB, CloudFront)', serviceError(IAMServiceException, 'ExpiredToken', 'The security token included in the request is expired')],
    ['ExpiredTokenException (Config, ACM)', serviceError(ConfigServiceServiceException, 'ExpiredTokenException', 'The security token included in the request is expired')],
  ])('says the credentials expired, for either code AWS uses: %s', (_code, error) => {
    expect(explainCredentialProblem(error, undefined)).toBe(
      `the AWS credentials have expired (${error.name}): run \`aws sso login --profile NAME\` for an IAM Identity Center profile, or get new temporary credentials (and unset stale AWS_ACCESS_KEY_ID/AWS_SESSION_TOKEN)`,
    );
  });

  it('says the key is unknown for InvalidClientTokenId and UnrecognizedClientException', () => {
    expect(explainCredentialProblem(serviceError(IAMServiceException, 'InvalidClientTokenId', 'The security token included in the request is invalid.'), 'ops')).toBe(
      'AWS does not recognise these credentials (InvalidClientTokenId): the access key is wrong or deleted, or a temporary key came without its session token; check them with `aws sts get-caller-identity --profile ops`',
    );
    expect(explainCredentialProblem(serviceError(ConfigServiceServiceException, 'UnrecognizedClientException', 'The security token included in the request is invalid.'), undefined)).toContain(
      '(UnrecognizedClientException)',
    );
  });

  it('finds the problem through a cause chain, and quotes a profile name a shell would split', () => {
    const wrapped = new CallerIdentityError('CredentialsProviderError: …', { cause: new CredentialsProviderError('Could not load credentials from any providers', false) });
    expect(explainCredentialProblem(wrapped, 'my team')).toContain("`aws configure --profile 'my team'`");
  });

  it('leaves every other error alone: access denied, throttling, a network failure', () => {
    for (const error of [
      serviceError(IAMServiceException, 'AccessDenied', 'User: x is not authorized to perform: iam:ListServerCertificates'),
      serviceError(IAMServiceException, 'Throttling', 'Rate exceeded'),
      Object.assign(new Error('getaddrinfo ENOTFOUND iam.amazonaws.com'), { code: 'ENOTFOUND' }),
      'not even an error',
    ]) {
      expect(explainCredentialProblem(error, 'prod')).toBeUndefined();
    }
  });
});

describe('credential problems through the CLI', () => {
  const iam = mockClient(IAMClient);
  const config = mockClient(ConfigServiceClient);
  const sts = mockClient(STSClient);
  beforeEach(() => {
    // report names the account first (one GetCallerIdentity); these credentials still work for that.
    sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/ops' });
  });
  afterEach(() => {
    iam.reset();
    config.reset();
    sts.reset();
  });
  afterAll(() => {
    iam.restore();
    config.restore();
    sts.restore();
  });

  it('prints one line with what to do and exits 253 when IAM answers ExpiredToken', async () => {
    iam.on(ListServerCertificatesCommand).rejects(serviceError(IAMServiceException, 'ExpiredToken', 'The security token included in the request is expired'));

    const run = await cli(['report', '--no-usage', '--profile', 'prod', '--region', 'eu-west-1']);

    expect(run.code).toBe(253);
    expect(run.stderr).toBe(
      'listing IAM server certificates\niam-cert-expiry report: the AWS credentials have expired (ExpiredToken): run `aws sso login --profile prod` for an IAM Identity Center profile, or get new temporary credentials (and unset stale AWS_ACCESS_KEY_ID/AWS_SESSION_TOKEN)\n',
    );
    expect(run.stdout).toBe('');
  });

  it('does the same for a JSON service (Config) answering ExpiredTokenException', async () => {
    config.on(DescribeConfigurationAggregatorsCommand).rejects(serviceError(ConfigServiceServiceException, 'ExpiredTokenException', 'The security token included in the request is expired'));

    const run = await cli(['report', '--aggregator', 'org', '--region', 'us-east-1'], 'audit');

    expect(run.code).toBe(253);
    expect(run.stderr).toContain('iam-cert-expiry report: the AWS credentials have expired (ExpiredTokenException): run `aws sso login --profile audit`');
  });

  it('keeps exit 1 and the service error for anything else, e.g. AccessDenied', async () => {
    iam.on(ListServerCertificatesCommand).rejects(serviceError(IAMServiceException, 'AccessDenied', 'User: x is not authorized to perform: iam:ListServerCertificates'));

    const run = await cli(['report', '--no-usage', '--region', 'eu-west-1']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('iam-cert-expiry report: AccessDenied: User: x is not authorized to perform: iam:ListServerCertificates\n');
  });
});

/**
 * The SDK's real credential chain, reading AWS config and credentials files
 * of a temporary directory (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, and
 * HOME for the SSO token cache). Each failure happens before any request.
 */
describe('the real credential chain, from the AWS config files', () => {
  const saved = { ...process.env };
  let home: string;

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'cli-credentials-'));
    mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    writeFileSync(
      join(home, '.aws', 'config'),
      [
        '[profile regiononly]',
        'region = eu-west-1',
        '[profile sso-old]',
        'sso_start_url = https://example.awsapps.com/start',
        'sso_region = us-east-1',
        'sso_account_id = 123456789012',
        'sso_role_name = CertAdmin',
        'region = eu-west-1',
        '',
      ].join('\n'),
    );
    writeFileSync(join(home, '.aws', 'credentials'), '');
    // An SSO token cached by an earlier `aws sso login`, long expired; the cache file is named by the SHA-1 of the start URL.
    const cacheFile = `${createHash('sha1').update('https://example.awsapps.com/start').digest('hex')}.json`;
    writeFileSync(
      join(home, '.aws', 'sso', 'cache', cacheFile),
      JSON.stringify({ accessToken: 'expired', expiresAt: '2020-01-01T00:00:00Z', region: 'us-east-1', startUrl: 'https://example.awsapps.com/start' }),
    );
    for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
    Object.assign(process.env, {
      HOME: home,
      AWS_CONFIG_FILE: join(home, '.aws', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
      // No instance metadata service here: without this the chain would wait for 169.254.169.254.
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
    });
  });

  afterAll(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    rmSync(home, { recursive: true, force: true });
  });

  it('says no credentials were found, exit 253', async () => {
    const run = await cli(['report', '--no-usage', '--region', 'us-east-1']);
    expect(run.code).toBe(253);
    expect(run.stderr).toContain('iam-cert-expiry report: no AWS credentials found: run `aws configure`');
  });

  it('uses --profile over AWS_PROFILE and over access keys in the environment, as the AWS CLI does', async () => {
    process.env['AWS_ACCESS_KEY_ID'] = 'AKIAENVIRONMENTKEY01';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'not-used-with-a-profile';
    try {
      const run = await cli(['report', '--no-usage', '--profile', 'regiononly'], 'from-aws-profile');
      expect(run.code).toBe(253);
      expect(run.stderr).toContain('iam-cert-expiry report: no AWS credentials for profile "regiononly"');
    } finally {
      delete process.env['AWS_ACCESS_KEY_ID'];
      delete process.env['AWS_SECRET_ACCESS_KEY'];
    }
  });

  it('never falls back to other credentials for a profile that gives none (here: a container role the default chain would take)', async () => {
    const asked: string[] = [];
    const container = createServer((request, response) => {
      asked.push(request.url ?? '');
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ AccessKeyId: 'ASIACONTAINERROLE001', SecretAccessKey: 'container-secret', Token: 'container-token', Expiration: new Date(Date.now() + 3_600_000).toISOString() }));
    });
    await new Promise<void>((resolve) => container.listen(0, '127.0.0.1', resolve));
    process.env['AWS_CONTAINER_CREDENTIALS_FULL_URI'] = `http://127.0.0.1:${(container.address() as AddressInfo).port}/role`;
    try {
      const run = await cli(['report', '--no-usage', '--profile', 'prodd', '--region', 'us-east-1']);
      expect(run.code).toBe(253);
      expect(run.stderr).toContain('no AWS credentials for profile "prodd"');
      expect(asked).toEqual([]);
    } finally {
      delete process.env['AWS_CONTAINER_CREDENTIALS_FULL_URI'];
      container.close();
    }
  });

  it('treats AWS_PROFILE as --profile: that profile or an error', async () => {
    const run = await cli(['report', '--no-usage', '--region', 'us-east-1'], 'typo-from-environment');
    expect(run.code).toBe(253);
    expect(run.stderr).toContain('no AWS credentials for profile "typo-from-environment"');
  });

  it('says there is no region, naming the profile, when an unknown profile gives none', async () => {
    const run = await cli(['retire', '--profile', 'typo']);
    expect(run.code).toBe(253);
    expect(run.stderr).toBe(
      'listing the regions enabled for the account (account:ListRegions)\n' +
        'iam-cert-expiry retire: no AWS region: pass --region, set AWS_REGION, or add one to profile "typo" (`aws configure set region eu-west-1 --profile typo`; is the name right? `aws configure list-profiles`)\n',
    );
  });

  it('says aws sso login --profile for an expired SSO session', async () => {
    const run = await cli(['report', '--no-usage', '--profile', 'sso-old']);
    expect(run.code).toBe(253);
    expect(run.stderr).toContain('iam-cert-expiry report: the IAM Identity Center (SSO) session of profile "sso-old" has expired: run `aws sso login --profile sso-old`\n');
  });
});
