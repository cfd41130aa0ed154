import { DEMO_DEPLOY_PARAMS } from './demo-account';

/**
 * What the demo ends with: what to do next, each with the command to run and
 * the page that says more. Every command is one a reader can paste
 * (tests/scripts/demo.test.ts parses the `iam-cert-expiry` ones and checks
 * the `--param` names against serverless.yml, and every page and heading).
 */
export function nextSteps(): string[] {
  const features = Object.entries(DEMO_DEPLOY_PARAMS).map(([name, value]) => `--param="${name}=${value}"`);
  return [
    '',
    'Next:',
    '  Deploy to one account, with the features of this demo (docs/deploy.md):',
    '    npx serverless deploy --region us-east-1 --param="alertEmail=secops@example.com" \\',
    `      ${features.join(' ')}`,
    '  Without Node.js: npm run release, then the AWS CLI (docs/deploy.md#deploy-from-a-release-without-node)',
    '  A whole AWS Organization: one StackSet (docs/organization.md)',
    '  Install the CLI (docs/cli.md#install):',
    '    npm pack && npm install -g ./iam-server-certificate-expiry-rule-*.tgz',
    '  Check a live deployment, read-only (docs/runbook.md#is-the-rule-healthy-run-doctor):',
    '    iam-cert-expiry doctor --region us-east-1',
  ];
}
