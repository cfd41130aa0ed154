#!/bin/sh
# The function's runtime wrapper (AWS_LAMBDA_EXEC_WRAPPER): Lambda starts the
# runtime through it, passing the interpreter and all of the runtime's own
# arguments (Lambda Developer Guide, "Modifying the runtime environment",
# wrapper scripts: the way to set "configuration parameters that cannot be set
# through language-specific environment variables"). The Node.js runtime's
# arguments end with its entry script, e.g. at 128 MB:
#
#   /var/lang/bin/node --expose-gc --max-http-header-size 81920 \
#     --max-semi-space-size=6 --max-old-space-size=116 /var/runtime/index.mjs
#
# Those heap sizes are command-line options, which override NODE_OPTIONS, and
# a 6 MiB semi-space lets V8's young generation grow to 18 MiB of garbage: on
# a large account that alone took a 128 MB function past 100 MiB (npm run
# bench, docs/performance.md). This script adds a smaller semi-space (a 64th
# of the function's memory, 1 to 16 MiB: 2 MiB at 128 MB, 4 at the deployed 256) before the
# entry script, where it overrides the runtime's, and leaves everything else
# as the runtime gave it.
set -eu

[ "$#" -gt 0 ] || { echo "lambda-exec-wrapper.sh: no runtime command to start" >&2; exit 127; }

memory=${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-128}
case $memory in '' | *[!0-9]*) memory=128 ;; esac
semi=$((memory / 64))
[ "$semi" -ge 1 ] || semi=1
[ "$semi" -le 16 ] || semi=16

# Rebuild the argument list with the flag inserted before the last argument.
# The for loop's list is expanded once, so `set --` inside it is safe.
count=$#
index=0
for argument do
  index=$((index + 1))
  [ "$index" -eq "$count" ] && set -- "$@" "--max-semi-space-size=$semi"
  set -- "$@" "$argument"
done
shift "$count"
exec "$@"
