import { Composer } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { LANGUAGE_CODES, messagesFor, type LanguageCode } from '../src/i18n';
import { describeSchedule, timezoneRefusal, timezoneSaved } from '../src/messages/chat-texts';
import { MAX_DIGEST_TIMES, parseDigestSpec } from '../src/schedule/digest-times';
import { parseTimeZone } from '../src/schedule/time-zone';
import { adminsOnly, commandArgs, loadChat, type SilkwireContext } from './context';

const isLanguage = (code: string): code is LanguageCode => (LANGUAGE_CODES as readonly string[]).includes(code);

/** /digest, /timezone and /language: the chat's schedule, zone and language (administrators only in groups). */
export function settingsComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  const guards = [loadChat(services), adminsOnly(services)] as const;

  /** /digest HH:MM[,HH:MM…] | instant | off. */
  composer.command('digest', ...guards, async (ctx) => {
    const spec = parseDigestSpec(commandArgs(ctx));
    if (spec.mode === 'invalid') return void (await ctx.say(spec.reason === 'too-many' ? ctx.messages.digestTooMany(MAX_DIGEST_TIMES) : ctx.messages.digestUsage));
    const updated = await services.chats.setSchedule(ctx.chatSettings.id, spec);
    await ctx.say(ctx.messages.digestSet(describeSchedule(updated, ctx.messages)));
  });

  /** /timezone <IANA zone | UTC±H[:MM]>. */
  composer.command('timezone', ...guards, async (ctx) => {
    const input = commandArgs(ctx).join(' ');
    const zone = parseTimeZone(input);
    if (!zone) return void (await ctx.say(timezoneRefusal(input, ctx.messages)));
    const updated = await services.chats.setZone(ctx.chatSettings.id, zone);
    await ctx.say(timezoneSaved(updated, services.clock.now(), ctx.messages));
  });

  /** /language en|id|ru|kk|zh: the language of the bot's own texts in this chat. */
  composer.command('language', ...guards, async (ctx) => {
    const choice = (commandArgs(ctx)[0] ?? '').toLowerCase();
    if (!isLanguage(choice)) return void (await ctx.say(ctx.messages.languageUsage));
    await services.chats.setLanguage(ctx.chatSettings.id, choice);
    await ctx.say(messagesFor(choice).languageSet);
  });
  return composer;
}
