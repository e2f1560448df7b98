import { COMMAND_NAMES, LANGUAGE_CODES, messagesFor } from '../i18n';
import type { Sender } from '../telegram/sender';

/** Registers the command list with setMyCommands: English as the default, and each translated language by its code. */
export async function registerCommands(sender: Sender): Promise<void> {
  const list = (language: (typeof LANGUAGE_CODES)[number]) =>
    COMMAND_NAMES.map((command) => ({ command, description: messagesFor(language).commands[command] }));
  await sender.call('setMyCommands', { commands: list('en') });
  for (const language of LANGUAGE_CODES) {
    if (language === 'en') continue;
    await sender.call('setMyCommands', { commands: list(language), language_code: language });
  }
}
