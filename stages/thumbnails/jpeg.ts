/**
 * A baseline JPEG encoder (ITU T.81: sequential DCT, Huffman, 8-bit, YCbCr 4:4:4) for
 * thumbnails of a few hundred pixels a side. Pure TypeScript: an ffmpeg per thumbnail would
 * cost 60–80 ms of process start each, the encoder here well under a millisecond.
 * Standard tables of Annex K; quality scales the quantisers as libjpeg does.
 */
import type { RgbImage } from '../../models';

/** Annex K.1 luminance and chrominance quantisers, in natural (row-major) order. */
const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22,
  37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_Q = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99,
  99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
];
/** Zig-zag scan: ZIGZAG[k] is the natural index of the k-th coefficient. */
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57,
  50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];
/** Annex K.3 Huffman tables: code counts per length 1..16, then the symbols. */
const DC_LUMA = { bits: [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], vals: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
const DC_CHROMA = { bits: [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], vals: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] };
const AC_LUMA = {
  bits: [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d],
  vals: hex(
    '01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa',
  ),
};
const AC_CHROMA = {
  bits: [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77],
  vals: hex(
    '000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa',
  ),
};

function hex(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 2) out.push(parseInt(s.slice(i, i + 2), 16));
  return out;
}

/** Huffman code and length per symbol (Annex C: canonical codes from the counts). */
interface HuffCodes {
  code: Uint16Array;
  size: Uint8Array;
}

function huffCodes(table: { bits: number[]; vals: number[] }): HuffCodes {
  const code = new Uint16Array(256),
    size = new Uint8Array(256);
  let c = 0,
    k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < table.bits[len - 1]!; i++) {
      const sym = table.vals[k++]!;
      code[sym] = c++;
      size[sym] = len;
    }
    c <<= 1;
  }
  return { code, size };
}

const TABLES = { dcL: huffCodes(DC_LUMA), acL: huffCodes(AC_LUMA), dcC: huffCodes(DC_CHROMA), acC: huffCodes(AC_CHROMA) };

/** cos((2x+1)uπ/16) · C(u)/2, the separable DCT-II basis. */
const DCT = (() => {
  const m = new Float64Array(64);
  for (let u = 0; u < 8; u++)
    for (let x = 0; x < 8; x++) m[u * 8 + x] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  return m;
})();

