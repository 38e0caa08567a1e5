/**
 * From bytes to text, and the XML safety check that runs before any parser sees the text.
 *
 * Charset order (RFC 7303): a byte-order mark (or UTF-16 or UTF-32 recognised by how `<` is written), then the charset of the HTTP Content-Type, then the XML
 * declaration, then UTF-8. Servers often get this wrong, so bytes that are not valid UTF-8 where UTF-8 was
 * claimed or assumed are read as the XML declaration says, else as windows-1252 (which every ISO-8859-1 text is).
 */

export function charsetFromContentType(contentType: string | null): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

/** The encoding named by `<?xml ... encoding="..."?>` at the start of the document, if any. */
export function charsetFromDeclaration(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1');
  const m = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * The charset a byte-order mark names, or failing one, that the first bytes spell `<` or `<?` in (XML 1.0,
 * appendix F): UTF-16 and UTF-32 documents need not carry a BOM.
 */
function sniffedCharset(bytes: Uint8Array): string | null {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0xef && b(1) === 0xbb && b(2) === 0xbf) return 'utf-8';
  if (b(0) === 0x00 && b(1) === 0x00 && b(2) === 0xfe && b(3) === 0xff) return 'utf-32be';
  if (b(0) === 0xff && b(1) === 0xfe && b(2) === 0x00 && b(3) === 0x00) return 'utf-32le';
  if (b(0) === 0xff && b(1) === 0xfe) return 'utf-16le';
  if (b(0) === 0xfe && b(1) === 0xff) return 'utf-16be';
  if (b(0) === 0x00 && b(1) === 0x00 && b(2) === 0x00 && b(3) === 0x3c) return 'utf-32be';
  if (b(0) === 0x3c && b(1) === 0x00 && b(2) === 0x00 && b(3) === 0x00) return 'utf-32le';
  if (b(0) === 0x00 && b(1) === 0x3c && b(2) === 0x00 && b(3) === 0x3f) return 'utf-16be';
  if (b(0) === 0x3c && b(1) === 0x00 && b(2) === 0x3f && b(3) === 0x00) return 'utf-16le';
  return null;
}

/** TextDecoder has no UTF-32; feeds in it are rare, but it is four bytes a character and nothing more. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string | null {
  if (bytes.length % 4 !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    const code = view.getUint32(i, littleEndian);
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return null;
    parts.push(String.fromCodePoint(code));
  }
  return parts.join('').replace(/^\uFEFF/, '');
}

// windows-1252's 0x80-0x9F (curly quotes, dashes, euro sign); undefined bytes keep their C1 code point.
export const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Node 20's TextDecoder reads windows-1252 (and ISO-8859-1, which the Encoding Standard maps to it) as plain
 * Latin-1, turning curly quotes into control characters; so that one is decoded here.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

function tryDecode(bytes: Uint8Array, label: string, fatal: boolean): string | null {
  const utf32 = /^(?:utf-?32|ucs-?4)(le|be)?$/i.exec(label);
  if (utf32) return decodeUtf32(bytes, utf32[1]?.toLowerCase() === 'le' || (!utf32[1] && bytes[0] === 0xff));
  try {
    const decoder = new TextDecoder(label, { fatal });
    if (decoder.encoding === 'windows-1252') return decodeWindows1252(bytes);
    return decoder.decode(bytes);
  } catch {
    // an unknown label (RangeError) or invalid bytes for a fatal decoder (TypeError)
    return null;
  }
}

export interface Decoded {
  text: string;
  /** the encoding actually used, as TextDecoder names it */
  charset: string;
}

export function decodeFeed(bytes: Uint8Array, contentType: string | null): Decoded {
  const candidates = [sniffedCharset(bytes), charsetFromContentType(contentType), charsetFromDeclaration(bytes), 'utf-8'].filter(
    (c): c is string => c !== null,
  );
  for (const label of candidates) {
    // UTF-8 must be valid to be believed; single-byte charsets decode anything, so they are taken as given...
    const isUtf8 = /^utf-?8$/i.test(label);
    const text = tryDecode(bytes, label, isUtf8);
    if (text === null) continue;
    const charset = /^(?:utf-?32|ucs-?4)/i.test(label) ? label.toLowerCase() : new TextDecoder(label).encoding;
    // ...except the common server default of ISO-8859-1 on UTF-8 bytes: Latin-1 text is practically never valid
    // UTF-8 once it has accented letters, so valid multi-byte UTF-8 means the label is wrong.
    if (charset === 'windows-1252' && bytes.some((b) => b >= 0x80)) {
      const utf8 = tryDecode(bytes, 'utf-8', true);
      if (utf8 !== null) return { text: utf8, charset: 'utf-8' };
    }
    return { text, charset };
  }
  return { text: decodeWindows1252(bytes), charset: 'windows-1252' };
}

/**
 * The name of the document's first element, lower-cased, past the XML declaration, comments, processing
 * instructions and the DOCTYPE; null when there is none.
 */
export function rootElement(text: string): string | null {
  let i = 0;
  for (;;) {
    while (i < text.length && (text[i] === '\uFEFF' || /\s/.test(text[i]!))) i++;
    if (text[i] !== '<') return null;
    let end: number;
    if (text.startsWith('<?', i)) end = text.indexOf('?>', i) + 2;
    else if (text.startsWith('<!--', i)) end = text.indexOf('-->', i) + 3;
    else if (/^<!DOCTYPE/i.test(text.slice(i, i + 9))) {
      const subset = text.indexOf('[', i);
      const close = text.indexOf('>', i);
      end = (subset >= 0 && subset < close ? text.indexOf('>', text.indexOf(']', subset)) : close) + 1;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(text.slice(i, i + 200));
      return m ? m[1]!.toLowerCase() : null;
    }
    if (end <= i) return null;
    i = end;
  }
}

/** A web page's root, as opposed to a feed that carries HTML inside it. */
export function isHtmlRoot(name: string | null): boolean {
  return name === 'html' || name === 'head' || name === 'body';
}

/** A document that is a web page rather than a feed, and the feed it advertises, if any. */
export function htmlPage(text: string, baseUrl: string): { feedUrl: string | null } | null {
  const head = text.slice(0, 64 * 1024);
  if (!/<(!doctype\s+html|html|head|body)\b/i.test(head)) return null;
  for (const m of head.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/rel\s*=\s*["']?alternate/i.test(tag) || !/type\s*=\s*["']?application\/(rss|atom)\+xml/i.test(tag)) continue;
    const href = /href\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    if (!href) continue;
    try {
      const url = new URL(href.replace(/&amp;/g, '&'), baseUrl);
      if (url.protocol === 'http:' || url.protocol === 'https:') return { feedUrl: url.href };
    } catch {
      // not a usable link; keep looking
    }
  }
  return { feedUrl: null };
}
