import { RuleError } from '../errors';

/** A flag is unknown, missing its value or has a bad one; the message names the flag. */
export class CliUsageError extends RuleError {
  /** The command the flags were given to (`report`, `retire`), or `''` for the top level. */
  public readonly command: string;

  public constructor(command: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliUsageError';
    this.command = command;
  }
}
