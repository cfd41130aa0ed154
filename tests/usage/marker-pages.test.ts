import { markerPages } from '../../src/usage/marker-pages';

async function collect<T>(pages: AsyncGenerator<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('markerPages', () => {
  it('passes each NextMarker on as the next Marker until it is missing or empty', async () => {
    const markers: (string | undefined)[] = [];
    const next: Record<string, string | undefined> = { start: 'a', a: 'b', b: '' };
    const pages = await collect(
      markerPages(async (marker) => {
        markers.push(marker);
        return { page: marker ?? 'start', nextMarker: next[marker ?? 'start'] };
      }),
    );
    expect(markers).toEqual([undefined, 'a', 'b']);
    expect(pages).toEqual(['start', 'a', 'b']);
  });

  it('throws instead of looping when the API hands back a marker it gave before', async () => {
    await expect(collect(markerPages(async () => ({ page: 1, nextMarker: 'same' })))).rejects.toThrow('returned marker "same" twice');
  });
});
