import { escapeHtml } from '../messages/html';

/** One source of a story as the source line shows it. */
export interface StorySource {
  name: string;
  url: string;
}

/** The words of the source line, from the reader's catalogue (Messages.storyMoreSources / storyLanguages). */
export interface SourceLineWords {
  moreSources(n: number): string;
  languages(n: number): string;
}

/**
 * Formats a story's source line as Telegram HTML, e.g. `<a href="…">Kazinform</a>, <a href="…">Xinhua</a> +3 · 3 languages`:
 * the first `named` sources linked, the rest counted, then the number of languages when there is more than one.
 * Names and URLs are escaped.
 */
export function formatSourceLine(
  sources: readonly StorySource[],
  languageCount: number,
  words: SourceLineWords,
  named = 2,
): string {
  const shown = sources.slice(0, Math.max(0, named)).map((s) => `<a href="${escapeHtml(s.url)}">${escapeHtml(s.name)}</a>`);
  let line = shown.join(', ');
  const rest = sources.length - shown.length;
  if (rest > 0) line += `${line ? ' ' : ''}${escapeHtml(words.moreSources(rest))}`;
  if (languageCount > 1) line += `${line ? ' · ' : ''}${escapeHtml(words.languages(languageCount))}`;
  return line;
}
