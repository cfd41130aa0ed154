import type { GateOptions } from './certificate-findings';
import type { IacFinding, IacParseProblem } from './findings';
import type { TemplateFiles } from './template-files';

/** What checking one file (and the templates it nests or includes) needs, and where its results go. */
export interface CheckContext {
  readonly options: GateOptions;
  readonly files: TemplateFiles;
  readonly findings: IacFinding[];
  readonly problems: IacParseProblem[];
}

/**
 * Where a template sits among the templates that nest or include it: the
 * prefix of its resources' names (`Parent/`), and the real paths of the
 * files above it, to tell a loop.
 */
export interface TemplateNesting {
  readonly prefix: string;
  readonly chain: readonly string[];
}