/** libjpeg's quality scaling of a base table (quality 1..100), in zig-zag order for DQT. */
function scaledQuant(base: readonly number[], quality: number): Uint8Array {
  const q = Math.min(100, Math.max(1, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - q * 2;
  const out = new Uint8Array(64);
  for (let k = 0; k < 64; k++) out[k] = Math.min(255, Math.max(1, Math.floor((base[ZIGZAG[k]!]! * scale + 50) / 100)));
  return out;
}

/** Accumulates bits MSB first, stuffing a 0x00 after every 0xFF byte of entropy-coded data. */
class BitWriter {
  bytes = new Uint8Array(4096);
  length = 0;
  private acc = 0;
  private count = 0;

  /** Appends the low `length` (≤ 16) bits of `value`. */
  write(value: number, length: number): void {
    this.acc = ((this.acc << length) | (value & ((1 << length) - 1))) >>> 0;
    this.count += length;
    while (this.count >= 8) {
      this.count -= 8;
      this.push((this.acc >>> this.count) & 0xff);
    }
    this.acc &= (1 << this.count) - 1;
  }

  private push(byte: number): void {
    if (this.length + 2 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = byte;
    if (byte === 0xff) this.bytes[this.length++] = 0;
  }

  /** Pads the last byte with 1 bits (T.81 F.1.2.3). */
  finish(): Uint8Array {
    if (this.count > 0) this.write(0x7f, 8 - this.count);
    return this.bytes.subarray(0, this.length);
  }
}

/** Scratch arrays of one encode call (no module-level mutable state). */
interface Scratch {
  tmp: Float64Array;
  zz: Int32Array;
}

/** Bits needed for |v| and the magnitude code of v (T.81 F.1.2.1). */
function category(v: number): [number, number] {
  const a = Math.abs(v);
  const n = a === 0 ? 0 : 32 - Math.clz32(a);
  return [n, v < 0 ? v + (1 << n) - 1 : v];
}

/** Forward DCT, quantisation and Huffman coding of one 8×8 block; returns the new DC predictor. */
function encodeBlock(
  out: BitWriter,
  block: Float64Array,
  quant: Uint8Array,
  prevDc: number,
  dc: HuffCodes,
  ac: HuffCodes,
  scratch: Scratch,
): number {
  const { tmp, zz } = scratch;
  for (let y = 0; y < 8; y++)
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += DCT[u * 8 + x]! * block[y * 8 + x]!;
      tmp[y * 8 + u] = s;
    }
  for (let k = 0; k < 64; k++) {
    const n = ZIGZAG[k]!,
      v = n >> 3,
      u = n & 7;
    let s = 0;
    for (let y = 0; y < 8; y++) s += DCT[v * 8 + y]! * tmp[y * 8 + u]!;
    zz[k] = Math.round(s / quant[k]!);
  }
  const [dn, dbits] = category(zz[0]! - prevDc);
  out.write(dc.code[dn]!, dc.size[dn]!);
  if (dn > 0) out.write(dbits, dn);
  let run = 0;
  for (let k = 1; k < 64; k++) {
    if (zz[k] === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      out.write(ac.code[0xf0]!, ac.size[0xf0]!);
      run -= 16;
    }
    const [n, bits] = category(zz[k]!);
    const sym = (run << 4) | n;
    out.write(ac.code[sym]!, ac.size[sym]!);
    out.write(bits, n);
    run = 0;
  }
  if (run > 0) out.write(ac.code[0]!, ac.size[0]!);
  return zz[0]!;
}

/**
 * Encodes an rgb24 image as a baseline JFIF JPEG (4:4:4). Edge blocks repeat the last
 * row/column. Deterministic: the same pixels give the same bytes.
 *
 * @example
 *   const jpeg = encodeJpeg({ data: rgb, width: 160, height: 90 }, 80); // Uint8Array starting FF D8
 */
export function encodeJpeg(image: RgbImage, quality = 80): Uint8Array {
  const { width, height, data } = image;
  if (!(width > 0 && height > 0 && width < 65536 && height < 65536) || data.length < width * height * 3) {
    throw new RangeError(`encodeJpeg: bad image ${width}×${height} with ${data.length} bytes`);
  }
  const qL = scaledQuant(LUMA_Q, quality),
    qC = scaledQuant(CHROMA_Q, quality);
  const bits = new BitWriter();
  const blocks = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];
  const scratch: Scratch = { tmp: new Float64Array(64), zz: new Int32Array(64) };
  let dcY = 0,
    dcCb = 0,
    dcCr = 0;
  for (let by = 0; by < height; by += 8)
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++)
        for (let x = 0; x < 8; x++) {
          const p = (Math.min(height - 1, by + y) * width + Math.min(width - 1, bx + x)) * 3;
          const r = data[p]!,
            g = data[p + 1]!,
            b = data[p + 2]!,
            i = y * 8 + x;
          blocks[0]![i] = 0.299 * r + 0.587 * g + 0.114 * b - 128;
          blocks[1]![i] = -0.168736 * r - 0.331264 * g + 0.5 * b;
          blocks[2]![i] = 0.5 * r - 0.418688 * g - 0.081312 * b;
        }
      dcY = encodeBlock(bits, blocks[0]!, qL, dcY, TABLES.dcL, TABLES.acL, scratch);
      dcCb = encodeBlock(bits, blocks[1]!, qC, dcCb, TABLES.dcC, TABLES.acC, scratch);
      dcCr = encodeBlock(bits, blocks[2]!, qC, dcCr, TABLES.dcC, TABLES.acC, scratch);
    }
  const head = headers(width, height, qL, qC),
    body = bits.finish();
  const out = new Uint8Array(head.length + body.length + 2);
  out.set(head);
  out.set(body, head.length);
  out.set([0xff, 0xd9], head.length + body.length);
  return out;
}

function segment(marker: number, body: number[]): number[] {
  return [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
}

/** SOI, JFIF APP0, DQT ×2, SOF0, DHT ×4 and SOS of a 3-component 4:4:4 image. */
function headers(width: number, height: number, qL: Uint8Array, qC: Uint8Array): number[] {
  const dht = (cls: number, id: number, t: { bits: number[]; vals: number[] }) => [(cls << 4) | id, ...t.bits, ...t.vals];
  return [
    0xff,
    0xd8,
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0, ...qL, 1, ...qC]),
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]),
    ...segment(0xc4, [...dht(0, 0, DC_LUMA), ...dht(1, 0, AC_LUMA), ...dht(0, 1, DC_CHROMA), ...dht(1, 1, AC_CHROMA)]),
    ...segment(0xda, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]),
  ];
}
