import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A feed server on loopback whose documents tests change at will; it counts requests and honours ETags. */
export interface FeedServer {
  url(path: string): string;
  set(path: string, body: string | Buffer, contentType?: string): void;
  requests(path: string): number;
  close(): Promise<void>;
}

/** Starts a feed server on 127.0.0.1 on a free port. */
export async function startFeedServer(): Promise<FeedServer> {
  const documents = new Map<string, { body: Buffer; contentType: string; etag: string }>();
  const counts = new Map<string, number>();
  let version = 0;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    const doc = documents.get(path);
    if (!doc) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (req.headers['if-none-match'] === doc.etag) {
      res.writeHead(304, { etag: doc.etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': doc.contentType, etag: doc.etag, 'content-length': doc.body.length }).end(doc.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    set(path, body, contentType = 'application/rss+xml; charset=utf-8') {
      version += 1;
      documents.set(path, { body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), contentType, etag: `"v${version}"` });
    },
    requests: (path) => counts.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a small RSS 2.0 document from items. */
export function rss(title: string, items: Array<{ title: string; link: string; guid?: string; description?: string; pubDate?: Date }>, language = 'en'): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body = items
    .map(
      (item) =>
        `<item><title>${esc(item.title)}</title><link>${esc(item.link)}</link>` +
        `<guid isPermaLink="false">${esc(item.guid ?? item.link)}</guid>` +
        (item.description ? `<description>${esc(item.description)}</description>` : '') +
        `<pubDate>${(item.pubDate ?? new Date()).toUTCString()}</pubDate></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${esc(title)}</title><link>https://example.com/</link><description>test</description><language>${language}</language>\n${body}\n</channel></rss>\n`;
}

/** Writes an OPML source list; `kind: 'file'` marks a bundled feed file (type="file"). */
export function opml(sources: Array<{ name: string; url: string; language?: string; kind?: 'file' }>): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const outlines = sources
    .map((s) => `    <outline type="${s.kind ?? 'rss'}" text="${esc(s.name)}" xmlUrl="${esc(s.url)}"${s.language ? ` language="${s.language}"` : ''}/>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head><title>test sources</title></head>\n  <body>\n${outlines}\n  </body>\n</opml>\n`;
}
