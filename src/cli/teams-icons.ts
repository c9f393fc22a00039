/**
 * The Teams app icons, drawn in code so the package needs no image tools: a white padlock on the
 * accent colour (192x192, `color.png`) and the same padlock as a white outline on transparency
 * (32x32, `outline.png`, as Teams requires). `teams/*.png` are this module's output, committed;
 * a test keeps them equal. Run this file to write them again.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encodePng } from './png.js';

/** Also the manifest's `accentColor`. */
export const ACCENT_COLOR = '#2E5A88';

type Shape = (x: number, y: number) => boolean;

const inRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const dist = (x: number, y: number, cx: number, cy: number) => Math.hypot(x - cx, y - cy);

/** The padlock in unit coordinates (0..1, y down): the body, the shackle above it, the keyhole cut out. */
const body: Shape = (x, y) => inRect(x, y, 0.26, 0.46, 0.74, 0.82);
const shackle: Shape = (x, y) => y <= 0.47 && dist(x, y, 0.5, 0.42) <= 0.19 && dist(x, y, 0.5, 0.42) >= 0.12 && (y <= 0.42 || Math.abs(x - 0.5) >= 0.12);
const keyhole: Shape = (x, y) => dist(x, y, 0.5, 0.6) <= 0.05 || inRect(x, y, 0.48, 0.6, 0.52, 0.72);
const padlock: Shape = (x, y) => (body(x, y) && !keyhole(x, y)) || shackle(x, y);

/** 4x4 samples per pixel: smooth edges on the colour icon. */
function coverage(shape: Shape, px: number, py: number, size: number): number {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (shape((px + (i + 0.5) / 4) / size, (py + (j + 0.5) / 4) / size)) hits++;
  return hits / 16;
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

export function renderColorIcon(size = 192): Buffer {
  const [r, g, b] = rgb(ACCENT_COLOR);
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(padlock, x, y, size);
      pixels.set([Math.round(r + (255 - r) * a), Math.round(g + (255 - g) * a), Math.round(b + (255 - b) * a), 255], (y * size + x) * 4);
    }
  }
  return encodePng(size, size, pixels);
}

/** White where the padlock's edge is, transparent elsewhere: every pixel is white or fully transparent. */
export function renderOutlineIcon(size = 32): Buffer {
  const filled = (x: number, y: number) => x >= 0 && y >= 0 && x < size && y < size && coverage(padlock, x, y, size) >= 0.5;
  const pixels = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const edge = filled(x, y) && (!filled(x - 1, y) || !filled(x + 1, y) || !filled(x, y - 1) || !filled(x, y + 1));
      pixels.set(edge ? [255, 255, 255, 255] : [255, 255, 255, 0], (y * size + x) * 4);
    }
  }
  return encodePng(size, size, pixels);
}

export const ICON_FILES = { color: 'color.png', outline: 'outline.png' } as const;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = fileURLToPath(new URL('../../teams/', import.meta.url));
  writeFileSync(dir + ICON_FILES.color, renderColorIcon());
  writeFileSync(dir + ICON_FILES.outline, renderOutlineIcon());
  console.log(`wrote ${dir}${ICON_FILES.color} and ${ICON_FILES.outline}`);
}
