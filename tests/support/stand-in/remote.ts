import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { AnswerMessage, ReadyMessage, StandInCommand } from './protocol';

/** A stand-in running in a child process, driven from this one. */
export interface RemoteStandIn {
  readonly url: string;
  /** The SDK environment pointing at it (see StandIn.environment). */
  readonly environment: Record<string, string>;
  send(command: StandInCommand): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts the stand-in in its own Node process (through tsx), so its CPU time
 * is not charged to whoever measures the handler.
 */
export async function startRemoteStandIn(): Promise<RemoteStandIn> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'child.ts')], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    child.once('message', (message) => resolve(message as ReadyMessage));
    child.once('exit', (code) => reject(new Error(`the stand-in process exited with ${String(code)} before it was ready`)));
  });
  return new Remote(child, ready);
}

class Remote implements RemoteStandIn {
  public readonly url: string;
  public readonly environment: Record<string, string>;
  private nextId = 1;
  private readonly pending = new Map<number, (answer: AnswerMessage) => void>();

  public constructor(
    private readonly child: ChildProcess,
    ready: ReadyMessage,
  ) {
    this.url = ready.url;
    this.environment = ready.environment;
    child.on('message', (message) => {
      const answer = message as AnswerMessage;
      this.pending.get(answer.id)?.(answer);
      this.pending.delete(answer.id);
    });
  }

  public async send(command: StandInCommand): Promise<unknown> {
    const id = this.nextId;
    this.nextId += 1;
    const answer = await new Promise<AnswerMessage>((resolve) => {
      this.pending.set(id, resolve);
      this.child.send({ id, command });
    });
    if (!answer.ok) throw new Error(`stand-in command ${command.type} failed: ${answer.error ?? ''}`);
    return answer.value;
  }

  public async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.disconnect();
    });
  }
}
