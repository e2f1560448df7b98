import { DateTime } from 'luxon';
import { TOPIC_IDS, type TopicId } from '../articles/article';
import type { ChatSettings } from '../chats/chat';
import { hasFilters, type ChatFilters } from '../chats/filters';
import { messagesFor, type Messages } from '../i18n';
import { splitByMembership } from '../topics/topics';
import type { InlineKeyboard } from '../telegram/sender';
import { formatTopics } from './help';
import { echo, escapeHtml } from './html';

/** Localised, escaped topic names joined for a sentence. */
export function topicList(topics: readonly TopicId[], messages: Messages): string {
  return topics.map((topic) => escapeHtml(messages.topicName[topic])).join(', ');
}

/** The chat's schedule in words: digest times and zone, instant alerts, or paused. */
export function describeSchedule(chat: ChatSettings, messages: Messages): string {
  if (chat.mode === 'instant') return messages.scheduleInstant;
  if (chat.mode === 'off') return messages.scheduleOff;
  return messages.scheduleDigest(chat.times.join(', '), escapeHtml(chat.zone));
}

/** /subscriptions: topics, schedule, zone and language, then filters and quiet hours where the chat has them. */
export function describeChat(chat: ChatSettings, messages: Messages): string {
  const following = chat.topics.length > 0;
  const topics = following ? topicList(chat.topics, messages) : messages.none;
  const schedule = following ? describeSchedule(chat, messages) : undefined;
  const summary = messages.subscriptionsSummary(topics, schedule, escapeHtml(chat.zone), messagesFor(chat.language).languageName);
  const extras = [
    ...(hasFilters(chat.filters) ? [messages.subscriptionsFilters(filterRules(chat.filters))] : []),
    ...(chat.quiet ? [messages.subscriptionsQuiet(chat.quiet.from, chat.quiet.to)] : []),
  ];
  return [summary, ...extras].join('\n');
}

/** A chat's filter words as one list, includes first: "+oil, -football" (escaped). */
function filterRules(filters: ChatFilters): string {
  return [...filters.include.map((w) => `+${escapeHtml(w)}`), ...filters.exclude.map((w) => `-${escapeHtml(w)}`)].join(', ');
}

/** Callback data of a topic button: "t:sub:<topic>" or "t:unsub:<topic>". */
export function topicButtonData(action: 'sub' | 'unsub', topic: TopicId): string {
  return `t:${action}:${topic}`;
}

/** Reads a topic button's callback data; undefined for anything forged, stale or unknown. */
export function parseTopicButton(data: string | undefined): { action: 'sub' | 'unsub'; topic: TopicId } | undefined {
  const match = /^t:(sub|unsub):([a-z]+)$/.exec(data ?? '');
  if (!match || !(TOPIC_IDS as readonly string[]).includes(match[2]!)) return undefined;
  return { action: match[1] as 'sub' | 'unsub', topic: match[2] as TopicId };
}

/** One button per topic: subscribe when the chat does not follow it, unsubscribe when it does. */
export function topicKeyboard(chat: ChatSettings, messages: Messages): InlineKeyboard {
  return TOPIC_IDS.map((topic) => {
    const subscribed = chat.topics.includes(topic);
    const name = messages.topicName[topic];
    return [{ text: subscribed ? messages.buttonUnsubscribe(name) : messages.buttonSubscribe(name), callback_data: topicButtonData(subscribed ? 'unsub' : 'sub', topic) }];
  });
}

/** The local time in a zone, for confirming /timezone. */
export function localTime(zone: string, now: number): string {
  return DateTime.fromMillis(now, { zone }).toFormat('HH:mm');
}

/** The topics message with this chat's schedule (or that it has none): the text above the topic buttons after a press. */
export function topicsPanel(chat: ChatSettings, messages: Messages): string {
  return `${formatTopics(messages)}\n\n${chat.topics.length > 0 ? describeSchedule(chat, messages) : messages.noSubscriptions}`;
}

