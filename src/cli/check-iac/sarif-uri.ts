import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The URI base id of the directory the gate ran in (the name the SARIF 2.1.0 spec's examples use for a source root). */
export const SOURCE_ROOT = '%SRCROOT%';

/** A SARIF `artifactLocation`: a relative reference with its base id, or an absolute URI. */
export interface ArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}

/**
 * Where a file is, as SARIF 2.1.0 wants it (§3.4.3 "uri property": a URI
 * reference per RFC 3986; §3.4.4: a relative reference should come with a
 * `uriBaseId`): under `base`, a percent-encoded relative reference with
 * {@link SOURCE_ROOT}, which code-scanning pages resolve against the
 * repository checkout; elsewhere, an absolute `file://` URI.
 */
export function artifactLocation(file: string, base: string): ArtifactLocation {
  const absolute = resolve(base, file);
  const path = relative(base, absolute);
  // Outside `base`: `..` or a path through it (not `..templates/`, a folder under it), or on another drive (Windows).
  const outside = path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path);
  if (path !== '' && !outside) {
    // encodeURIComponent leaves only RFC 3986 unreserved characters and !*'(), and encodes ':' too,
    // so a first segment such as `a:b.json` cannot read as a scheme.
    return { uri: path.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
  }
  return { uri: fileUri(absolute) };
}

/**
 * The absolute `file:` URI of a directory, ending in `/` as
 * `run.originalUriBaseIds` entries must, for {@link SOURCE_ROOT}.
 */
export function directoryUri(directory: string): string {
  const uri = fileUri(resolve(directory));
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/**
 * An absolute `file:` URI. Node's `pathToFileURL` follows the WHATWG URL
 * standard, which leaves `[ ] ^ |` as they are; RFC 3986 allows none of them
 * in a path, so they are encoded here as well.
 */
function fileUri(absolute: string): string {
  return pathToFileURL(absolute).href.replace(/[[\]^|]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}
