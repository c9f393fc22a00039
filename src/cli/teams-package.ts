/**
 * `npm run teams:package -- --app-id ID [--out FILE]`: the Teams app package (manifest plus icons)
 * for one bot registration, ready to upload in Teams (Apps → Manage your apps → Upload an app).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import { ACCENT_COLOR, ICON_FILES } from './teams-icons.js';
import { createZip } from './zip.js';

const TEAMS_DIR = fileURLToPath(new URL('../../teams/', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

/** Teams (and the Bot Framework) identify apps by a GUID; anything else is refused on upload. */
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

export const packageOptionsSchema = z.object({
  appId: z.string().trim().regex(GUID, { error: 'the app id must be the bot registration’s Microsoft App ID, a GUID like 00000000-0000-0000-0000-000000000000' }),
  /** Teams requires the developer's name and three https links; the defaults are placeholders to replace. */
  developerName: z.string().trim().min(1).max(32).default('Gatehouse'),
  websiteUrl: httpsUrl.default('https://gatehouse.example.com'),
  privacyUrl: httpsUrl.optional(),
  termsUrl: httpsUrl.optional(),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, { error: 'the version must be MAJOR.MINOR.PATCH' }).optional(),
});

export type PackageOptions = z.input<typeof packageOptionsSchema>;

/** The manifest for these options: the template with every placeholder filled, checked as JSON. */
export function renderManifest(options: z.output<typeof packageOptionsSchema>, version: string): string {
  const values: Record<string, string> = {
    APP_ID: options.appId.toLowerCase(),
    VERSION: options.version ?? version,
    DEVELOPER_NAME: options.developerName,
    WEBSITE_URL: options.websiteUrl,
    PRIVACY_URL: options.privacyUrl ?? new URL('privacy', options.websiteUrl.replace(/\/?$/, '/')).href,
    TERMS_URL: options.termsUrl ?? new URL('terms', options.websiteUrl.replace(/\/?$/, '/')).href,
    ACCENT_COLOR,
  };
  const template = readFileSync(resolve(TEAMS_DIR, 'manifest.template.json'), 'utf8');
  // Values go in through JSON.stringify, so a quote or backslash in a name cannot break the JSON.
  const text = template.replace(/\{\{([A-Z_]+)\}\}/g, (_m, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`manifest template has an unknown placeholder {{${key}}}`);
    return JSON.stringify(value).slice(1, -1);
  });
  return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
}

/** The zip's bytes: `manifest.json`, `color.png` and `outline.png` at the root, as Teams expects. */
export function buildTeamsPackage(input: PackageOptions): Buffer {
  const options = packageOptionsSchema.parse(input);
  const version = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;
  return createZip([
    { name: 'manifest.json', data: Buffer.from(renderManifest(options, version), 'utf8') },
    { name: ICON_FILES.color, data: readFileSync(resolve(TEAMS_DIR, ICON_FILES.color)) },
    { name: ICON_FILES.outline, data: readFileSync(resolve(TEAMS_DIR, ICON_FILES.outline)) },
  ]);
}

const USAGE = `usage: npm run teams:package -- --app-id GUID [--out FILE] [--developer-name NAME] [--website-url URL] [--privacy-url URL] [--terms-url URL] [--version X.Y.Z]
  Writes the Teams app package (default: gatehouse-teams.zip) for the bot registration with that Microsoft App ID.`;

/** Returns the exit code; writes nothing unless every option is valid. */
export function runTeamsPackage(argv: string[], io: { out: (text: string) => void; err: (text: string) => void; cwd: string }): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        'app-id': { type: 'string' },
        out: { type: 'string' },
        'developer-name': { type: 'string' },
        'website-url': { type: 'string' },
        'privacy-url': { type: 'string' },
        'terms-url': { type: 'string' },
        version: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const options = packageOptionsSchema.safeParse({
    appId: parsed['app-id'] ?? '',
    developerName: parsed['developer-name'],
    websiteUrl: parsed['website-url'],
    privacyUrl: parsed['privacy-url'],
    termsUrl: parsed['terms-url'],
    version: parsed.version,
  });
  if (!options.success) {
    const problems = options.error.issues.map((issue) => `--${String(issue.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`);
    io.err(`${problems.join('\n')}\n${USAGE}\n`);
    return 2;
  }
  const out = resolve(io.cwd, parsed.out ?? 'gatehouse-teams.zip');
  writeFileSync(out, buildTeamsPackage(options.data));
  io.out(`wrote ${out}: upload it in Teams (Apps → Manage your apps → Upload an app).\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = runTeamsPackage(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), cwd: process.cwd() });
}
