/**
 * A minimal zip writer (deflate, no zip64, no directories): enough for a Teams app package, which
 * is three small files at the root. Timestamps are fixed so the same inputs give the same bytes.
 */
import { deflateRawSync } from 'node:zlib';
import { crc32 } from './crc32.js';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** 1980-01-01 00:00, the earliest DOS date: a reproducible package does not carry the build time. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DEFLATE = 8;
const VERSION = 20;
/** Bit 11: names are UTF-8. */
const FLAGS = 0x0800;

export function createZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    if (name.length === 0 || name.length > 0xffff || entry.name.includes('\\') || entry.name.startsWith('/')) throw new RangeError(`bad zip entry name: ${entry.name}`);
    const compressed = deflateRawSync(entry.data, { level: 9 });
    if (compressed.length > 0xfffffffe || entry.data.length > 0xfffffffe) throw new RangeError(`${entry.name} is too large for a zip without zip64`);
    const crc = crc32(entry.data);

    // From "version needed" to the name length, the local header and the central record hold the same fields.
    const common = (header: Buffer, at: number): Buffer => {
      header.writeUInt16LE(VERSION, at);
      header.writeUInt16LE(FLAGS, at + 2);
      header.writeUInt16LE(DEFLATE, at + 4);
      header.writeUInt16LE(DOS_TIME, at + 6);
      header.writeUInt16LE(DOS_DATE, at + 8);
      header.writeUInt32LE(crc, at + 10);
      header.writeUInt32LE(compressed.length, at + 14);
      header.writeUInt32LE(entry.data.length, at + 18);
      header.writeUInt16LE(name.length, at + 22);
      return header;
    };
    const local = common(Buffer.alloc(30), 4);
    local.writeUInt32LE(0x04034b50, 0);
    const central = common(Buffer.alloc(46), 6);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(VERSION, 4); // version made by
    // Extra and comment lengths, disk number, internal and external attributes stay 0.
    central.writeUInt32LE(offset, 42);

    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
