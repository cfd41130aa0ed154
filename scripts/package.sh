#!/usr/bin/env sh
# Packages the rule exactly as `serverless deploy` would, without touching AWS:
# the bundle zip and the CloudFormation template land in .serverless/ (or in
# the folder given with --package <dir>). Extra arguments go to serverless,
# e.g. `npm run package -- --param="alertEmail=ops@example.com"`.
set -eu
cd "$(dirname "$0")/.."

# `serverless package` builds the stack locally but the AWS provider still
# insists on credentials being present; dummies prove nothing is called.
export AWS_ACCESS_KEY_ID=packaging-only-no-aws-call
export AWS_SECRET_ACCESS_KEY=packaging-only-no-aws-call
unset AWS_PROFILE AWS_SESSION_TOKEN || true
# No telemetry, update checks or notifications: packaging must work offline.
export SLS_TELEMETRY_DISABLED=1
export SLS_TRACKING_DISABLED=1
export SLS_NOTIFICATIONS_MODE=off
export SLS_INTERACTIVE_SETUP_DISABLE=1

# serverless-esbuild zips through a temporary folder it does not remove
# (about 1.7 MB a packaging): give it a private TMPDIR and remove that after.
work_tmp=$(mktemp -d)
trap 'rm -rf "$work_tmp"' EXIT
TMPDIR="$work_tmp" npx --no-install serverless package "$@"
