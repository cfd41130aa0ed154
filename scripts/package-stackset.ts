/**
 * `npm run package:stackset`: everything a per-account Organization roll-out
 * needs, in one folder (docs/organization.md):
 *
 * - the function's zip, built exactly as `npm run package` builds it, named
 *   by its content hash so every new version gets a new S3 key and a StackSet
 *   update deploys it;
 * - templates/member-account-stack.yml (the StackSet template) and
 *   templates/artifact-bucket.yml;
 * - the AWS CLI commands to upload the zip and create or update the StackSet.
 *
 * Offline: nothing is sent to AWS. Output folder: `.stackset/` or the first argument.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const OUT = resolve(process.argv[2] ?? join(ROOT, '.stackset'));
const SERVICE = 'iam-server-certificate-expiry-rule';
const STACK_SET = 'iam-server-certificate-expiry';

function main(): void {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const packaged = join(OUT, 'serverless');
  execFileSync('sh', [join(ROOT, 'scripts', 'package.sh'), '--package', packaged], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const zip = readFileSync(join(packaged, `${SERVICE}.zip`));
  const key = `${SERVICE}-${createHash('sha256').update(zip).digest('hex').slice(0, 16)}.zip`;
  writeFileSync(join(OUT, key), zip);
  rmSync(packaged, { recursive: true, force: true });
  for (const template of ['member-account-stack.yml', 'artifact-bucket.yml']) copyFileSync(join(ROOT, 'templates', template), join(OUT, template));
  const commands = [
    '# 1. Once: the code bucket, readable by the Organization only (management or delegated administrator account, us-east-1).',
    `aws cloudformation deploy --region us-east-1 --stack-name ${STACK_SET}-code --template-file artifact-bucket.yml --parameter-overrides OrganizationId=$ORG_ID`,
    `BUCKET=$(aws cloudformation describe-stacks --region us-east-1 --stack-name ${STACK_SET}-code --query "Stacks[0].Outputs[?OutputKey=='BucketName'].OutputValue" --output text)`,
    '',
    '# 2. Every version: upload the zip under its own key.',
    `aws s3 cp ${key} "s3://$BUCKET/${key}"`,
    '',
    '# 3a. First time: the StackSet, deployed to the whole Organization and to every account that joins.',
    `aws cloudformation create-stack-set --region us-east-1 --stack-set-name ${STACK_SET} --template-body file://member-account-stack.yml \\`,
    '  --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false \\',
    '  --capabilities CAPABILITY_IAM \\',
    `  --parameters ParameterKey=CodeBucket,ParameterValue=$BUCKET ParameterKey=CodeKey,ParameterValue=${key}`,
    `aws cloudformation create-stack-instances --region us-east-1 --stack-set-name ${STACK_SET} \\`,
    '  --deployment-targets OrganizationalUnitIds=$ROOT_OU_ID --regions us-east-1 \\',
    '  --operation-preferences MaxConcurrentPercentage=25,FailureTolerancePercentage=10',
    '',
    '# 3b. Later versions: point the StackSet at the new key.',
    `aws cloudformation update-stack-set --region us-east-1 --stack-set-name ${STACK_SET} --use-previous-template \\`,
    '  --capabilities CAPABILITY_IAM \\',
    `  --parameters ParameterKey=CodeBucket,UsePreviousValue=true ParameterKey=CodeKey,ParameterValue=${key} \\`,
    '  ParameterKey=DaysToExpiration,UsePreviousValue=true ParameterKey=MaximumExecutionFrequency,UsePreviousValue=true ParameterKey=SecurityHubFindings,UsePreviousValue=true \\',
    '  --operation-preferences MaxConcurrentPercentage=25,FailureTolerancePercentage=10',
  ];
  writeFileSync(join(OUT, 'commands.sh'), `${commands.join('\n')}\n`);
  console.log(`StackSet package in ${OUT}:\n  ${key} (${zip.length} bytes)\n  member-account-stack.yml\n  artifact-bucket.yml\n  commands.sh\n\n${commands.join('\n')}`);
}

main();
