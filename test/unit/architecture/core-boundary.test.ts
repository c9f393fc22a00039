import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
// Pure libraries the engine may use; everything else (SDKs, drivers, node: modules) is an adapter's job.
const ALLOWED_PACKAGES: string[] = [];

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

// The engine stays pure: platform SDKs, the database driver and timers come in through ports.
describe('src/core', () => {
  const coreFiles = files(join(ROOT, 'src/core'));

  it('has files to check', () => {
    expect(coreFiles.length).toBeGreaterThan(10);
  });

  it.each(coreFiles.map((f) => [relative(ROOT, f), f]))('%s imports nothing platform-specific', (_name, path) => {
    for (const spec of imports(path)) {
      if (spec.startsWith('.')) {
        const resolved = relative(join(ROOT, 'src/core'), join(path, '..', spec));
        expect(resolved.startsWith('..'), `${spec} leaves src/core`).toBe(false);
      } else {
        expect(ALLOWED_PACKAGES, `${spec} is a package import`).toContain(spec);
      }
    }
  });

  it.each(coreFiles.map((f) => [relative(ROOT, f), f]))('%s uses no timer or wall clock', (_name, path) => {
    const text = readFileSync(path, 'utf8');
    expect(text).not.toMatch(/\b(setTimeout|setInterval|setImmediate|Date\.now|new Date\(\))/);
  });
});
