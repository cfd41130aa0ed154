import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import type { SourcePosition } from './findings';

/** A parsed JSON or YAML file with source positions for every node. */
export interface IacDocument {
  readonly file: string;
  readonly root: Node | null;
  readonly position: (node: Node | null | undefined) => SourcePosition;
}

/** A file that is neither JSON nor YAML, with where the parser gave up. */
export class IacParseError extends Error {
  public constructor(
    public readonly file: string,
    public readonly position: SourcePosition | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'IacParseError';
  }
}

/**
 * Parses JSON or YAML (JSON is YAML 1.2) keeping positions. CloudFormation's
 * short-form tags (`!Ref`, `!Sub`, `!GetAtt`, …) stay tagged nodes: a value
 * behind one is not known before deployment, which is all the gate needs to
 * know of it, so unknown tags are not errors.
 */
export function parseIacDocument(file: string, text: string): IacDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const [error] = document.errors;
  if (error !== undefined) {
    const at = lineCounter.linePos(error.pos[0]);
    throw new IacParseError(file, { line: at.line, column: at.col }, error.message.split('\n')[0] ?? error.message);
  }
  return {
    file,
    root: document.contents,
    position: (node) => {
      const offset = node?.range?.[0] ?? 0;
      const at = lineCounter.linePos(offset);
      return { line: at.line, column: at.col };
    },
  };
}

/** The value node under `key` of a mapping, if the node is one and has it. */
export function child(node: Node | null | undefined, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  const pair = (node as YAMLMap).items.find((item) => isScalar(item.key) && String(item.key.value) === key);
  return (pair?.value ?? undefined) as Node | undefined;
}

/** The node at a path of keys. */
export function at(node: Node | null | undefined, ...path: string[]): Node | undefined {
  let current: Node | null | undefined = node;
  for (const key of path) current = child(current, key);
  return current ?? undefined;
}

/** The entries of a mapping, key → value node. */
export function entries(node: Node | null | undefined): Array<[string, Node | undefined]> {
  if (!isMap(node)) return [];
  return (node as YAMLMap).items.filter((item) => isScalar(item.key)).map((item) => [String((item.key as { value: unknown }).value), (item.value ?? undefined) as Node | undefined]);
}

/** The items of a sequence; a single non-sequence node counts as one item. */
export function items(node: Node | null | undefined): Node[] {
  if (node === null || node === undefined) return [];
  if (isSeq(node)) return node.items.filter((item): item is Node => item !== null && typeof item === 'object');
  return [node];
}

/**
 * A plain string literal: no CloudFormation tag and no intrinsic function
 * (`{ "Ref": … }`, `{ "Fn::Sub": … }`); `undefined` otherwise.
 */
export function literalString(node: Node | null | undefined): string | undefined {
  if (!isScalar(node) || (node.tag !== undefined && node.tag.startsWith('!'))) return undefined;
  return typeof node.value === 'string' ? node.value : undefined;
}

/** Whether a node is a boolean `true` literal. */
export function isTrue(node: Node | null | undefined): boolean {
  return isScalar(node) && node.value === true;
}

/** Every plain string literal anywhere under `node` (for ARNs inside Fn::Join and the like). */
export function stringsUnder(node: Node | null | undefined): string[] {
  if (node === null || node === undefined) return [];
  if (isScalar(node)) return typeof node.value === 'string' ? [node.value] : [];
  if (isSeq(node)) return node.items.flatMap((item) => stringsUnder(item as Node));
  if (isMap(node)) return (node as YAMLMap).items.flatMap((item) => stringsUnder(item.value as Node));
  return [];
}
