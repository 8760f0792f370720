/**
 * The page icon, drawn here so the build needs no binary file: a white speech bubble on a blue
 * rounded square, as a 32×32 32-bit .ico (a BMP with alpha; every browser reads it).
 */
const SIZE = 32;
const SAMPLES = 4;
const BLUE = [0x18, 0x77, 0xf2] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

const inRoundedSquare = (x: number, y: number) => {
  const r = 7;
  const dx = Math.max(r - x, 0, x - (SIZE - r));
  const dy = Math.max(r - y, 0, y - (SIZE - r));
  return dx * dx + dy * dy <= r * r;
};

const inBubble = (x: number, y: number) => {
  const [cx, cy, rx, ry] = [16, 15, 10, 8.5];
  const inOval = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
  // The tail: a triangle from the oval's lower left down to (8, 27).
  const inTail = y >= 19 && y <= 27 && x >= 8 && x <= 14 - (y - 19) * 0.75;
  return inOval || inTail;
};

/** Each pixel's colour and coverage, by supersampling the shapes. */
function pixel(px: number, py: number): [number, number, number, number] {
  let square = 0;
  let bubble = 0;
  for (let sy = 0; sy < SAMPLES; sy++)
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = px + (sx + 0.5) / SAMPLES;
      const y = py + (sy + 0.5) / SAMPLES;
      if (!inRoundedSquare(x, y)) continue;
      square++;
      if (inBubble(x, y)) bubble++;
    }
  const total = SAMPLES * SAMPLES;
  if (square === 0) return [0, 0, 0, 0];
  const white = bubble / square;
  const mix = (i: 0 | 1 | 2) => Math.round(BLUE[i] * (1 - white) + WHITE[i] * white);
  return [mix(0), mix(1), mix(2), Math.round((255 * square) / total)];
}

function drawIco(): Buffer {
  const pixels = SIZE * SIZE * 4;
  const mask = SIZE * 4; // 1 bit a pixel, rows padded to 4 bytes; all 0: the alpha channel decides
  const image = 40 + pixels + mask;
  const ico = Buffer.alloc(6 + 16 + image);
  ico.writeUInt16LE(1, 2); // type: icon
  ico.writeUInt16LE(1, 4); // one image
  ico.writeUInt8(SIZE, 6);
  ico.writeUInt8(SIZE, 7);
  ico.writeUInt16LE(1, 10); // planes
  ico.writeUInt16LE(32, 12); // bits a pixel
  ico.writeUInt32LE(image, 14);
  ico.writeUInt32LE(22, 18); // where the image starts
  ico.writeUInt32LE(40, 22); // BITMAPINFOHEADER
  ico.writeInt32LE(SIZE, 26);
  ico.writeInt32LE(SIZE * 2, 30); // colour rows and mask rows
  ico.writeUInt16LE(1, 34);
  ico.writeUInt16LE(32, 36);
  ico.writeUInt32LE(pixels + mask, 42);
  for (let y = 0; y < SIZE; y++)
    for (let x = 0; x < SIZE; x++) {
      const [r, g, b, a] = pixel(x, y);
      // Rows bottom-up, BGRA.
      const at = 62 + ((SIZE - 1 - y) * SIZE + x) * 4;
      ico.writeUInt8(b, at);
      ico.writeUInt8(g, at + 1);
      ico.writeUInt8(r, at + 2);
      ico.writeUInt8(a, at + 3);
    }
  return ico;
}

export const FAVICON_ICO: Buffer = drawIco();
