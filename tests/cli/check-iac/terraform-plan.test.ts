import { checkFile, configResource, gate, pemEnding, planJson, resourceChange } from './fixtures';

async function resultOf(plan: string, options = gate) {
  return checkFile('plan.json', plan, options);
}

async function findingsOf(plan: string, options = gate) {
  return (await resultOf(plan, options)).findings;
}

describe('check-iac on Terraform plans', () => {
  it('T1: flags an expired and an expiring inline certificate body, and passes a valid one', async () => {
    const plan = planJson([
      resourceChange('aws_iam_server_certificate', 'old', { name: 'old', certificate_body: await pemEnding(-3) }),
      resourceChange('aws_iam_server_certificate', 'soon', { name: 'soon', certificate_body: await pemEnding(12) }, { actions: ['no-op'] }),
      resourceChange('aws_iam_server_certificate', 'fine', { name: 'fine', certificate_body: await pemEnding(200) }, { actions: ['update'] }),
    ]);
    const findings = await findingsOf(plan);
    expect(findings.map((f) => [f.resource, f.rule.id, f.level])).toEqual([
      ['aws_iam_server_certificate.old', 'IAMCERT001', 'error'],
      ['aws_iam_server_certificate.soon', 'IAMCERT002', 'error'],
    ]);
    expect(findings[0]?.message).toMatch(/expired 2026-11-21T12:00:00Z \(3 days ago\)/);
    expect(findings[1]?.message).toMatch(/12 days left\), within 30 days/);
    // The position is the certificate_body line of that resource in the pretty-printed plan.
    const lines = plan.split('\n');
    expect(lines[(findings[0]?.position.line ?? 0) - 1]).toContain('"certificate_body"');
  });

  it('T2: checks a replacement, and skips a certificate the plan only deletes', async () => {
    const findings = await findingsOf(
      planJson([
        resourceChange('aws_iam_server_certificate', 'replaced', { certificate_body: await pemEnding(-1) }, { actions: ['delete', 'create'] }),
        resourceChange('aws_iam_server_certificate', 'gone', { certificate_body: await pemEnding(-100) }, { actions: ['delete'] }),
      ]),
    );
    expect(findings.map((f) => f.resource)).toEqual(['aws_iam_server_certificate.replaced']);
  });

  it('T3: reports a body known only after apply as unknown, never as passed: an error unless --allow-unknown', async () => {
    const plan = planJson([resourceChange('aws_iam_server_certificate', 'computed', { name: 'computed' }, { afterUnknown: { certificate_body: true } })]);
    expect((await findingsOf(plan)).map((f) => [f.rule.id, f.level])).toEqual([['IAMCERT003', 'error']]);
    expect((await findingsOf(plan, { ...gate, allowUnknown: true })).map((f) => [f.rule.id, f.level])).toEqual([['IAMCERT003', 'warning']]);
  });

  it('T4: flags listeners and distributions that point at an IAM certificate, not at ACM', async () => {
    const iamArn = 'arn:aws:iam::123456789012:server-certificate/www';
    const findings = await findingsOf(
      planJson([
        resourceChange('aws_lb_listener', 'https', { port: 443, certificate_arn: iamArn }),
        resourceChange('aws_lb_listener', 'acm', { port: 443, certificate_arn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }),
        resourceChange('aws_lb_listener_certificate', 'extra', { certificate_arn: iamArn }),
        resourceChange('aws_elb', 'classic', { listener: [{ lb_port: 443, ssl_certificate_id: iamArn }, { lb_port: 80, ssl_certificate_id: '' }] }),
        resourceChange('aws_cloudfront_distribution', 'cdn', { viewer_certificate: [{ iam_certificate_id: 'ASCAEXAMPLE', acm_certificate_arn: '' }] }),
        resourceChange('aws_cloudfront_distribution', 'acm_cdn', { viewer_certificate: [{ iam_certificate_id: '', acm_certificate_arn: 'arn:aws:acm:us-east-1:1:certificate/x' }] }),
      ]),
    );
    expect(findings.map((f) => [f.resource, f.rule.id, f.level])).toEqual([
      ['aws_lb_listener.https', 'IAMCERT005', 'warning'],
      ['aws_lb_listener_certificate.extra', 'IAMCERT005', 'warning'],
      ['aws_elb.classic', 'IAMCERT005', 'warning'],
      ['aws_cloudfront_distribution.cdn', 'IAMCERT005', 'warning'],
    ]);
    expect(findings[0]?.message).toContain('AWS Certificate Manager certificates are accepted here');
  });

  it('T5: --deny-iam-certificates makes any IAM server certificate an error, valid or not', async () => {
    const findings = await findingsOf(planJson([resourceChange('aws_iam_server_certificate', 'fine', { certificate_body: await pemEnding(300) })]), {
      ...gate,
      denyIamCertificates: true,
    });
    expect(findings.map((f) => [f.rule.id, f.level])).toEqual([['IAMCERT006', 'error']]);
  });

  it('T6: says a body that is not a certificate is invalid', async () => {
    const findings = await findingsOf(planJson([resourceChange('aws_iam_server_certificate', 'bad', { certificate_body: '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----' })]));
    expect(findings.map((f) => f.rule.id)).toEqual(['IAMCERT004']);
  });

  it('T7: flags a listener whose certificate is created in the same plan, through the configuration\'s references', async () => {
    const plan = JSON.parse(
      planJson([
        resourceChange('aws_iam_server_certificate', 'new', { certificate_body: await pemEnding(300) }),
        resourceChange('aws_lb_listener', 'https', { port: 443 }, { afterUnknown: { certificate_arn: true } }),
      ]),
    ) as Record<string, unknown>;
    plan['configuration'] = {
      root_module: { resources: [{ address: 'aws_lb_listener.https', expressions: { certificate_arn: { references: ['aws_iam_server_certificate.new.arn', 'aws_iam_server_certificate.new'] } } }] },
    };
    const findings = await findingsOf(JSON.stringify(plan, null, 2));
    expect(findings.map((f) => [f.resource, f.rule.id])).toEqual([['aws_lb_listener.https', 'IAMCERT005']]);
  });

  it('T8: reads a plan with no changes (Terraform omits the empty resource_changes) as a plan, with nothing to report', async () => {
    // What `terraform show -json` prints for a configuration with nothing to do: every property is omitempty.
    const empty = JSON.stringify({
      format_version: '1.2',
      terraform_version: '1.9.8',
      planned_values: { root_module: {} },
      configuration: { provider_config: { aws: { name: 'aws', full_name: 'registry.terraform.io/hashicorp/aws' } }, root_module: {} },
      timestamp: '2026-11-24T12:00:00Z',
      applyable: false,
      complete: true,
      errored: false,
    });
    const result = await resultOf(empty);
    expect([result.problems, result.checked.length, result.findings]).toEqual([[], 1, []]);
  });

  it('T9: names a Terraform state given instead of a plan, and refuses a plan format of a major version it does not know', async () => {
    const state = await resultOf(JSON.stringify({ format_version: '1.0', terraform_version: '1.9.8', values: { root_module: {} } }));
    expect(state.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/a Terraform state, not a plan/) })]);
    const future = await resultOf(JSON.stringify({ format_version: '2.0', terraform_version: '2.0.0', planned_values: {} }));
    expect(future.problems).toEqual([expect.objectContaining({ message: expect.stringMatching(/format_version 2\.0 is not supported/) })]);
  });

  it('T10: flags a classic ELB and a CloudFront distribution whose certificate is created in the same plan (known after apply)', async () => {
    const findings = await findingsOf(
      planJson(
        [
          resourceChange('aws_iam_server_certificate', 'new', { certificate_body: await pemEnding(300) }),
          resourceChange('aws_elb', 'classic', { listener: [{ lb_port: 443, lb_protocol: 'https' }] }, { afterUnknown: { listener: [{ ssl_certificate_id: true }] } }),
          resourceChange('aws_cloudfront_distribution', 'cdn', { viewer_certificate: [{ acm_certificate_arn: null }] }, { afterUnknown: { viewer_certificate: [{ iam_certificate_id: true }] } }),
          // Known after apply too, but referencing an ACM certificate: not flagged.
          resourceChange('aws_elb', 'acm', { listener: [{ lb_port: 443 }] }, { afterUnknown: { listener: [{ ssl_certificate_id: true }] } }),
        ],
        {
          configuration: {
            root_module: {
              resources: [
                configResource('aws_iam_server_certificate', 'new', {}),
                configResource('aws_elb', 'classic', { ssl_certificate_id: ['aws_iam_server_certificate.new.arn', 'aws_iam_server_certificate.new'] }, 'listener'),
                configResource('aws_cloudfront_distribution', 'cdn', { iam_certificate_id: ['aws_iam_server_certificate.new.id', 'aws_iam_server_certificate.new'] }, 'viewer_certificate'),
                configResource('aws_elb', 'acm', { ssl_certificate_id: ['aws_acm_certificate.www.arn', 'aws_acm_certificate.www'] }, 'listener'),
              ],
            },
          },
        },
      ),
    );
    expect(findings.map((f) => [f.resource, f.rule.id, f.level])).toEqual([
      ['aws_elb.classic', 'IAMCERT005', 'warning'],
      ['aws_cloudfront_distribution.cdn', 'IAMCERT005', 'warning'],
    ]);
    expect(findings[0]?.message).toContain('listener.ssl_certificate_id (known after apply: aws_iam_server_certificate.new, in this plan)');
  });

  it('T11: follows references inside modules: a listener next to its certificate, through an input variable, and through a module output', async () => {
    const unknownArn = { afterUnknown: { certificate_arn: true } };
    const listener = (name: string) => configResource('aws_lb_listener', name, { certificate_arn: [`${name}-placeholder`] });
    const plan = planJson(
      [
        resourceChange('aws_iam_server_certificate', 'site', { certificate_body: await pemEnding(300) }, { module: 'module.web["eu"]' }),
        resourceChange('aws_lb_listener', 'same_module', { port: 443 }, { ...unknownArn, module: 'module.web["eu"]' }),
        resourceChange('aws_lb_listener', 'through_variable', { port: 443 }, { ...unknownArn, module: 'module.web["eu"].module.edge' }),
        resourceChange('aws_lb_listener', 'through_output', { port: 443 }, unknownArn),
        resourceChange('aws_lb_listener', 'unrelated', { port: 443 }, { ...unknownArn, module: 'module.web["eu"]' }),
      ],
      {
        configuration: {
          root_module: {
            resources: [{ ...listener('through_output'), expressions: { certificate_arn: { references: ['module.web.certificate_arn', 'module.web'] } } }],
            module_calls: {
              web: {
                source: './web',
                for_each_expression: { constant_value: { eu: {} } },
                module: {
                  outputs: { certificate_arn: { expression: { references: ['aws_iam_server_certificate.site.arn', 'aws_iam_server_certificate.site'] } } },
                  resources: [
                    configResource('aws_iam_server_certificate', 'site', {}),
                    configResource('aws_lb_listener', 'same_module', { certificate_arn: ['aws_iam_server_certificate.site.arn', 'aws_iam_server_certificate.site'] }),
                    configResource('aws_lb_listener', 'unrelated', { certificate_arn: ['var.acm_arn'] }),
                  ],
                  module_calls: {
                    edge: {
                      source: './edge',
                      expressions: { certificate: { references: ['aws_iam_server_certificate.site.arn', 'aws_iam_server_certificate.site'] } },
                      module: { resources: [configResource('aws_lb_listener', 'through_variable', { certificate_arn: ['var.certificate'] })] },
                    },
                  },
                },
              },
            },
          },
        },
      },
    );
    const findings = await findingsOf(plan);
    expect(findings.map((f) => [f.resource, f.rule.id])).toEqual([
      ['module.web["eu"].aws_lb_listener.same_module', 'IAMCERT005'],
      ['module.web["eu"].module.edge.aws_lb_listener.through_variable', 'IAMCERT005'],
      ['aws_lb_listener.through_output', 'IAMCERT005'],
    ]);
    expect(findings.map((f) => f.message.match(/known after apply: (\S+),/)?.[1])).toEqual([
      'module.web.aws_iam_server_certificate.site',
      'module.web.aws_iam_server_certificate.site',
      'module.web.aws_iam_server_certificate.site',
    ]);
  });

  it('T12: a data source that reads an existing IAM certificate is not a certificate the change stores, even with --deny-iam-certificates', async () => {
    const findings = await findingsOf(
      planJson([
        resourceChange('aws_iam_server_certificate', 'existing', { name: 'existing', certificate_body: await pemEnding(-30) }, { mode: 'data', actions: ['read'] }),
        resourceChange('aws_iam_server_certificate', 'managed', { certificate_body: await pemEnding(300) }),
      ]),
      { ...gate, denyIamCertificates: true },
    );
    expect(findings.map((f) => [f.resource, f.rule.id])).toEqual([['aws_iam_server_certificate.managed', 'IAMCERT006']]);
  });

  it('T13: checks awscc_iam_server_certificate (AWS Cloud Control provider) as aws_iam_server_certificate', async () => {
    const findings = await findingsOf(
      planJson([
        resourceChange('awscc_iam_server_certificate', 'old', { server_certificate_name: 'old', certificate_body: await pemEnding(-2) }),
        resourceChange('awscc_iam_server_certificate', 'later', { server_certificate_name: 'later' }, { afterUnknown: { certificate_body: true } }),
      ]),
    );
    expect(findings.map((f) => [f.resource, f.rule.id])).toEqual([
      ['awscc_iam_server_certificate.old', 'IAMCERT001'],
      ['awscc_iam_server_certificate.later', 'IAMCERT003'],
    ]);
  });

  it('T14: reads aws_cloudcontrolapi_resource desired_state (a JSON string, as jsonencode writes it) as a resource of its type_name', async () => {
    const desired = (body: string) => JSON.stringify({ ServerCertificateName: 'www', CertificateBody: body });
    const plan = planJson([
      resourceChange('aws_cloudcontrolapi_resource', 'old', { type_name: 'AWS::IAM::ServerCertificate', desired_state: desired(await pemEnding(-1)) }),
      resourceChange('aws_cloudcontrolapi_resource', 'fine', { type_name: 'AWS::IAM::ServerCertificate', desired_state: desired(await pemEnding(300)) }),
      resourceChange('aws_cloudcontrolapi_resource', 'later', { type_name: 'AWS::IAM::ServerCertificate' }, { afterUnknown: { desired_state: true } }),
      resourceChange('aws_cloudcontrolapi_resource', 'bucket', { type_name: 'AWS::S3::Bucket', desired_state: '{"BucketName": "b"}' }),
      resourceChange('aws_cloudcontrolapi_resource', 'set', { type_name: 'AWS::CloudFormation::StackSet', desired_state: JSON.stringify({ TemplateURL: 'https://example.com/t.yaml' }) }),
    ]);
    const findings = await findingsOf(plan);
    expect(findings.map((f) => [f.resource, f.rule.id])).toEqual([
      ['aws_cloudcontrolapi_resource.old', 'IAMCERT001'],
      ['aws_cloudcontrolapi_resource.later', 'IAMCERT003'],
      ['aws_cloudcontrolapi_resource.set', 'IAMCERT007'],
    ]);
    expect(plan.split('\n')[(findings[0]?.position.line ?? 0) - 1]).toContain('"desired_state"');
    const broken = await resultOf(planJson([resourceChange('aws_cloudcontrolapi_resource', 'x', { type_name: 'AWS::IAM::ServerCertificate', desired_state: '{not json' })]));
    expect(broken.problems).toEqual([expect.objectContaining({ message: expect.stringContaining('the desired_state of aws_cloudcontrolapi_resource.x is not JSON') })]);
  });

  it('T15: checks the template_body of a CloudFormation stack or stack set in the plan, and names a template it cannot see', async () => {
    const template = async (days: number) => JSON.stringify({ Resources: { Cert: { Type: 'AWS::IAM::ServerCertificate', Properties: { CertificateBody: await pemEnding(days) } } } });
    const yamlTemplate = `Resources:\n  Cert:\n    Type: AWS::IAM::ServerCertificate\n    Properties:\n      CertificateBody: ${JSON.stringify(await pemEnding(4))}\n`;
    const plan = planJson([
      resourceChange('aws_cloudformation_stack', 'json', { name: 'a', template_body: await template(-6) }),
      resourceChange('aws_cloudformation_stack_set', 'yaml', { name: 'b', template_body: yamlTemplate }),
      resourceChange('awscc_cloudformation_stack', 'cc', { stack_name: 'c', template_body: await template(-1) }),
      resourceChange('aws_cloudformation_stack', 'url', { name: 'd', template_url: 'https://bucket.s3.amazonaws.com/t.yaml', template_body: null }),
      resourceChange('aws_cloudformation_stack', 'later', { name: 'e' }, { afterUnknown: { template_body: true } }),
      resourceChange('aws_cloudformation_stack', 'fine', { name: 'f', template_body: await template(300) }),
    ]);
    const findings = await findingsOf(plan);
    expect(findings.map((f) => [f.resource, f.rule.id, f.level])).toEqual([
      ['aws_cloudformation_stack.json/Cert', 'IAMCERT001', 'error'],
      ['aws_cloudformation_stack_set.yaml/Cert', 'IAMCERT002', 'error'],
      ['awscc_cloudformation_stack.cc/Cert', 'IAMCERT001', 'error'],
      ['aws_cloudformation_stack.url', 'IAMCERT007', 'error'],
      ['aws_cloudformation_stack.later', 'IAMCERT007', 'error'],
    ]);
    expect(plan.split('\n')[(findings[0]?.position.line ?? 0) - 1]).toContain('"template_body"');
    const allowed = await findingsOf(plan, { ...gate, allowUnchecked: true });
    expect(allowed.filter((f) => f.rule.id === 'IAMCERT007').map((f) => f.level)).toEqual(['warning', 'warning']);
  });

  it('T16: checks the TemplateBody of a stack or stack set deployed through Cloud Control, a string or a mapping, as a template', async () => {
    const template = async (days: number) => ({ Resources: { Cert: { Type: 'AWS::IAM::ServerCertificate', Properties: { CertificateBody: await pemEnding(days) } } } });
    const cloudControl = (name: string, typeName: string, properties: Record<string, unknown>) => resourceChange('aws_cloudcontrolapi_resource', name, { type_name: typeName, desired_state: JSON.stringify(properties) });
    const plan = planJson([
      cloudControl('string', 'AWS::CloudFormation::Stack', { StackName: 's', TemplateBody: JSON.stringify(await template(-2)) }),
      cloudControl('mapping', 'AWS::CloudFormation::Stack', { StackName: 'm', TemplateBody: await template(-3) }),
      cloudControl('yaml', 'AWS::CloudFormation::Stack', { StackName: 'y', TemplateBody: `Resources:\n  Cert:\n    Type: AWS::IAM::ServerCertificate\n    Properties:\n      CertificateBody: ${JSON.stringify(await pemEnding(5))}\n` }),
      cloudControl('set', 'AWS::CloudFormation::StackSet', { StackSetName: 'ss', PermissionModel: 'SELF_MANAGED', TemplateBody: await template(-4) }),
      cloudControl('both', 'AWS::CloudFormation::Stack', { StackName: 'b', TemplateBody: JSON.stringify(await template(300)), TemplateURL: 'https://bucket.s3.amazonaws.com/t.json' }),
      cloudControl('fine', 'AWS::CloudFormation::Stack', { StackName: 'f', TemplateBody: JSON.stringify(await template(300)) }),
      cloudControl('broken', 'AWS::CloudFormation::Stack', { StackName: 'x', TemplateBody: 42 }),
    ]);
    const result = await resultOf(plan);
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.level])).toEqual([
      ['aws_cloudcontrolapi_resource.string/Cert', 'IAMCERT001', 'error'],
      ['aws_cloudcontrolapi_resource.mapping/Cert', 'IAMCERT001', 'error'],
      ['aws_cloudcontrolapi_resource.yaml/Cert', 'IAMCERT002', 'error'],
      ['aws_cloudcontrolapi_resource.set/Cert', 'IAMCERT001', 'error'],
      ['aws_cloudcontrolapi_resource.both', 'IAMCERT007', 'error'],
    ]);
    expect(plan.split('\n')[(result.findings[0]?.position.line ?? 0) - 1]).toContain('"desired_state"');
    expect(result.problems).toEqual([expect.objectContaining({ message: 'the TemplateBody of aws_cloudcontrolapi_resource.broken is not a template (a string, or a mapping with Resources)' })]);
  });

  it('T17: a Cloud Control resource whose type_name is known only after apply is an unknown certificate, never a pass; what its desired state holds is judged too', async () => {
    const unknownType = { afterUnknown: { type_name: true } };
    const plan = planJson([
      resourceChange('aws_cloudcontrolapi_resource', 'blind', {}, { afterUnknown: { type_name: true, desired_state: true } }),
      resourceChange('aws_cloudcontrolapi_resource', 'bucket', { desired_state: '{"BucketName": "b"}' }, unknownType),
      resourceChange('aws_cloudcontrolapi_resource', 'cert', { desired_state: JSON.stringify({ CertificateBody: await pemEnding(-1) }) }, unknownType),
      resourceChange('aws_cloudcontrolapi_resource', 'stack', { desired_state: JSON.stringify({ TemplateURL: 'https://bucket.s3.amazonaws.com/t.json' }) }, unknownType),
    ]);
    const findings = await findingsOf(plan);
    expect(findings.map((f) => [f.resource, f.rule.id, f.level])).toEqual([
      ['aws_cloudcontrolapi_resource.blind', 'IAMCERT003', 'error'],
      ['aws_cloudcontrolapi_resource.bucket', 'IAMCERT003', 'error'],
      ['aws_cloudcontrolapi_resource.cert', 'IAMCERT003', 'error'],
      ['aws_cloudcontrolapi_resource.cert', 'IAMCERT001', 'error'],
      ['aws_cloudcontrolapi_resource.stack', 'IAMCERT003', 'error'],
      ['aws_cloudcontrolapi_resource.stack', 'IAMCERT007', 'error'],
    ]);
    expect(findings[0]?.message).toBe(
      'aws_cloudcontrolapi_resource.blind: its type_name is known only after apply, so the gate cannot tell what it deploys: it may be an IAM server certificate (AWS::IAM::ServerCertificate) whose expiry it cannot check, or a stack whose template it cannot see',
    );
    expect((await findingsOf(plan, { ...gate, allowUnknown: true })).filter((f) => f.rule.id === 'IAMCERT003').map((f) => f.level)).toEqual(['warning', 'warning', 'warning', 'warning']);
  });

  it('T19: checks both values of a key a Cloud Control desired_state sets twice: a hidden expired body fails the gate', async () => {
    const expired = JSON.stringify(await pemEnding(-1));
    const valid = JSON.stringify(await pemEnding(300));
    const plan = planJson([
      resourceChange('aws_cloudcontrolapi_resource', 'hidden', { type_name: 'AWS::IAM::ServerCertificate', desired_state: `{"CertificateBody": ${expired}, "CertificateBody": ${valid}}` }),
      resourceChange('aws_cloudcontrolapi_resource', 'same', { type_name: 'AWS::IAM::ServerCertificate', desired_state: `{"CertificateBody": ${valid}, "CertificateBody": ${valid}}` }),
    ]);
    const result = await resultOf(plan);
    expect(result.findings.map((f) => [f.resource, f.rule.id, f.level])).toEqual([['aws_cloudcontrolapi_resource.hidden', 'IAMCERT001', 'error']]);
    expect(result.problems).toEqual([]);
  });

  it('T18: names the template of a Serverless Application Repository application or a Service Catalog product as not checked (IAMCERT007)', async () => {
    const findings = await findingsOf(
      planJson([
        resourceChange('aws_serverlessapplicationrepository_cloudformation_stack', 'app', { name: 'app', application_id: 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/certs', semantic_version: '1.2.0' }),
        resourceChange('aws_servicecatalog_provisioned_product', 'product', { name: 'p', product_name: 'Web tier', provisioning_artifact_name: 'v3' }),
      ]),
      { ...gate, allowUnchecked: true },
    );
    expect(findings.map((f) => [f.resource, f.rule.id, f.level])).toEqual([
      ['aws_serverlessapplicationrepository_cloudformation_stack.app', 'IAMCERT007', 'warning'],
      ['aws_servicecatalog_provisioned_product.product', 'IAMCERT007', 'warning'],
    ]);
    expect(findings[0]?.message).toContain('the template of the AWS Serverless Application Repository application arn:aws:serverlessrepo:us-east-1:123456789012:applications/certs version 1.2.0 was not checked');
    expect(findings[1]?.message).toContain('the template of the AWS Service Catalog product Web tier was not checked (only Service Catalog reads it)');
  });

  it('T20: an errored plan (errored: true) is a problem naming the file and field (exit 1), even when what it lists so far passes', async () => {
    const plan = planJson([resourceChange('aws_iam_server_certificate', 'fine', { certificate_body: await pemEnding(300) })], { errored: true, applyable: false, complete: false });
    const result = await resultOf(plan);
    expect(result.problems).toEqual([
      {
        file: expect.stringMatching(/plan\.json$/),
        position: expect.objectContaining({ line: plan.split('\n').findIndex((line) => line.includes('"errored"')) + 1 }),
        message: 'the plan errored (errored: true): terraform plan failed, so the changes it lists are incomplete and it cannot be applied; fix the errors and plan again',
      },
    ]);
    // The plan's own problem says it all: no second finding that it is incomplete.
    expect(result.findings).toEqual([]);
  });

  it('T21: an incomplete plan (complete: false) is not checked in full (IAMCERT007), an error unless --allow-unchecked; a plan with nothing to do (applyable: false) passes; a flag of the wrong type is a problem', async () => {
    const plan = planJson([], { errored: false, applyable: true, complete: false, deferred_changes: [{ reason: 'instance_count_unknown' }] });
    const findings = await findingsOf(plan);
    expect(findings.map((f) => [f.resource, f.rule.id, f.level, f.position.line])).toEqual([['plan', 'IAMCERT007', 'error', plan.split('\n').findIndex((line) => line.includes('"complete"')) + 1]]);
    expect(findings[0]?.message).toBe(
      'plan: the plan is incomplete (complete: false): Terraform left some changes to a later plan-and-apply round (deferred_changes), and the gate sees only this round, so those were not checked; run the gate on the plan of each later round before it is applied (--allow-unchecked reports it as a warning)',
    );
    expect((await findingsOf(plan, { ...gate, allowUnchecked: true })).map((f) => f.level)).toEqual(['warning']);
    const nothingToDo = await resultOf(planJson([], { errored: false, applyable: false, complete: true }));
    expect([nothingToDo.problems, nothingToDo.findings]).toEqual([[], []]);
    const odd = await resultOf(planJson([], { errored: 'false', complete: 0 }));
    expect(odd.problems.map((p) => p.message)).toEqual([
      'errored is a string, not true or false: this is not the JSON terraform show -json writes of a plan',
      'complete is a number, not true or false: this is not the JSON terraform show -json writes of a plan',
    ]);
  });

  it('T22: a resource_changes, entry, type, change, actions or after of the wrong type is a problem naming the field (exit 1), never read as no change', async () => {
    const expired = { certificate_body: await pemEnding(-3) };
    const asObject = JSON.stringify({ format_version: '1.2', resource_changes: { 0: resourceChange('aws_iam_server_certificate', 'x', expired) } }, null, 2);
    const whole = await resultOf(asObject);
    expect(whole.problems).toEqual([
      {
        file: expect.stringMatching(/plan\.json$/),
        position: expect.objectContaining({ line: 3 }),
        message: 'resource_changes is an object, not a list: this is not the JSON terraform show -json writes of a plan, and the gate cannot read its changes',
      },
    ]);
    const good = resourceChange('aws_iam_server_certificate', 'good', expired);
    const changeOf = (entry: Record<string, unknown>) => entry['change'] as Record<string, unknown>;
    const entries: unknown[] = [
      'aws_iam_server_certificate.a',
      { ...good, type: ['aws_iam_server_certificate'] },
      { ...good, change: 'create' },
      { address: 'aws_iam_server_certificate.none', mode: 'managed', type: 'aws_iam_server_certificate' },
      { ...good, change: { ...changeOf(good), actions: { 0: 'create' } } },
      { ...good, change: { ...changeOf(good), after: JSON.stringify(expired) } },
      { ...good, change: { ...changeOf(good), after: null, actions: ['delete'] } },
      good,
    ];
    const result = await resultOf(planJson(entries as Record<string, unknown>[]));
    expect(result.problems.map((p) => p.message.split(':')[0])).toEqual([
      'resource_changes[0] is a string, not an object',
      'resource_changes[1].type is a list, not a string',
      'resource_changes[2].change is a string, not an object',
      'resource_changes[3].change is missing, not an object',
      'resource_changes[4].change.actions is an object, not a list of strings',
      'resource_changes[5].change.after is a string, not an object (or null)',
    ]);
    // The entries that can be read are still checked.
    expect(result.findings.map((f) => [f.resource, f.rule.id])).toEqual([['aws_iam_server_certificate.good', 'IAMCERT001']]);
  });

  it('T23: an entry without a type is a problem (it cannot be told from a certificate); a deferred change is not checked (IAMCERT007) even when complete says true', async () => {
    const expired = { certificate_body: await pemEnding(-3) };
    const { type: _type, ...untyped } = resourceChange('aws_iam_server_certificate', 'untyped', expired);
    const result = await resultOf(planJson([untyped]));
    expect(result.problems.map((p) => p.message.split(':')[0])).toEqual(['resource_changes[0].type is missing, not a string']);
    const deferred = planJson([], { complete: true, deferred_changes: [{ reason: 'provider_config_unknown', resource_change: resourceChange('aws_iam_server_certificate', 'later', expired) }] });
    const findings = await findingsOf(deferred);
    expect(findings.map((f) => [f.resource, f.rule.id, f.level, f.position.line])).toEqual([['plan', 'IAMCERT007', 'error', deferred.split('\n').findIndex((line) => line.includes('"deferred_changes"')) + 1]]);
    expect(findings[0]?.message).toContain('the plan is incomplete (deferred_changes lists 1)');
  });
});
