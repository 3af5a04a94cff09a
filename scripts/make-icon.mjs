// Draws build/icon.png (1024×1024): a blue rounded square with a white storage bucket. electron-builder
// derives the .icns, .ico and Linux sizes from it. Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 1024;
const samples = 3; // 3×3 supersampling for smooth edges

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const inRoundedSquare = (x, y) => {
  const r = 0.2, m = 0.04;
  const cx = Math.min(Math.max(x, m + r), 1 - m - r);
  const cy = Math.min(Math.max(y, m + r), 1 - m - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= m && x <= 1 - m && y >= m && y <= 1 - m;
};
// The bucket: a trapezoid body, an elliptic rim on top, and a band across it in the background colour.
const inBucket = (x, y) => {
  const top = 0.34, bottom = 0.8;
  if (((x - 0.5) / 0.27) ** 2 + ((y - top) / 0.07) ** 2 <= 1) return 'rim';
  if (y < top || y > bottom) return undefined;
  const half = 0.27 - ((y - top) / (bottom - top)) * 0.07;
  if (Math.abs(x - 0.5) > half) return undefined;
  if (y > 0.52 && y < 0.6) return 'band';
  return 'body';
};

const background = [11, 92, 173];
const raw = Buffer.alloc((size * 4 + 1) * size);
for (let py = 0; py < size; py++) {
  raw[py * (size * 4 + 1)] = 0;
  for (let px = 0; px < size; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < samples; sy++) {
      for (let sx = 0; sx < samples; sx++) {
        const x = (px + (sx + 0.5) / samples) / size;
        const y = (py + (sy + 0.5) / samples) / size;
        if (!inRoundedSquare(x, y)) continue;
        const part = inBucket(x, y);
        const [cr, cg, cb] = part === 'body' || part === 'rim' ? [255, 255, 255] : part === 'band' ? [120, 180, 240] : background;
        r += cr; g += cg; b += cb; a += 255;
      }
    }
    const n = samples * samples;
    const covered = a / 255 || 1;
    raw.set([Math.round(r / covered), Math.round(g / covered), Math.round(b / covered), Math.round(a / n)], py * (size * 4 + 1) + 1 + px * 4);
  }
}

const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../build/icon.png', import.meta.url), png);
console.log(`build/icon.png: ${size}×${size}, ${png.length} bytes`);
