import { redactUrl } from '../feeds/fetcher';
import { clip, escapeHtml, packBlocks } from '../messages/html';
import type { Source } from '../sources/source';
import type { AddedSource, AdminStats, SourceReport } from './admin-service';

/** Every text the admin commands send (English only: operators read them); arguments are raw and escaped here. */
export interface AdminTexts {
  readonly operatorsOnly: string;
  readonly addSourceUsage: string;
  readonly removeSourceUsage: string;
  /** A refusal with the service's reason (a UserInputError message). */
  refused(reason: string): string;
  stats(stats: AdminStats): string;
  /** The /sources report, split into messages under Telegram's limit. */
  sources(reports: readonly SourceReport[], now: number): string[];
  sourceAdded(added: AddedSource): string;
  sourceRemoved(source: Source): string;
  /** The caption of the exported OPML document. */
  exportCaption(): string;
  /** Telegram did not take the exported OPML document. */
  readonly exportFailed: string;
  /** /exportsources asked for outside a private chat. */
  readonly exportPrivateOnly: string;
}


function ago(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

const url = (value: string) => `<code>${escapeHtml(redactUrl(value))}</code>`;
const name = (source: Source) => `<b>${escapeHtml(source.name)}</b>`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function sourceBlock(report: SourceReport, now: number): string {
  const { source, state } = report;
  const icon = state.lastResult === undefined ? '⏳' : state.lastResult === 'error' ? (report.failingFor24h ? '🚨' : '❌') : '✅';
  const lines = [`${icon} ${name(source)} (${report.origin})`, `${url(source.url)} · <code>${escapeHtml(source.id)}</code>`];
  if (state.lastFetchAt === undefined) lines.push('not fetched yet');
  else {
    const facts = [`last fetch ${escapeHtml(state.lastResult ?? 'unknown')} ${ago(now - state.lastFetchAt)}`];
    if (state.itemCount !== undefined) {
      const dropped = state.lastDropped === undefined ? '' : ` (${state.lastDropped} over FEED_MAX_ITEMS dropped)`;
      facts.push(`${plural(state.itemCount, 'item')}${dropped}`);
    }
    if (state.newestItemAt !== undefined) facts.push(`newest item ${ago(now - state.newestItemAt)}`);
    lines.push(facts.join(' · '));
  }
  if (state.lastResult === 'error') {
    const since = report.failingSince === undefined ? 'never read successfully' : `failing since ${ago(now - report.failingSince)}`;
    lines.push(`${plural(state.failures, 'failure')} in a row, ${since}${report.failingFor24h ? ' — <b>failing for 24 h or more</b>' : ''}`);
    if (state.lastError) lines.push(`<i>${escapeHtml(clip(state.lastError, 300))}</i>`);
  }
  return lines.join('\n');
}

/** The admin catalogue. */
export const adminTexts: AdminTexts = {
  operatorsOnly: "This command is for the bot's operators only.",
  addSourceUsage: 'Usage: <code>/addsource &lt;feed URL&gt;</code>',
  removeSourceUsage: 'Usage: <code>/removesource &lt;feed URL or source id&gt;</code>',

  refused: (reason) => `⚠️ ${escapeHtml(reason)}`,

  stats(stats) {
    const { chats, articles, queues, sources } = stats;
    const lines = [
      '<b>Silkwire stats</b>',
      '',
      `<b>Chats:</b> ${chats.total} total, ${chats.active} active, ${chats.suspended} suspended`,
      `Subscribed: ${Object.entries(chats.subscribedByTopic).map(([topic, n]) => `${escapeHtml(topic)} ${n}`).join(', ')}`,
      '',
      '<b>Articles</b> (stored / first seen in the last 24 h)',
      ...Object.keys(articles.storedByIndex).map(
        (index) => `${escapeHtml(index)}: ${articles.storedByIndex[index as keyof typeof articles.storedByIndex]} / ${articles.last24hByIndex[index as keyof typeof articles.last24hByIndex]}`,
      ),
      '',
      '<b>Queues</b> (waiting / active / delayed / failed)',
      ...(queues === undefined
        ? ['unavailable']
        : Object.entries(queues).map(
            ([queue, c]) => `${escapeHtml(queue)}: ${c.waiting ?? 0} / ${c.active ?? 0} / ${c.delayed ?? 0} / ${c.failed ?? 0}`,
          )),
      '',
      `<b>Sources:</b> ${sources.total} total, ${sources.failing.length} failing`,
      ...sources.failing.map(
        (report) =>
          `${report.failingFor24h ? '🚨' : '❌'} ${name(report.source)}: ${plural(report.state.failures, 'failure')}` +
          (report.state.lastError ? ` — <i>${escapeHtml(clip(report.state.lastError, 200))}</i>` : ''),
      ),
    ];
    return lines.join('\n');
  },

  sources(reports, now) {
    if (reports.length === 0) return ['<b>Sources</b>\n\nNo sources are configured.'];
    const failing = reports.filter((report) => report.state.lastResult === 'error').length;
    const header = `<b>Sources</b>: ${reports.length} total, ${failing} failing`;
    return packBlocks(header, reports.map((report) => sourceBlock(report, now)));
  },

  sourceAdded: (added) =>
    `✅ Added ${name(added.source)}\n${url(added.source.url)} · <code>${escapeHtml(added.source.id)}</code>\n` +
    `${escapeHtml(added.format.toUpperCase())} feed with ${plural(added.items, 'item')}, ${added.onTopic} on topic. It is read from the next poll on.`,

  sourceRemoved: (source) => `🗑 Removed ${name(source)}\n${url(source.url)}`,

  exportCaption: () => 'Silkwire sources (OPML 2.0): import into a feed reader or use as FEEDS_FILE.',
  exportPrivateOnly: '/exportsources works only in a private chat with the bot: source URLs can carry credentials.',
  exportFailed: '⚠️ Telegram did not accept the sources file, so nothing was exported. The reason is in the bot log; please try again later.',
};
