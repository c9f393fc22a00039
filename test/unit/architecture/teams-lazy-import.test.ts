/**
 * The Teams SDK (teams-ai, botbuilder) is heavy, so only `import()` may reach it: the static import
 * graph of the server and of the delivery worker must never include it. (The integration test
 * test/integration/teams-lazy-load.test.ts checks the same in a running process.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../../', import.meta.url).pathname;
const TEAMS_SDK = /^(@microsoft\/teams-ai|botbuilder|botframework-)/;

/** Static imports and re-exports that load code (`import type` and `import()` do not). */
function staticImports(text: string): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...withoutComments.matchAll(/^\s*(import|export)\s+(?!type\b)(?:[^'"]*?\sfrom\s*)?['"]([^'"]+)['"]/gm)].map((m) => m[2]!);
}

/** Every module reached from `entry` by static imports: project files and package names. */
function graph(entry: string): { files: Set<string>; packages: Map<string, string> } {
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const spec of staticImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = join(dirname(file), spec).replace(/\.js$/, '.ts');
        if (existsSync(target)) visit(target);
      } else if (!spec.startsWith('node:')) {
        packages.set(spec, relative(ROOT, file));
      }
    }
  };
  visit(join(ROOT, entry));
  return { files, packages };
}

describe('the Teams SDK is loaded only on demand', () => {
  it('recognises static imports and ignores type-only imports and import()', () => {
    const text = "import { a } from 'x';\nimport type { B } from 'botbuilder';\nexport { c } from './c.js';\nimport './side-effect.js';\nconst m = await import('@microsoft/teams-ai');";
    expect(staticImports(text)).toEqual(['x', './c.js', './side-effect.js']);
  });

  it.each(['src/serve.ts', 'src/runtime/effects-worker.ts'])('%s never imports it statically', (entry) => {
    const { files, packages } = graph(entry);
    expect(files.size).toBeGreaterThan(20);
    const sdk = [...packages].filter(([name]) => TEAMS_SDK.test(name));
    expect(sdk, `reached statically: ${sdk.map(([name, from]) => `${name} from ${from}`).join(', ')}`).toEqual([]);
    expect([...files].map((f) => relative(ROOT, f))).not.toContain('src/teams/teams-app.ts');
  });

  it('the Teams app itself does import it (so the check above can fail)', () => {
    expect([...graph('src/teams/teams-app.ts').packages.keys()].filter((name) => TEAMS_SDK.test(name)).length).toBeGreaterThan(0);
  });
});

describe('the CLI loads a command only when it runs it', () => {
  it('its entry reaches no package: every command is an import()', () => {
    const { files, packages } = graph('src/cli/main.ts');
    expect(files.size).toBeGreaterThan(1);
    expect([...packages.keys()]).toEqual([]);
  });

  it('audit verify reaches better-sqlite3 and nothing else: no ORM, no zod, no chat SDK', () => {
    expect([...graph('src/cli/commands/audit-verify.ts').packages.keys()]).toEqual(['better-sqlite3']);
  });

  it('audit export does load the ORM (so the check above can fail)', () => {
    expect([...graph('src/cli/commands/audit-export.ts').packages.keys()]).toContain('drizzle-orm/better-sqlite3');
  });
});
