/**
 * Just enough of Chromium's on-disk formats for plaintext-scan.ts to see bytes
 * that Snappy stored as back-references (a repeated word inside a secret):
 * - LevelDB table files (.ldb/.sst): data blocks, Snappy-compressed
 *   (https://github.com/google/leveldb/blob/main/doc/table_format.md: footer → index block → data blocks, each
 *   with a 5-byte trailer: compression type and CRC);
 * - LevelDB log files (.log): records cut into 32 KiB blocks with 7-byte
 *   headers (https://github.com/google/leveldb/blob/main/doc/log_format.md), reassembled so a value that spans a
 *   block boundary is contiguous again;
 * - IndexedDB values that Blink compressed: the bytes FF 11 02 followed by raw
 *   Snappy (seen in Chromium 156 for large values, inline and in .blob files).
 */

const MAGIC = Buffer.from([0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb]);
const FOOTER = 48;

/** Yields each data block's contents. Throws on a file that is not a readable table, rather than skip it. */
export function* leveldbTableBlocks(file: Buffer): Generator<Buffer> {
  if (file.length < FOOTER || !file.subarray(file.length - 8).equals(MAGIC)) {
    throw new Error('Not a LevelDB table (bad magic)');
  }
  const footer = new Reader(file.subarray(file.length - FOOTER));
  footer.varint(); // metaindex offset
  footer.varint(); // metaindex size
  const index = readBlock(file, footer.varint(), footer.varint());
  for (const value of blockValues(index)) {
    const handle = new Reader(value);
    yield readBlock(file, handle.varint(), handle.varint());
  }
}

function readBlock(file: Buffer, offset: number, size: number): Buffer {
  if (offset + size + 5 > file.length) throw new Error('LevelDB block handle points past the end of the file');
  const raw = file.subarray(offset, offset + size);
  const type = file[offset + size];
  if (type === 0) return raw;
  if (type === 1) return snappyDecompress(raw);
  throw new Error(`LevelDB block compression type ${type} is not supported by the scanner`);
}

/** The values of a block's entries (prefix-compressed keys are skipped). */
function* blockValues(block: Buffer): Generator<Buffer> {
  const restarts = block.readUInt32LE(block.length - 4);
  const end = block.length - 4 - restarts * 4;
  const r = new Reader(block.subarray(0, end));
  while (!r.done()) {
    r.varint(); // shared key bytes
    const unshared = r.varint();
    const valueLength = r.varint();
    r.skip(unshared);
    yield r.take(valueLength);
  }
}

const LOG_BLOCK = 32768;

/** The records of a LevelDB log file, fragments joined. A torn tail is dropped. */
export function* leveldbLogRecords(file: Buffer): Generator<Buffer> {
  let parts: Buffer[] = [];
  for (let block = 0; block < file.length; block += LOG_BLOCK) {
    let pos = block;
    const end = Math.min(block + LOG_BLOCK, file.length);
    while (pos + 7 <= end) {
      const length = file.readUInt16LE(pos + 4);
      const type = file[pos + 6];
      if (type === 0 && length === 0) break; // zero padding up to the next block
      const payload = file.subarray(pos + 7, Math.min(pos + 7 + length, end));
      pos += 7 + length;
      if (type === 1) {
        yield payload;
        parts = [];
      } else if (type === 2) parts = [payload];
      else if (type === 3) parts.push(payload);
      else if (type === 4) {
        parts.push(payload);
        yield Buffer.concat(parts);
        parts = [];
      }
    }
  }
}

const BLINK_SNAPPY = Buffer.from([0xff, 0x11, 0x02]);
const MAX_VALUE = 256 << 20;

/**
 * Every Blink-compressed IndexedDB value found in `buf`, decompressed. Bytes
 * that only look like the marker fail to decompress and are skipped.
 */
export function* blinkSnappyValues(buf: Buffer): Generator<Buffer> {
  for (let at = buf.indexOf(BLINK_SNAPPY); at !== -1; at = buf.indexOf(BLINK_SNAPPY, at + 1)) {
    try {
      yield snappyDecompress(buf.subarray(at + BLINK_SNAPPY.length), { stopWhenFull: true });
    } catch {
      // Not a compressed value after all.
    }
  }
}

/**
 * Raw Snappy (no framing), as LevelDB and Blink store it. With stopWhenFull
 * the input may continue after the stream (its length is not stored).
 */
export function snappyDecompress(input: Buffer, opts: { stopWhenFull?: boolean } = {}): Buffer {
  const r = new Reader(input);
  const size = r.varint();
  // A copy element expands at most 64 bytes out of 3 in: anything larger is not Snappy.
  if (size > MAX_VALUE || size > input.length * 22 + 64) throw new Error('Snappy length out of range');
  const out = Buffer.alloc(size);
  let o = 0;
  while (!r.done() && !(opts.stopWhenFull && o === out.length)) {
    const tag = r.byte();
    const kind = tag & 3;
    if (kind === 0) {
      let len = (tag >> 2) + 1;
      if (len > 60) len = r.uintLE(len - 60) + 1;
      if (o + len > out.length) throw new Error('Corrupt Snappy data');
      r.take(len).copy(out, o);
      o += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (kind === 1) {
      len = ((tag >> 2) & 7) + 4;
      offset = ((tag >> 5) << 8) | r.byte();
    } else {
      len = (tag >> 2) + 1;
      offset = r.uintLE(kind === 2 ? 2 : 4);
    }
    if (offset === 0 || offset > o || o + len > out.length) throw new Error('Corrupt Snappy data');
    // Byte by byte: a copy may overlap its own output (offset < len).
    for (let i = 0; i < len; i++, o++) out[o] = out[o - offset]!;
  }
  if (o !== out.length) throw new Error('Corrupt Snappy data (short output)');
  return out;
}

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}
  done(): boolean {
    return this.pos >= this.buf.length;
  }
  byte(): number {
    if (this.pos >= this.buf.length) throw new Error('Unexpected end of LevelDB data');
    return this.buf[this.pos++]!;
  }
  varint(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return result;
    }
    throw new Error('Bad varint in LevelDB data');
  }
  uintLE(bytes: number): number {
    let v = 0;
    for (let i = 0; i < bytes; i++) v += this.byte() * 2 ** (8 * i);
    return v;
  }
  take(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw new Error('Unexpected end of LevelDB data');
    const s = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  skip(n: number): void {
    this.take(n);
  }
}
