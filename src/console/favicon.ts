// The tab's icon, drawn here rather than kept as a binary file: a speech bubble on the
// console's green, as a 32×32 Windows icon (one 32-bit BMP image), what /favicon.ico serves.
const SIZE = 32;
const GREEN = [0x1a, 0x7f, 0x64] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

/** Inside a rounded rectangle from (x0, y0) to (x1, y1), corners of radius r. */
function inRounded(
  x: number,
  y: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  r: number,
) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function colour(x: number, y: number): readonly number[] | null {
  if (!inRounded(x, y, 0, 0, 31, 31, 7)) return null;
  const dot = [11, 16, 21].some((cx) => (x - cx) ** 2 + (y - 14) ** 2 <= 3);
  const bubble =
    inRounded(x, y, 6, 7, 25, 21, 4) || (x >= 9 && x <= 13 && y > 21 && x - 9 <= 26 - y);
  return bubble && !dot ? WHITE : GREEN;
}

export function faviconIco(): Uint8Array<ArrayBuffer> {
  const pixels = SIZE * SIZE * 4;
  const mask = SIZE * 4; // 1 bit a pixel, rows padded to 4 bytes; all 0: alpha decides
  const image = 40 + pixels + mask;
  const out = new Uint8Array(6 + 16 + image);
  const v = new DataView(out.buffer);
  v.setUint16(2, 1, true); // an icon
  v.setUint16(4, 1, true); // one image
  out[6] = SIZE;
  out[7] = SIZE;
  v.setUint16(10, 1, true); // planes
  v.setUint16(12, 32, true); // bits a pixel
  v.setUint32(14, image, true);
  v.setUint32(18, 22, true); // where the image starts
  v.setUint32(22, 40, true); // BITMAPINFOHEADER
  v.setInt32(26, SIZE, true);
  v.setInt32(30, SIZE * 2, true); // the colours and the mask, stacked
  v.setUint16(34, 1, true);
  v.setUint16(36, 32, true);
  v.setUint32(42, pixels + mask, true);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const c = colour(x + 0.5, y + 0.5);
      const at = 62 + ((SIZE - 1 - y) * SIZE + x) * 4; // rows bottom-up, BGRA
      if (!c) continue;
      out[at] = c[2] ?? 0;
      out[at + 1] = c[1] ?? 0;
      out[at + 2] = c[0] ?? 0;
      out[at + 3] = 0xff;
    }
  }
  return out;
}
