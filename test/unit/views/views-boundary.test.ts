import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

// Views are pure renderers (also run in the browser sandbox): no SDKs, no node built-ins, only core types and helpers.
describe('views/', () => {
  const viewFiles = files(join(ROOT, 'views'));

  it.each(viewFiles.map((f) => [relative(ROOT, f), f]))('%s imports only views/ and src/core', (_name, path) => {
    for (const spec of imports(path)) {
      expect(spec.startsWith('.'), `${spec} is a package import`).toBe(true);
      const target = relative(ROOT, join(path, '..', spec));
      expect(target.startsWith('views/') || target.startsWith('src/core/'), `${spec} resolves to ${target}`).toBe(true);
    }
  });
});
