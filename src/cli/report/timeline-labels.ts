/**
 * Places the timeline's text labels in rows above the chart so that no two
 * intersect and none leaves the drawing: widths are estimated generously
 * (every label is drawn `text-anchor: start` at the computed x, so the real,
 * narrower text stays inside its estimated box).
 */

/** A label as wanted: its text and where it would like to be. */
export interface WantedLabel {
  readonly id: string;
  readonly text: string;
  /** The x it is anchored to, in the SVG's user units. */
  readonly x: number;
  /** `start`: begins at x; `middle`: centred on x; `end`: ends at x. */
  readonly anchor: 'start' | 'middle' | 'end';
}

/** A label placed: left edge, row and estimated width. */
export interface PlacedLabel {
  readonly id: string;
  readonly text: string;
  readonly x: number;
  readonly row: number;
  readonly width: number;
}

/**
 * User units per character at the timeline's 11-unit bold label font: wider
 * than the widest common sans-serif fonts' average (DejaVu Sans Bold, the
 * Linux fallback, is about 0.65 em), so estimates err on the side of room.
 */
const LABEL_CHAR_WIDTH = 7.6;
/** Room kept between two labels of one row, and from the drawing's edges. */
const GAP = 8;
const EDGE = 2;

/** The estimated width of `text` as a label. */
export function labelWidth(text: string): number {
  return Math.ceil(text.length * LABEL_CHAR_WIDTH);
}

/**
 * Places each label, in the order given (most important first), in the first
 * row where its box, kept inside `[EDGE, width - EDGE]`, meets no box already
 * there. Rows are added as needed, so every label gets a place.
 */
export function placeLabels(labels: readonly WantedLabel[], width: number): PlacedLabel[] {
  const rows: { from: number; to: number }[][] = [];
  return labels.map((label) => {
    const size = Math.min(labelWidth(label.text), width - 2 * EDGE);
    const wanted = label.anchor === 'start' ? label.x : label.anchor === 'middle' ? label.x - size / 2 : label.x - size;
    const x = Math.round(Math.min(Math.max(wanted, EDGE), width - EDGE - size));
    let row = rows.findIndex((boxes) => boxes.every((box) => x + size + GAP <= box.from || box.to + GAP <= x));
    if (row === -1) {
      rows.push([]);
      row = rows.length - 1;
    }
    rows[row]?.push({ from: x, to: x + size });
    return { id: label.id, text: label.text, x, row, width: size };
  });
}
