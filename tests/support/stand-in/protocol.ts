/** Commands the parent sends a stand-in running in a child process (see child.ts, remote.ts). */
export type StandInCommand =
  | { readonly type: 'seed'; readonly certificates: readonly { name: string; expiration: string; tags?: readonly { key: string; value: string }[] }[] }
  | { readonly type: 'token'; readonly ruleName: string }
  | { readonly type: 'counts' }
  | { readonly type: 'clear-calls' }
  | { readonly type: 'evaluations'; readonly ruleName: string }
  | { readonly type: 'reset' };

/** A command with its correlation id. */
export interface CommandMessage {
  readonly id: number;
  readonly command: StandInCommand;
}

/** The answer to one command. */
export interface AnswerMessage {
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: string;
}

/** The first message a child sends: where it listens. */
export interface ReadyMessage {
  readonly ready: true;
  readonly url: string;
  readonly environment: Record<string, string>;
}
