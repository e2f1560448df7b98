import { TOPIC_IDS } from '../articles/article';
import { COMMAND_NAMES, type Messages } from '../i18n';
import { escapeHtml } from './html';

/** The /help text: every command with one line each. */
export function formatHelp(messages: Messages): string {
  const lines = COMMAND_NAMES.map((name) => `/${name} – ${escapeHtml(messages.commands[name])}`);
  return `${messages.helpTitle}\n${lines.join('\n')}`;
}

/** The /topics text: each topic with one line. */
export function formatTopics(messages: Messages): string {
  const lines = TOPIC_IDS.map(
    (topic) => `<b>${escapeHtml(messages.topicName[topic])}</b> (<code>${topic}</code>) – ${escapeHtml(messages.topicDescription[topic])}`,
  );
  return `${messages.topicsTitle}\n${lines.join('\n')}`;
}
