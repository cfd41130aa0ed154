import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { SkipKind, type SkippedFile } from './check-files';
import type { IacParseProblem } from './findings';
import { fsErrorReason } from './read-iac-file';

/** Extensions of the files a directory is searched for: plan JSON, templates, `cdk synth` output. */
const IAC_EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template']);
/** Folders never searched: dependencies, VCS data, Terraform's provider cache. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.terraform']);

/** What a search of the paths found: the files to check, what could not be searched (a problem), and what was left out on purpose. */
export interface Discovery {
  readonly files: string[];
  readonly problems: IacParseProblem[];
  readonly notices: SkippedFile[];
  /** Each folder given, with the files found under it (as they are checked: a file reached twice under its first path). */
  readonly folders: Array<{ readonly path: string; readonly files: readonly string[] }>;
}

/**
 * The files to check: each file argument as given, and for each directory
 * every JSON/YAML/template file under it, sorted so output is stable.
 * Symbolic links are followed, to files and folders alike; a folder reached
 * a second time (a link back up the tree, or two links to one folder) is
 * searched once, with a notice, and so is a file. A link that cannot be
 * followed, a folder that cannot be read, or a file of one of those
 * extensions that is not a regular file (a FIFO, a socket) is a problem: the
 * gate does not pass what it could not look at. A path that does not exist
 * is a usage error, thrown naming it.
 */
export async function discoverFiles(paths: readonly string[]): Promise<Discovery> {
  const discovery: Discovery = { files: [], problems: [], notices: [], folders: [] };
  const search = new Search(discovery);
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      // A mistyped path is a usage error; one the gate may not look at (EACCES on a folder above it) fails the run, as any file it cannot read.
      if ((error as { code?: unknown } | null)?.code === 'ENOENT') throw new Error(`${path}: no such file or directory`, { cause: error });
      discovery.problems.push({ file: path, position: undefined, message: `the path cannot be read: ${fsErrorReason(error)}` });
      continue;
    }
    if (info.isDirectory()) discovery.folders.push({ path, files: await search.folder(path) });
    else await search.file(path, true);
  }
  return discovery;
}

class Search {
  /** Real paths of the folders searched and the files found, so each is read once. */
  private readonly folders = new Map<string, string>();
  private readonly files = new Map<string, string>();
  /** The files found under each folder searched (by real path), for a link that reaches it again. */
  private readonly contents = new Map<string, string[]>();

  public constructor(private readonly discovery: Discovery) {}

  /** Adds a file, once: the path it is checked under. */
  public async file(path: string, named: boolean): Promise<string> {
    const real = await realpath(path).catch(() => path);
    const first = this.files.get(real);
    if (first === undefined) {
      this.files.set(real, path);
      this.discovery.files.push(path);
      return path;
    }
    if (!named) this.discovery.notices.push({ file: path, kind: SkipKind.Repeat, reason: `the same file as ${first}, checked once` });
    return first;
  }

  /** Searches a folder, once: the files found under it. */
  public async folder(directory: string): Promise<string[]> {
    let real: string;
    let entries;
    try {
      real = await realpath(directory);
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      this.discovery.problems.push({ file: directory, position: undefined, message: `the folder cannot be searched: ${fsErrorReason(error, 'it does not exist')}` });
      return [];
    }
    const first = this.folders.get(real);
    if (first !== undefined) {
      this.discovery.notices.push({ file: directory, kind: SkipKind.Repeat, reason: `a link to ${first}, a folder searched already` });
      return [...(this.contents.get(real) ?? [])];
    }
    this.folders.set(real, directory);
    const found: string[] = [];
    this.contents.set(real, found);
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      const wanted = IAC_EXTENSIONS.has(extname(entry.name).toLowerCase());
      let kind: 'folder' | 'file' | 'other' = entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(path);
          kind = target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
        } catch (error) {
          this.discovery.problems.push({ file: path, position: undefined, message: `a link that cannot be followed: ${fsErrorReason(error, 'its target does not exist')}` });
          continue;
        }
      }
      if (kind === 'folder') {
        if (!SKIPPED_FOLDERS.has(entry.name)) found.push(...(await this.folder(path)));
      } else if (wanted && kind === 'file') {
        found.push(await this.file(path, false));
      } else if (wanted) {
        this.discovery.problems.push({ file: path, position: undefined, message: 'not a regular file (a FIFO, socket or device), so the gate cannot read it as a template' });
      }
    }
    return found;
  }
}
