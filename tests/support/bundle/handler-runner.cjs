// The handler's process: plain JavaScript run by plain Node, so the bundle is
// loaded exactly as Lambda loads it: not through jest's module registry (whose
// vm context cannot run the SDK's dynamic `import()` without
// --experimental-vm-modules) and not through tsx. A file, not `node -e`, so it
// is the last argument of the command line, as Lambda's runtime entry script
// is, and the function's runtime wrapper can be put in front of it.
// Every HTTP request the handler makes (`http.request` / `https.request`,
// which the SDK's Node.js handler calls): an invocation is over only once each
// one it started has been answered or given up, even after the handler
// returned or threw (a call cancelled when another failed, a read still in
// flight), and the reply names the requests it sent whole (the SDK's
// `amz-sdk-invocation-id` and `amz-sdk-request`, one key per attempt), so the
// test side can wait until the stand-in has answered them. Otherwise a run's
// last calls could reach the stand-in after the next test had reset it.
// (Node's `http.client.request.start` channel fires only once a socket is
// assigned, too late to see a request that is still connecting.) Wrapped
// before the bundle is loaded, so no copy of the originals escapes.
const inFlight = new Set();
let sent = [];
let whenSettled;
function track(request) {
  inFlight.add(request);
  const id = request.getHeader('amz-sdk-invocation-id');
  const attempt = request.getHeader('amz-sdk-request');
  const settle = () => {
    if (inFlight.delete(request) && inFlight.size === 0 && whenSettled) whenSettled();
  };
  request.once('finish', () => { if (id !== undefined) sent.push(`${id} ${attempt}`); });
  request.once('response', settle);
  request.once('close', settle);
  return request;
}
for (const module of [require('node:http'), require('node:https')]) {
  for (const name of ['request', 'get']) {
    const original = module[name];
    module[name] = (...args) => track(original(...args));
  }
}

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
async function settled() {
  // One turn of the event loop first: work the handler queued as it ended may still start a request.
  await new Promise((resolve) => setImmediate(resolve));
  if (inFlight.size > 0) await new Promise((resolve) => { whenSettled = resolve; });
  whenSettled = undefined;
  const requests = sent;
  sent = [];
  return requests;
}
process.on('message', async (message) => {
  const cpuBefore = process.cpuUsage();
  const wallBefore = process.hrtime.bigint();
  output = [];
  const { remainingTimeMs, environment, clockOffsetMs, ...context } = message.context || {};
  if (environment) Object.assign(process.env, environment);
  const deadline = Date.now() + remainingTimeMs;
  if (remainingTimeMs !== undefined) context.getRemainingTimeInMillis = () => Math.max(0, deadline - Date.now());
  let reply;
  try {
    // The stand-in's simulated clock, when the invocation comes with one: the handler judges at that time.
    const handler = clockOffsetMs === undefined ? bundle.handler : bundle.createHandler(() => new Date(Date.now() + clockOffsetMs));
    const summary = await handler(message.event, { awsRequestId: 'invocation-' + message.id, ...context });
    const cost = {
      cpuMs: cpuMs(process.cpuUsage(cpuBefore)),
      wallMs: Number(process.hrtime.bigint() - wallBefore) / 1e6,
      maxRssKiB: process.resourceUsage().maxRSS,
    };
    reply = { id: message.id, ok: true, summary, cost, output };
  } catch (error) {
    reply = { id: message.id, ok: false, name: String(error && error.name), message: String(error && error.message), output };
  }
  process.send({ ...reply, requests: await settled() });
});
// Exit normally when the parent lets go, so --cpu-prof can write its profile.
process.on('disconnect', () => process.exit(0));
process.send({ ready: true, initMs });
