// Firefox keeps its session store (sessionstore.jsonlz4, sessionstore-backups/
// recovery.jsonlz4 …) as "mozLz4": an 8-byte magic, the decompressed size as a
// little-endian uint32, then one LZ4 block. Form-field values Firefox saves
// for restoring tabs are in there, compressed, so a raw byte scan cannot see
// them; this opens the block.

export const MOZLZ4_MAGIC = Buffer.from('mozLz40\0', 'latin1');

/** The decompressed content of a mozLz4 file; throws on anything else or on a damaged block. */
export function decodeMozLz4(file: Buffer): Buffer {
  if (file.length < 12 || !file.subarray(0, 8).equals(MOZLZ4_MAGIC)) throw new Error('Not a mozLz4 file');
  const size = file.readUInt32LE(8);
  return lz4Block(file.subarray(12), size);
}

/**
 * LZ4 block format (https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md): sequences of literals
 * then a back-reference.
 */
export function lz4Block(src: Buffer, size: number): Buffer {
  const out = Buffer.alloc(size);
  let i = 0;
  let o = 0;
  const length = (n: number) => {
    if (n !== 15) return n;
    for (;;) {
      if (i >= src.length) throw new Error('LZ4: length runs past the end');
      const b = src[i++]!;
      n += b;
      if (b !== 255) return n;
    }
  };
  while (i < src.length) {
    const token = src[i++]!;
    const lit = length(token >> 4);
    if (i + lit > src.length || o + lit > size) throw new Error('LZ4: literals run past the end');
    src.copy(out, o, i, i + lit);
    i += lit;
    o += lit;
    if (i >= src.length) break; // the last sequence has literals only
    if (i + 2 > src.length) throw new Error('LZ4: truncated offset');
    const offset = src[i]! | (src[i + 1]! << 8);
    i += 2;
    if (offset === 0 || offset > o) throw new Error('LZ4: bad offset');
    const match = length(token & 15) + 4;
    if (o + match > size) throw new Error('LZ4: match runs past the end');
    // Byte by byte: a match may overlap what it is writing.
    for (let k = 0; k < match; k++, o++) out[o] = out[o - offset]!;
  }
  if (o !== size) throw new Error(`LZ4: ${o} bytes decoded, ${size} announced`);
  return out;
}
