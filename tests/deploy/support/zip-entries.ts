import { inflateRawSync } from 'node:zlib';

/** One entry of a zip file. */
export interface ZipEntry {
  readonly name: string;
  /** The Unix file mode stored by the zipper (high 16 bits of the external attributes). */
  readonly unixMode: number;
  /** The entry's bytes, uncompressed. */
  readonly content: Buffer;
}

// PKWARE APPNOTE.TXT: end of central directory record (signature 0x06054b50;
// entry count at +10, central directory offset at +16), central directory file
// headers (signature 0x02014b50; method at +10, compressed size at +20, name,
// extra and comment lengths at +28/+30/+32, external attributes at +38, local
// header offset at +42, name at +46) and local file headers (name and extra
// lengths at +26/+28, data at +30 after them). Methods: 0 stored, 8 deflated.
const END_OF_CENTRAL_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;

/** The entries of a zip file, from its central directory. */
export function zipEntries(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(END_OF_CENTRAL_DIRECTORY);
  if (end < 0) throw new Error('not a zip file: no end of central directory record');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(at) !== CENTRAL_DIRECTORY_HEADER) throw new Error(`bad central directory entry at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (method !== 0 && method !== 8) throw new Error(`${name}: compression method ${method}`);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressed);
    entries.push({ name, unixMode: zip.readUInt32LE(at + 38) >>> 16, content: method === 8 ? inflateRawSync(data) : Buffer.from(data) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
