/** One entry of a zip file's central directory. */
export interface ZipEntry {
  readonly name: string;
  /** The Unix file mode stored by the zipper (high 16 bits of the external attributes). */
  readonly unixMode: number;
}

// PKWARE APPNOTE.TXT: end of central directory record (signature 0x06054b50,
// central directory size at +12, offset at +16) and central directory file
// headers (signature 0x02014b50; name length at +28, extra at +30, comment at
// +32, external attributes at +38, name at +46).
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;

/** The entries of a zip file, from its central directory. */
export function zipEntries(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || zip.readUInt32LE(end) !== END_OF_CENTRAL_DIRECTORY) throw new Error('not a zip file: no end of central directory record');
  let offset = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  while (offset < end && zip.readUInt32LE(offset) === CENTRAL_DIRECTORY_HEADER) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const external = zip.readUInt32LE(offset + 38);
    entries.push({ name: zip.toString('utf8', offset + 46, offset + 46 + nameLength), unixMode: external >>> 16 });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
