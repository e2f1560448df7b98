import type { Context } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { LANGUAGE_CODES, messagesFor, type LanguageCode } from '../src/i18n';
import { describeSchedule, localTime } from '../src/messages/chat-texts';
import { escapeHtml } from '../src/messages/html';
import { MAX_DIGEST_TIMES, parseDigestSpec } from '../src/schedule/digest-times';
import { parseTimeZone } from '../src/schedule/time-zone';
import { chatContext, commandArgs, mayChange } from './context';

/** /digest HH:MM[,HH:MM…] | instant | off. */
export function digestHandler(services: BotServices) {
  return async (ctx: Context) => {
    const here = await chatContext(ctx, services);
    if (!here || !(await mayChange(ctx, services, here.messages))) return;
    const { chat, messages } = here;
    const spec = parseDigestSpec(commandArgs(ctx));
    if (spec.mode === 'invalid') {
      await services.sender.send(chat.id, spec.reason === 'too-many' ? messages.digestTooMany(MAX_DIGEST_TIMES) : messages.digestUsage);
      return;
    }
    const updated = await services.chats.setSchedule(chat.id, spec);
    await services.sender.send(chat.id, messages.digestSet(describeSchedule(updated, messages)));
  };
}

/** /timezone <IANA zone | UTC±H[:MM]>. */
export function timezoneHandler(services: BotServices) {
  return async (ctx: Context) => {
    const here = await chatContext(ctx, services);
    if (!here || !(await mayChange(ctx, services, here.messages))) return;
    const { chat, messages } = here;
    const input = commandArgs(ctx).join(' ');
    const zone = parseTimeZone(input);
    if (!zone) {
      await services.sender.send(chat.id, input ? `${messages.timezoneInvalid(escapeHtml(input))}\n${messages.timezoneUsage}` : messages.timezoneUsage);
      return;
    }
    const updated = await services.chats.setZone(chat.id, zone);
    await services.sender.send(chat.id, `${messages.timezoneSet(escapeHtml(zone), localTime(zone, services.clock.now()))}\n${describeSchedule(updated, messages)}`);
  };
}

/** /language en|id|ru|kk|zh: the language of the bot's own texts in this chat. */
export function languageHandler(services: BotServices) {
  return async (ctx: Context) => {
    const here = await chatContext(ctx, services);
    if (!here || !(await mayChange(ctx, services, here.messages))) return;
    const choice = (commandArgs(ctx)[0] ?? '').toLowerCase();
    if (!(LANGUAGE_CODES as readonly string[]).includes(choice)) {
      await services.sender.send(here.chat.id, here.messages.languageUsage);
      return;
    }
    await services.chats.setLanguage(here.chat.id, choice as LanguageCode);
    await services.sender.send(here.chat.id, messagesFor(choice as LanguageCode).languageSet);
  };
}
