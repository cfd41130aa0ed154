import { dirname } from 'node:path';
import type { SourcePlace } from './findings';
import type { IacDocument } from './iac-document';
import { field, isRecord, type IacPath } from './iac-values';

/**
 * Where the values of a template come from: a file, a template body held in
 * a string of another file, or a part of a template. `locate` names the place
 * of the value at a path from `root`; `folder` is what a local path in the
 * template (a nested stack's `TemplateURL`, an `AWS::Include` `Location`) is
 * relative to, as `aws cloudformation package` reads it.
 */
export interface TemplateSource {
  readonly root: unknown;
  readonly locate: (path: IacPath) => SourcePlace;
  readonly folder: string;
}

/** A whole file. */
export function documentSource(document: IacDocument): TemplateSource {
  return { root: document.root, locate: (path) => ({ file: document.file, position: document.position(path) }), folder: dirname(document.file) };
}

/** A template parsed from a string of another file: every value is at that string's place. */
export function embeddedSource(document: IacDocument, place: SourcePlace, folder: string): TemplateSource {
  return { root: document.root, locate: () => place, folder };
}

/** The value at `prefix` of a source, as a template of its own (a stack set's `TemplateBody` written as a mapping). */
export function partSource(source: TemplateSource, root: unknown, prefix: IacPath): TemplateSource {
  return { root, locate: (path) => source.locate([...prefix, ...path]), folder: source.folder };
}

/** Where a value of an expanded template was copied from: a source, and the path of the original there. */
export interface Origin {
  readonly source: TemplateSource;
  readonly path: IacPath;
}

/**
 * The origins of the objects and arrays that expanding a template made
 * (`Fn::ForEach` copies, `AWS::Include` snippets), so a finding in the
 * expanded template points at the text it came from. A value with no origin
 * of its own is where its parent's origin plus its key says.
 */
export class Origins {
  private readonly origins = new WeakMap<object, Origin>();
  /** Origins of the keys a mapping took from elsewhere (an included snippet), for values with no identity of their own (strings). */
  private readonly keyOrigins = new WeakMap<object, Map<string, Origin>>();

  public constructor(private readonly base: TemplateSource) {}

  /** The origin of `value`, the child `step` of a value whose origin is `parent`. */
  public of(value: unknown, parent: Origin, step: string | number): Origin {
    return (typeof value === 'object' && value !== null ? this.origins.get(value) : undefined) ?? { source: parent.source, path: [...parent.path, step] };
  }

  /** Records that `copy` was made from the value at `origin`. */
  public record<T>(copy: T, origin: Origin): T {
    if (typeof copy === 'object' && copy !== null) this.origins.set(copy, origin);
    return copy;
  }

  /** Records that the value under `key` of the mapping `copy` came from `origin`. */
  public recordKey(copy: object, key: string, origin: Origin): void {
    let keys = this.keyOrigins.get(copy);
    if (keys === undefined) {
      keys = new Map();
      this.keyOrigins.set(copy, keys);
    }
    keys.set(key, origin);
  }

  /** The place of the value at `path` of the expanded `root`: the last value on the path with an origin, and the steps after it. */
  public locate(root: unknown, path: IacPath): SourcePlace {
    let origin: Origin = (typeof root === 'object' && root !== null ? this.origins.get(root) : undefined) ?? { source: this.base, path: [] };
    let steps: Array<string | number> = [];
    let current = root;
    for (const step of path) {
      const keyOrigin = typeof step === 'string' && typeof current === 'object' && current !== null ? this.keyOrigins.get(current)?.get(step) : undefined;
      current = typeof step === 'number' ? (Array.isArray(current) ? (current as unknown[])[step] : undefined) : isRecord(current) ? field(current, step) : undefined;
      const own = (typeof current === 'object' && current !== null ? this.origins.get(current) : undefined) ?? keyOrigin;
      if (own !== undefined) {
        origin = own;
        steps = [];
      } else {
        steps.push(step);
      }
    }
    return origin.source.locate([...origin.path, ...steps]);
  }
}
