/**
 * A short, printable rendering of a value a user or an event supplied, for
 * error messages: control characters are masked and long text is cut, so a
 * hostile or huge input cannot flood the logs.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return flat.length > 80 ? `${flat.slice(0, 80)}…` : flat;
}
