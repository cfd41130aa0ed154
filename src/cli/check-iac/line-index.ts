import type { SourcePosition } from './findings';

/**
 * Offsets to 1-based lines and columns (columns count UTF-16 code units, the
 * SARIF default `columnKind`). The line starts are found on the first
 * question, not on construction: a file with no findings never pays for them.
 */
export class LineIndex {
  private starts: Uint32Array | undefined;

  public constructor(private readonly text: string) {}

  public position(offset: number): SourcePosition {
    const starts = (this.starts ??= lineStarts(this.text));
    // The last line start at or before the offset.
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  }
}

function lineStarts(text: string): Uint32Array {
  let count = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  const starts = new Uint32Array(count);
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts[line++] = at + 1;
  return starts;
}
