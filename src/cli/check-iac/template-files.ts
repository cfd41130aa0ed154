import { realpath } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SourcePlace } from './findings';
import { parseIacDocument, type IacDocument } from './iac-document';
import { text } from './iac-values';
import { fsErrorReason, IacParseError, readIacText } from './read-iac-file';

/**
 * Where a template the change deploys is: a local file (a path, relative to
 * the folder of the template that names it, as `aws cloudformation package`
 * reads `TemplateURL` and `Location` before it uploads them), a remote URL
 * (`https://`, `s3://`: only CloudFormation can read it), or a value known only
 * at deployment (`!Ref`, `!Sub`).
 */
export type TemplateLocation = { readonly local: string } | { readonly remote: string } | { readonly unknown: string };

/** A URL scheme followed by `//`: `https://…`, `s3://…`. A Windows drive (`C:\…`) has no `//`. */
const URL_WITH_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** Reads a `TemplateURL`/`Location` value. */
export function templateLocation(value: unknown): TemplateLocation {
  const location = text(value);
  if (location === undefined) return { unknown: 'set by an intrinsic function, known only at deployment' };
  if (location.startsWith('file://')) return { local: fileURLToPath(location) };
  return URL_WITH_SCHEME.test(location) ? { remote: location } : { local: location };
}

/** A local template read for a template that nests or includes it. */
export interface LoadedTemplate {
  readonly document: IacDocument;
  /** The file's real path (links resolved), which names it in a loop check. */
  readonly realPath: string;
}

/**
 * The local templates one checked file nests or includes, each read and
 * parsed once, and every document read (the checked file's too), so their
 * positions can be settled and their repeated keys named once the file has
 * been checked.
 */
export class TemplateFiles {
  public readonly documents: IacDocument[] = [];
  private readonly loaded = new Map<string, Promise<IacDocument>>();

  /** Records a document parsed elsewhere (the file given to the gate). */
  public add(document: IacDocument): IacDocument {
    this.documents.push(document);
    return document;
  }

  /**
   * Reads the template at `location`, relative to `folder`. A file that
   * cannot be read, is not JSON or YAML, or loops back to a template of
   * `chain` is a problem (the gate fails closed); it is returned with the
   * problem's text instead.
   */
  public async load(location: string, folder: string, place: SourcePlace, chain: readonly string[]): Promise<LoadedTemplate | { readonly problem: { file: string; position: SourcePlace['position'] | undefined; message: string } }> {
    const path = isAbsolute(location) ? location : join(folder, location);
    let realPath: string;
    try {
      realPath = await realpath(resolve(path));
    } catch (error) {
      return { problem: { ...place, message: `the template ${location} (${path}) cannot be read: ${fsErrorReason(error)}` } };
    }
    if (chain.includes(realPath)) {
      return { problem: { ...place, message: `the template ${location} (${path}) is one that nests or includes this one: the templates loop, and CloudFormation would never finish` } };
    }
    let pending = this.loaded.get(realPath);
    if (pending === undefined) {
      pending = readIacText(path).then((content) => this.add(parseIacDocument(path, content)));
      this.loaded.set(realPath, pending);
    }
    try {
      return { document: await pending, realPath };
    } catch (error) {
      if (error instanceof IacParseError) return { problem: { file: error.file, position: error.position, message: error.message } };
      return { problem: { ...place, message: `the template ${location} (${path}) cannot be read: ${fsErrorReason(error)}` } };
    }
  }
}
