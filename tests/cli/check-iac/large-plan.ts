import { closeSync, openSync, writeSync } from 'node:fs';

/** What {@link writeLargePlan} wrote. */
export interface LargePlan {
  readonly bytes: number;
  readonly resources: number;
  /** The address of the one IAM server certificate, halfway through `resource_changes`. */
  readonly certificateAddress: string;
}

/** One EC2 instance's attributes, about 1 KB of JSON, varying by `i` as real plans do. */
function instance(i: number): Record<string, unknown> {
  return {
    ami: 'ami-0123456789abcdef0',
    instance_type: i % 3 === 0 ? 't3.large' : 't3.micro',
    tags: { Name: `web-${i}`, Team: 'platform', CostCenter: String(1000 + (i % 50)) },
    subnet_id: `subnet-${i.toString(16).padStart(8, '0')}`,
    vpc_security_group_ids: ['sg-0123456789abcdef0', `sg-${(i * 7919).toString(16).padStart(17, '0')}`],
    root_block_device: [{ volume_size: 20 + (i % 5), volume_type: 'gp3', encrypted: true, iops: 3000, throughput: 125, delete_on_termination: true }],
    metadata_options: [{ http_tokens: 'required', http_endpoint: 'enabled', http_put_response_hop_limit: 1 }],
    user_data_base64: Buffer.from(`#!/bin/sh\necho web-${i}\n`.repeat(6)).toString('base64'),
    monitoring: i % 2 === 0,
    ebs_optimized: true,
  };
}

/**
 * Writes a `terraform show -json` plan of about `targetBytes` to `path`, one
 * line as Terraform prints it (or indented with `pretty`): EC2 instances in
 * `prior_state`, `planned_values`, `resource_changes` (an update each, with
 * `before` and `after`) and `configuration`, and one IAM server certificate
 * with `certificatePem` halfway through `resource_changes`. Written in pieces,
 * so a 120 MB plan never exists as one string in the writer.
 */
export function writeLargePlan(path: string, targetBytes: number, certificatePem: string, pretty = false): LargePlan {
  // Each instance appears four times (prior_state, planned_values, before, after), about 880 bytes each on one line.
  const resources = Math.max(2, Math.round(targetBytes / 3_500));
  const certificateAt = Math.floor(resources / 2);
  const certificateAddress = 'module.edge.aws_iam_server_certificate.site';
  const file = openSync(path, 'w');
  let bytes = 0;
  const write = (text: string): void => {
    bytes += writeSync(file, text);
  };
  const json = (value: unknown): string => (pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value));
  const values = (i: number) => ({ address: `aws_instance.web[${i}]`, mode: 'managed', type: 'aws_instance', name: 'web', index: i, provider_name: 'registry.terraform.io/hashicorp/aws', schema_version: 1, values: instance(i), sensitive_values: {} });
  const list = (count: number, item: (i: number) => unknown): void => {
    for (let i = 0; i < count; i += 1) write((i === 0 ? '' : ',') + json(item(i)));
  };
  try {
    write('{"format_version":"1.2","terraform_version":"1.9.8","prior_state":{"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{"resources":[');
    list(resources, values);
    write(']}}},"planned_values":{"root_module":{"resources":[');
    list(resources, values);
    write(']}},"resource_changes":[');
    list(resources, (i) =>
      i === certificateAt
        ? {
            address: certificateAddress,
            module_address: 'module.edge',
            mode: 'managed',
            type: 'aws_iam_server_certificate',
            name: 'site',
            provider_name: 'registry.terraform.io/hashicorp/aws',
            change: { actions: ['create'], before: null, after: { name: 'site', path: '/', certificate_body: certificatePem, tags: null }, after_unknown: { arn: true, id: true }, before_sensitive: false, after_sensitive: { private_key: true } },
          }
        : {
            address: `aws_instance.web[${i}]`,
            mode: 'managed',
            type: 'aws_instance',
            name: 'web',
            index: i,
            provider_name: 'registry.terraform.io/hashicorp/aws',
            change: { actions: ['update'], before: instance(i), after: instance(i + 1), after_unknown: {}, before_sensitive: {}, after_sensitive: {} },
          },
    );
    write('],"configuration":{"root_module":{"resources":[{"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","expressions":{"ami":{"constant_value":"ami-0123456789abcdef0"}},"count_expression":{"constant_value":');
    write(`${resources}}}]}}}`);
  } finally {
    closeSync(file);
  }
  return { bytes, resources, certificateAddress };
}
