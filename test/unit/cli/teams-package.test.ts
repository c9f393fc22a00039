import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as zlibCrc32, inflateRawSync, inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/cli/crc32.js';
import { renderColorIcon, renderOutlineIcon } from '../../../src/cli/teams-icons.js';
import { buildTeamsPackage, runTeamsPackage } from '../../../src/cli/teams-package.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const APP_ID = '1b4f3c2d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const dir = mkdtempSync(join(tmpdir(), 'teams-package-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Entry {
  name: string;
  data: Buffer;
  crc: number;
}

/** Reads a zip the way an unzipper does: from the end-of-central-directory record, checking every header and CRC. */
function readZip(zip: Buffer): Entry[] {
  const eocd = zip.length - 22;
  expect(zip.readUInt32LE(eocd)).toBe(0x06054b50);
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  expect(at + zip.readUInt32LE(eocd + 12)).toBe(eocd);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    // The local header must agree with the central directory.
    expect(zip.readUInt32LE(offset)).toBe(0x04034b50);
    expect(zip.readUInt32LE(offset + 14)).toBe(crc);
    expect(zip.readUInt16LE(offset + 26)).toBe(nameLength);
    const start = offset + 30 + nameLength + zip.readUInt16LE(offset + 28);
    expect(method).toBe(8);
    const data = inflateRawSync(zip.subarray(start, start + compressedSize));
    expect(data.length).toBe(size);
    expect(zlibCrc32(data)).toBe(crc);
    entries.push({ name, data, crc });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** Width, height and RGBA pixels of a PNG this project wrote (8-bit RGBA, filter 0 on every row). */
function readPng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('ascii');
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length), `${type} CRC`).toBe(zlibCrc32(png.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, pixels };
}

describe('crc32', () => {
  it.each([[''], ['a'], ['123456789'], ['Gatehouse'], ['x'.repeat(10_000)]])('agrees with zlib on %#', (text) => {
    expect(crc32(Buffer.from(text))).toBe(zlibCrc32(Buffer.from(text)));
  });
  it('is the standard check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe('teams:package', () => {
  const out = join(dir, 'app.zip');
  const code = runTeamsPackage(['--app-id', APP_ID.toUpperCase(), '--out', out], { out: () => {}, err: (t) => process.stderr.write(t), cwd: dir });
  const entries = code === 0 ? readZip(readFileSync(out)) : [];
  const byName = Object.fromEntries(entries.map((e) => [e.name, e.data]));

  it('writes a zip of the manifest and the two icons at its root, every CRC right', () => {
    expect(code).toBe(0);
    expect(entries.map((e) => e.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
  });

  it('fills the manifest with the app id (as the app and as the bot) and leaves no placeholder', () => {
    const text = byName['manifest.json']!.toString('utf8');
    expect(text).not.toMatch(/\{\{|\}\}/);
    const manifest = JSON.parse(text);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.17);
    expect(manifest.$schema).toContain(`/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(manifest.version).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    expect(manifest.validDomains).toEqual([]);
    expect(manifest.bots[0].scopes).toContain('personal');
    expect(manifest.bots[0].commandLists).toEqual([{ scopes: ['personal'], commands: expect.any(Array) }]);
    expect(manifest.bots[0].commandLists[0].commands.map((c: { title: string }) => c.title)).toEqual(['request-access', 'need-support', 'access', 'help']);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.accentColor).toMatch(/^#[0-9A-F]{6}$/i);
    // Teams' limits on the fields it shows in the store.
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    for (const c of manifest.bots[0].commandLists[0].commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
    for (const url of Object.entries(manifest.developer).filter(([k]) => k.endsWith('Url'))) expect(url[1]).toMatch(/^https:\/\//);
  });

  it('ships a 192x192 colour icon and a 32x32 outline that is only white and transparent', () => {
    const color = readPng(byName['color.png']!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = readPng(byName['outline.png']!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let white = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      const [r, g, b, a] = outline.pixels.subarray(i, i + 4);
      if (a === 0) continue;
      expect([r, g, b, a]).toEqual([255, 255, 255, 255]);
      white++;
    }
    expect(white).toBeGreaterThan(40);
  });

  it('the committed icons are what the icon code draws', () => {
    // Pixels, not bytes: another zlib (Node 22, 24) may compress the same pixels differently.
    expect(readPng(readFileSync(join(ROOT, 'teams/color.png')))).toEqual(readPng(renderColorIcon()));
    expect(readPng(readFileSync(join(ROOT, 'teams/outline.png')))).toEqual(readPng(renderOutlineIcon()));
  });

  it('gives the same bytes for the same inputs', () => {
    expect(buildTeamsPackage({ appId: APP_ID })).toEqual(buildTeamsPackage({ appId: APP_ID }));
  });

  it('takes the developer links, keeping the JSON intact whatever the name', () => {
    const zip = buildTeamsPackage({ appId: APP_ID, developerName: 'Ops "Team" \\ Co', websiteUrl: 'https://it.example.org/gatehouse', version: '2.3.4' });
    const manifest = JSON.parse(readZip(zip)[0]!.data.toString('utf8'));
    expect(manifest.developer).toEqual({
      name: 'Ops "Team" \\ Co',
      websiteUrl: 'https://it.example.org/gatehouse',
      privacyUrl: 'https://it.example.org/gatehouse/privacy',
      termsOfUseUrl: 'https://it.example.org/gatehouse/terms',
    });
    expect(manifest.version).toBe('2.3.4');
  });

  it.each([
    ['missing', []],
    ['empty', ['--app-id', '']],
    ['not a GUID', ['--app-id', 'gatehouse-bot']],
    ['GUID in braces', ['--app-id', `{${APP_ID}}`]],
    ['GUID with trailing text', ['--app-id', `${APP_ID}x`]],
    ['GUID without dashes', ['--app-id', APP_ID.replace(/-/g, '')]],
    ['placeholder injection', ['--app-id', `${APP_ID}","botId":"x`]],
    ['http website', ['--app-id', APP_ID, '--website-url', 'http://insecure.example.com']],
    ['bad version', ['--app-id', APP_ID, '--version', 'latest']],
    ['unknown option', ['--app-id', APP_ID, '--colour', 'red']],
  ])('refuses %s and writes nothing', (_name, args) => {
    const target = join(dir, `refused-${_name.replace(/\W+/g, '-')}.zip`);
    const errors: string[] = [];
    expect(runTeamsPackage([...args, '--out', target], { out: () => {}, err: (t) => errors.push(t), cwd: dir })).toBe(2);
    expect(existsSync(target)).toBe(false);
    expect(errors.join('')).toContain('usage: npm run teams:package');
  });

  it('runs as a script', () => {
    const target = join(dir, 'script.zip');
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/teams-package.ts'), '--app-id', APP_ID, '--out', target], { encoding: 'utf8', cwd: ROOT });
    expect(stdout).toContain(target);
    expect(readZip(readFileSync(target)).map((e) => e.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
  });
});
