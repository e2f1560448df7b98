import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOpml as parseOpmlDocument } from 'feedsmith';
import type { Opml } from 'feedsmith';
import { UserInputError } from '../errors';
import { sourceIdFor } from './source';
import type { Source } from './source';
import { hasEntityDeclarations } from '../text/xml';

type Outline = Opml.Outline<string>;

/**
 * Reads the feed subscriptions of an OPML 1.0/2.0 document, nested folders included, into sources.
 *
 * Each `<outline>` with an `xmlUrl` becomes a source named by its `text` (or `title`); the id is derived
 * from the `xmlUrl` exactly as written, so a relative path keeps its id on every machine. An outline with
 * type="file" is a bundled feed file (a source of kind `file`); any other is a feed on the web, fetched over
 * http(s) only. When `opmlPath` is given, relative URLs are resolved against the OPML file's folder
 * (see {@link resolveSourceUrl}).
 */
export function parseOpml(text: string, options: { opmlPath?: string } = {}): Source[] {
  if (hasEntityDeclarations(text)) {
    throw new UserInputError('The OPML file declares DTD entities, which Silkwire refuses to expand.');
  }
  if (!/<opml[\s>]/i.test(text)) {
    throw new UserInputError('This is not an OPML file: it has no <opml> element.');
  }

  let document: Opml.Document<string>;
  try {
    document = parseOpmlDocument(text);
  } catch (error) {
    // An OPML file with an empty body is valid and simply lists nothing.
    if (!/<outline[\s/>]/i.test(text)) return [];
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserInputError(`This OPML file could not be read: ${reason}.`, { reason });
  }

  const sources: Source[] = [];
  const seen = new Set<string>();
  const visit = (outlines: readonly Outline[] | undefined): void => {
    for (const outline of outlines ?? []) {
      const xmlUrl = outline.xmlUrl?.trim();
      if (xmlUrl !== undefined && xmlUrl !== '') {
        const id = sourceIdFor(xmlUrl);
        if (!seen.has(id)) {
          seen.add(id);
          const name = firstNonEmpty(outline.text, outline.title) ?? xmlUrl;
          const source: Source = {
            id,
            name,
            url: options.opmlPath === undefined ? xmlUrl : resolveSourceUrl(xmlUrl, options.opmlPath),
          };
          if (outline.type?.trim().toLowerCase() === 'file') source.kind = 'file';
          const language = outline.language?.trim();
          if (language !== undefined && language !== '') source.language = language;
          sources.push(source);
        }
      }
      visit(outline.outlines);
    }
  };
  visit(document.body?.outlines);
  return sources;
}

/** Writes sources as an OPML 2.0 subscription list that {@link parseOpml} reads back unchanged. */
export function toOpml(sources: readonly Source[], title: string): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeXml(title)}</title>`,
    '  </head>',
    '  <body>',
  ];
  for (const source of sources) {
    const attributes = [
      ['type', source.kind === 'file' ? 'file' : 'rss'],
      ['text', source.name],
      ['title', source.name],
      ['xmlUrl', source.url],
      ...(source.language === undefined ? [] : [['language', source.language]]),
    ];
    lines.push(`    <outline ${attributes.map(([key, value]) => `${key}="${escapeXml(value ?? '')}"`).join(' ')}/>`);
  }
  lines.push('  </body>', '</opml>', '');
  return lines.join('\n');
}

/**
 * Turns a source URL from an OPML file into something the fetcher can read: URLs with a scheme are kept,
 * relative (and absolute) paths are resolved against the folder of the OPML file at `opmlPath`.
 */
export function resolveSourceUrl(url: string, opmlPath: string): string {
  const trimmed = url.trim();
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^[a-z]:[\\/]/i.test(trimmed);
  if (hasScheme) return trimmed;
  const opmlFile = opmlPath.startsWith('file:') ? fileURLToPath(opmlPath) : opmlPath;
  return resolve(dirname(opmlFile), trimmed);
}

function firstNonEmpty(...values: Array<string | undefined>): string | undefined {
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed !== undefined && trimmed !== '') return trimmed;
  }
  return undefined;
}

/** Escapes text for an XML attribute or element, dropping characters XML 1.0 cannot carry. */
function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
