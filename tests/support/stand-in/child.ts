/**
 * Runs a stand-in as a child process, controlled over the IPC channel
 * (remote.ts), so a benchmark can measure the handler's CPU time without the
 * stand-in's. Start it with `node --import tsx child.ts` and an IPC channel.
 */
import type { AnswerMessage, CommandMessage, ReadyMessage, StandInCommand } from './protocol';
import { StandIn } from './stand-in';

function run(standIn: StandIn, command: StandInCommand): unknown {
  switch (command.type) {
    case 'seed':
      standIn.seedCertificates(command.certificates.map((c) => ({ name: c.name, expiration: new Date(c.expiration), ...(c.tags === undefined ? {} : { tags: c.tags }) })));
      return command.certificates.length;
    case 'token':
      return standIn.resultTokenFor(command.ruleName);
    case 'counts':
      return standIn.callCounts();
    case 'clear-calls':
      standIn.calls.clear();
      return undefined;
    case 'evaluations':
      return standIn.evaluations(command.ruleName).map((e) => ({ resourceId: e.resourceId, complianceType: e.complianceType }));
    case 'reset':
      standIn.reset();
      return undefined;
  }
}

async function main(): Promise<void> {
  if (process.send === undefined) throw new Error('child.ts needs an IPC channel: start it through remote.ts');
  const standIn = await StandIn.start();
  process.on('message', (raw) => {
    const message = raw as CommandMessage;
    let answer: AnswerMessage;
    try {
      answer = { id: message.id, ok: true, value: run(standIn, message.command) };
    } catch (error) {
      answer = { id: message.id, ok: false, error: String(error) };
    }
    process.send?.(answer);
  });
  // The parent closing the channel is the signal to stop.
  process.on('disconnect', () => void standIn.stop().finally(() => process.exit(0)));
  const ready: ReadyMessage = { ready: true, url: standIn.url, environment: standIn.environment() };
  process.send(ready);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
