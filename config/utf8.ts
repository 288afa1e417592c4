import { isUtf8 } from "node:buffer";

/** Where a file stops being UTF-8 text, and what it looks like instead. */
export interface NotUtf8 {
  /** 1-based line and column (in characters) of the first byte that is not UTF-8 text. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * The text of a file that must be UTF-8 (a leading byte order mark dropped), or where and why it is not: a UTF-16 or
 * UTF-32 file (with or without a byte order mark), a byte sequence that is not UTF-8 (Latin-1, Windows-1252, binary)
 * or a NUL byte. Never decodes a bad byte to U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array): { text: string } | { notUtf8: NotUtf8 } {
  const expected = "expected a UTF-8 file: save it as UTF-8";
  const bom = byteOrderMark(bytes);
  if (bom !== undefined) {
    return { notUtf8: { line: 1, column: 1, message: `The file is ${bom} (it starts with a ${bom} byte order mark), not UTF-8; ${expected}.` } };
  }
  const nul = bytes.indexOf(0);
  const bad = isUtf8(bytes) ? -1 : firstInvalidUtf8(bytes);
  if (nul >= 0 && (bad < 0 || nul < bad)) {
    const utf16 = looksLikeUtf16(bytes);
    const what = utf16 === undefined ? "a NUL byte, which is not text" : `a NUL byte: the file looks like ${utf16} without a byte order mark, not UTF-8`;
    return { notUtf8: { ...positionOf(bytes, nul), message: `The file holds ${what}; ${expected}.` } };
  }
  if (bad >= 0) {
    return {
      notUtf8: {
        ...positionOf(bytes, bad),
        message: `The file is not UTF-8 from here (byte ${bad + 1} of the file is not part of a UTF-8 character; is the file Latin-1 or Windows-1252?); ${expected}.`,
      },
    };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

function byteOrderMark(b: Uint8Array): string | undefined {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return "UTF-32";
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return "UTF-32";
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return "UTF-16";
  return undefined;
}

/** "UTF-16 (little-endian)" when the NUL bytes of the first kilobyte sit on odd offsets only, as in UTF-16 LE ASCII text. */
function looksLikeUtf16(b: Uint8Array): string | undefined {
  let even = 0;
  let odd = 0;
  const end = Math.min(b.length, 1024);
  for (let i = 0; i < end; i++) {
    if (b[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  const pairs = Math.floor(end / 2);
  if (even === 0 && odd >= pairs / 2) return "UTF-16 (little-endian)";
  if (odd === 0 && even >= pairs / 2) return "UTF-16 (big-endian)";
  return undefined;
}

/** Offset of the first byte that does not start (or continue) a well-formed UTF-8 character. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const lead = b[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const [length, smallest] = lead >= 0xc2 && lead <= 0xdf ? [2, 0x80] : lead >= 0xe0 && lead <= 0xef ? [3, 0x800] : lead >= 0xf0 && lead <= 0xf4 ? [4, 0x10000] : [0, 0];
    if (length === 0 || i + length > b.length) return i;
    let codePoint = lead & (0xff >> (length + 1));
    for (let k = 1; k < length; k++) {
      if ((b[i + k] & 0xc0) !== 0x80) return i;
      codePoint = (codePoint << 6) | (b[i + k] & 0x3f);
    }
    if (codePoint < smallest || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return i;
    i += length;
  }
  return b.length;
}

/** Line and column (in UTF-16 code units, as the YAML parser counts them) of a byte offset; the bytes before it are UTF-8. */
function positionOf(b: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (b[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = Buffer.from(b.buffer, b.byteOffset + lineStart, offset - lineStart).toString("utf8");
  // A UTF-8 byte order mark is dropped from the text, so it is no column.
  return { line, column: (line === 1 ? before.replace(/^\uFEFF/, "") : before).length + 1 };
}
