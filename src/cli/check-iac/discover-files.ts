import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** Extensions of the files a directory is searched for: plan JSON, templates, `cdk synth` output. */
const IAC_EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template']);
/** Folders never searched: dependencies, VCS data, Terraform's provider cache. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.terraform']);

/**
 * The files to check: each file argument as given, and for each directory
 * every JSON/YAML/template file under it, sorted so output is stable.
 * A path that does not exist is a usage error, thrown naming it.
 */
export async function discoverFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new Error(`${path}: no such file or directory`);
    }
    if (info.isDirectory()) files.push(...(await filesUnder(path)));
    else files.push(path);
  }
  return [...new Set(files)];
}

async function filesUnder(directory: string): Promise<string[]> {
  const found: string[] = [];
  const entries = (await readdir(directory, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) found.push(...(await filesUnder(path)));
    } else if (entry.isFile() && IAC_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      found.push(path);
    }
  }
  return found;
}
