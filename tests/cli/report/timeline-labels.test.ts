import { labelWidth, placeLabels } from '../../../src/cli/report/timeline-labels';

describe('placeLabels', () => {
  it('keeps every label inside the drawing, pulling one at an edge back in', () => {
    const placed = placeLabels(
      [
        { id: 'left', text: 'today', x: 0, anchor: 'middle' },
        { id: 'right', text: 'warning window: 365 days', x: 990, anchor: 'start' },
      ],
      1000,
    );

    for (const label of placed) {
      expect(label.x).toBeGreaterThanOrEqual(2);
      expect(label.x + label.width).toBeLessThanOrEqual(998);
    }
    expect(placed.map((label) => label.row)).toEqual([0, 0]);
  });

  it('moves a label that would meet another to the next free row, and reuses a row where it fits', () => {
    const placed = placeLabels(
      [
        { id: 'today', text: 'today', x: 500, anchor: 'middle' },
        { id: 'window', text: 'warning window: 1 day', x: 503, anchor: 'start' },
        { id: 'earlier', text: '← 3 expired before 2026-08-25', x: 10, anchor: 'start' },
        { id: 'beyond', text: '12 expiring after 2027-11-23 →', x: 990, anchor: 'end' },
      ],
      1000,
    );

    expect(placed.map((label) => [label.id, label.row])).toEqual([
      ['today', 0],
      ['window', 1],
      ['earlier', 0],
      ['beyond', 0],
    ]);
    expect(placed[1]?.width).toBe(labelWidth('warning window: 1 day'));
  });
});
