import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');

/** Every `.ts` file under `folder`. */
function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [],
  );
}

/** What `file` imports: its module specifiers, relative ones resolved to a path under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g)].map((match) => {
    const specifier = match[1] ?? '';
    return specifier.startsWith('.') ? relative(SRC, resolve(dirname(file), specifier)) : specifier;
  });
}

/**
 * Imports run one way (docs/architecture.md): the core is the bottom layer,
 * `src/errors.ts` is shared by every layer, and the usage scan is shared by
 * the rule and the CLI. None of them may import from a layer above it.
 */
describe('import layering', () => {
  it('keeps the core and errors.ts free of every other layer and of the SDK', () => {
    const files = [...sources(join(SRC, 'core')), join(SRC, 'errors.ts')];
    const outside = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith('core/') && target !== 'errors' && !target.startsWith('node:'))
        .map((target) => `${relative(SRC, file)} -> ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it('keeps the usage scan from importing the rule, the CLI or the handler', () => {
    const upward = sources(join(SRC, 'usage')).flatMap((file) =>
      importsOf(file)
        .filter((target) => /^(rule|cli)\//.test(target) || target === 'handler')
        .map((target) => `${relative(SRC, file)} -> ${target}`),
    );
    expect(upward).toEqual([]);
  });
});
