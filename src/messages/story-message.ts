import type { TopicId } from '../articles/article';
import type { Messages } from '../i18n';
import { formatSourceLine } from '../stories/source-line';
import { articleTime, toStory, type StoryGroup } from '../stories/story-service';
import { describeStory, type StoryView } from '../stories/story-view';
import { clip, escapeHtml, packBlocks } from './html';

const MAX_TITLE = 300;

/** Describes a story group for a reader of `language`: best title (in that language where one exists), summary, sources. */
export function viewStory(group: StoryGroup, language: string): StoryView {
  return describeStory(toStory(group), { language });
}

/** The source line of a story in the reader's words, e.g. `Kazinform, Xinhua +3 · 3 languages` (named sources linked). */
export function sourceLine(view: StoryView, messages: Messages): string {
  return formatSourceLine(view.sources, view.languages.length, { moreSources: messages.storyMoreSources, languages: messages.storyLanguages });
}

/**
 * Renders one story as an HTML block: its linked best title, a one- or two-sentence summary, then its sources (each
 * named source linked) and the age of its latest news; `extra` lines (already HTML) follow.
 */
export function formatStory(group: StoryGroup, messages: Messages, now: number, extra: readonly string[] = []): string {
  const view = viewStory(group, messages.code);
  const latest = Math.max(...group.articles.map(articleTime));
  const lines = [`<b><a href="${escapeHtml(view.url)}">${escapeHtml(clip(view.title, MAX_TITLE))}</a></b>`];
  if (view.summary) lines.push(escapeHtml(view.summary));
  lines.push(`${sourceLine(view, messages)} · ${messages.timeAgo(now - latest)}`);
  return [...lines, ...extra].join('\n');
}

/** Renders an update of a story sent before: its linked title and "update: N more sources". */
export function formatStoryUpdate(group: StoryGroup, added: number, messages: Messages): string {
  const view = viewStory(group, messages.code);
  return `↻ <a href="${escapeHtml(view.url)}">${escapeHtml(clip(view.title, MAX_TITLE))}</a> — ${escapeHtml(messages.storyUpdate(added))}`;
}

/** The topics of a story: every topic one of its members is on. */
export function storyTopics(group: StoryGroup): TopicId[] {
  return [...new Set(group.articles.flatMap((a) => a.topics))];
}

/** Renders a list of stories (/latest, /search) under a header, as one or more messages split between stories. */
export function formatStoryList(groups: readonly StoryGroup[], header: string, messages: Messages, now: number): string[] {
  return packBlocks(
    header,
    groups.map((group) => formatStory(group, messages, now)),
  );
}
