import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HandlerError, startHandlerProcess, type HandlerProcess } from './bundle/handler-process';
import { invokeToTheEnd } from './e2e-harness';
import { StandIn } from './stand-in/stand-in';

/**
 * A handler that fails while a call of its run is still on its way, as the
 * rule does when one of its parallel reads is refused and the others are
 * cancelled: it starts an STS call, sends half of it, throws, and sends the
 * rest a moment later. The e2e harness must not hand the test back (and let
 * the next test reset the stand-in) before that call has been answered.
 */
const LEAVES_A_CALL_BEHIND = `
const http = require('node:http');
exports.handler = async () => {
  const url = new URL(process.env.AWS_ENDPOINT_URL_STS);
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const request = http.request({
    host: url.hostname,
    port: url.port,
    method: 'POST',
    path: '/',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(body),
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIASTANDIN000000001/20261123/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0',
      'amz-sdk-invocation-id': 'left-behind',
      'amz-sdk-request': 'attempt=1; max=1',
    },
  });
  request.on('response', (response) => response.resume());
  request.on('error', () => undefined);
  request.write(body.slice(0, 10));
  setTimeout(() => request.end(body.slice(10)), 300);
  throw Object.assign(new Error('failed with a call still on its way'), { name: 'AccessDeniedError' });
};
`;

describe('the e2e harness, when a run fails with a call still on its way', () => {
  let standIn: StandIn;
  let running: HandlerProcess;
  let directory: string;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'handler-run-end-'));
    writeFileSync(join(directory, 'handler.js'), LEAVES_A_CALL_BEHIND);
    standIn = await StandIn.start();
    running = await startHandlerProcess(standIn.environment(), { bundlePath: join(directory, 'handler.js') });
  });

  afterAll(async () => {
    await running.stop();
    await standIn.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('throws the handler error only once the stand-in has recorded that call, so it cannot land in the next test', async () => {
    standIn.reset();

    await expect(invokeToTheEnd(running, standIn, {})).rejects.toThrow(HandlerError);

    expect(standIn.calls.all().map((call) => call.operation)).toEqual(['GetCallerIdentity']);
    standIn.reset();
    expect(standIn.calls.all()).toEqual([]);
  });
});
