// The handler's process: plain JavaScript run by plain Node, so the bundle is
// loaded exactly as Lambda loads it: not through jest's module registry (whose
// vm context cannot run the SDK's dynamic `import()` without
// --experimental-vm-modules) and not through tsx. A file, not `node -e`, so it
// is the last argument of the command line, as Lambda's runtime entry script
// is, and the function's runtime wrapper can be put in front of it.
const started = process.hrtime.bigint();
const bundle = require(process.env.STAND_IN_BUNDLE_PATH);
const initMs = Number(process.hrtime.bigint() - started) / 1e6;
const cpuMs = (usage) => (usage.user + usage.system) / 1000;
// What the handler prints (Powertools' JSON log lines and EMF metrics), one
// chunk per console call, goes back with the reply as well as to the stream.
let output = [];
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => { output.push(String(chunk)); return write(chunk, ...rest); };
}
process.on('message', async (message) => {
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  output = [];
  const { remainingTimeMs, environment, clockOffsetMs, ...context } = message.context || {};
  if (environment) Object.assign(process.env, environment);
  const deadline = Date.now() + remainingTimeMs;
  if (remainingTimeMs !== undefined) context.getRemainingTimeInMillis = () => Math.max(0, deadline - Date.now());
  try {
    // The stand-in's simulated clock, when the invocation comes with one: the handler judges at that time.
    const handler = clockOffsetMs === undefined ? bundle.handler : bundle.createHandler(() => new Date(Date.now() + clockOffsetMs));
    const summary = await handler(message.event, { awsRequestId: 'invocation-' + message.id, ...context });
    const cost = {
      cpuMs: cpuMs(process.cpuUsage(cpuBefore)),
      wallMs: Number(process.hrtime.bigint() - wallBefore) / 1e6,
      maxRssKiB: process.resourceUsage().maxRSS,
    };
    process.send({ id: message.id, ok: true, summary, cost, output });
  } catch (error) {
    process.send({ id: message.id, ok: false, name: String(error && error.name), message: String(error && error.message), output });
  }
});
// Exit normally when the parent lets go, so --cpu-prof can write its profile.
process.on('disconnect', () => process.exit(0));
process.send({ ready: true, initMs });
