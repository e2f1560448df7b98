/** One part of a multipart/form-data body. */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Reads a parameter (`name="x"`) out of a Content-Disposition or Content-Type header value. */
function headerParam(header: string, param: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(header);
  if (match === null) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2]?.trim();
}

/** The boundary of a multipart/form-data Content-Type header, or undefined. */
export function multipartBoundary(contentType: string): string | undefined {
  return headerParam(contentType, 'boundary');
}

/** Splits a multipart/form-data body into its parts; malformed parts are skipped. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  while (position !== -1) {
    let start = position + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    // The CRLF before the next delimiter belongs to the delimiter, not to the data.
    const end = body.subarray(next - 2, next).toString() === '\r\n' ? next - 2 : next;
    const chunk = body.subarray(start, end);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = new Map<string, string>();
      for (const line of chunk.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const disposition = headers.get('content-disposition') ?? '';
      const name = headerParam(disposition, 'name');
      if (name !== undefined) {
        const part: MultipartPart = { name, data: chunk.subarray(headerEnd + 4) };
        const filename = headerParam(disposition, 'filename');
        if (filename !== undefined) part.filename = filename;
        const contentType = headers.get('content-type');
        if (contentType !== undefined) part.contentType = contentType;
        parts.push(part);
      }
    }
    position = next;
  }
  return parts;
}
