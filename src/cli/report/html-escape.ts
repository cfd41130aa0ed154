/** Text made safe for HTML text and quoted attributes: names and annotations are untrusted. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