/** The /subscriptions reply: the summary, plus how to subscribe when the chat follows nothing. */
export function subscriptionsReply(chat: ChatSettings, messages: Messages): string {
  const summary = describeChat(chat, messages);
  return chat.topics.length === 0 ? `${summary}\n\n${messages.noSubscriptions}` : summary;
}

/** The reply to /subscribe with topics: which are new, which the chat already followed, and its schedule. */
export function subscribedReply(before: ChatSettings, requested: readonly TopicId[], after: ChatSettings, messages: Messages): string {
  const { outside: added, inside: already } = splitByMembership(requested, before.topics);
  const lines = [...(already.length > 0 ? [messages.alreadySubscribed(topicList(already, messages))] : []), describeSchedule(after, messages)];
  return added.length > 0 ? messages.subscribed(topicList(added, messages), lines.join('\n')) : lines.join('\n');
}

/** The reply to /unsubscribe with topics (or all): what the chat did not follow, and what it still follows. */
export function unsubscribedReply(before: ChatSettings, requested: readonly TopicId[] | 'all', after: ChatSettings, messages: Messages): string {
  if (before.topics.length === 0) return messages.noSubscriptions;
  const { inside: removed, outside: absent } = splitByMembership(requested === 'all' ? before.topics : requested, before.topics);
  const remaining = topicList(after.topics, messages);
  const outcome = removed.length > 0 ? messages.unsubscribed(remaining) : messages.stillSubscribed(remaining);
  return absent.length > 0 ? `${messages.notSubscribed(topicList(absent, messages))} ${outcome}` : outcome;
}

/** A word that names no topic, echoed back escaped, with the words that do. */
export function unknownTopicReply(input: string, valid: string, messages: Messages): string {
  return messages.unknownTopic(echo(input), valid);
}

/** The reply to a /timezone that names no zone: the echoed input (if any) and how to write one. */
export function timezoneRefusal(input: string, messages: Messages): string {
  return input ? `${messages.timezoneInvalid(echo(input))}\n${messages.timezoneUsage}` : messages.timezoneUsage;
}

/** The reply to a /timezone that was saved: the zone, its local time now, and the schedule in it. */
export function timezoneSaved(chat: ChatSettings, now: number, messages: Messages): string {
  return `${messages.timezoneSet(escapeHtml(chat.zone), localTime(chat.zone, now))}\n${describeSchedule(chat, messages)}`;
}

/** The /start reply: the welcome (with the escaped name in private chats), after a welcome back when the chat resumed. */
export function startReply(name: string, resumed: boolean, messages: Messages): string {
  const welcome = messages.welcome(escapeHtml(name));
  return resumed ? `${messages.resumed}\n\n${welcome}` : welcome;
}

/** The reply to a command the bot does not have: its name (shortened and escaped) and a pointer to /help. */
export function unknownCommandReply(name: string, messages: Messages): string {
  return messages.unknownCommand(`/${echo(name)}`);
}

/** /filter: the chat's include and exclude words (or that it has none), then how filters work. */
export function describeFilters(filters: ChatFilters | undefined, messages: Messages): string {
  if (!hasFilters(filters)) return `${messages.filterNone}\n\n${messages.filterUsage}`;
  const list = (words: readonly string[], sign: string) => words.map((w) => `<code>${sign}${escapeHtml(w)}</code>`).join(', ');
  return `${messages.filterShow(list(filters.include, '+'), list(filters.exclude, '-'))}\n\n${messages.filterExplain}`;
}

/** /quiet: the chat's quiet hours in its zone (with a note when it gets digests, not alerts), or that it has none. */
export function describeQuiet(chat: ChatSettings, messages: Messages): string {
  if (!chat.quiet) return `${messages.quietNone}\n${messages.quietUsage}`;
  const text = messages.quietSet(chat.quiet.from, chat.quiet.to, escapeHtml(chat.zone));
  return chat.mode === 'instant' ? text : `${text}\n${messages.quietNotInstant}`;
}
