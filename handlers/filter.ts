import { Composer } from 'telegraf';
import type { BotServices } from '../src/bot/bot-services';
import { MAX_FILTER_WORDS, mergeFilters, parseFilterArgs } from '../src/chats/filters';
import { describeFilters } from '../src/messages/chat-texts';
import { echo } from '../src/messages/html';
import { commandArgs, loadChat, mayChange, type SilkwireContext } from './context';

/** /filter [+word -word … | clear]: the chat's keyword filters; anyone may look, administrators change them. */
export function filterComposer(services: BotServices): Composer<SilkwireContext> {
  const composer = new Composer<SilkwireContext>();
  composer.command('filter', loadChat(services), async (ctx) => {
    const command = parseFilterArgs(commandArgs(ctx));
    if (command.kind === 'show') return void (await ctx.say(describeFilters(ctx.chatSettings.filters, ctx.messages)));
    if (!(await mayChange(ctx, services))) return void (await ctx.say(ctx.messages.adminsOnly));
    if (command.kind === 'invalid') {
      return void (await ctx.say(command.reason === 'too-many' ? ctx.messages.filterTooMany(MAX_FILTER_WORDS) : ctx.messages.filterInvalid(echo(command.word))));
    }
    if (command.kind === 'clear') {
      await services.chats.setFilters(ctx.chatSettings.id, undefined);
      return void (await ctx.say(ctx.messages.filterCleared));
    }
    const merged = mergeFilters(ctx.chatSettings.filters, command);
    if (merged === 'too-many') return void (await ctx.say(ctx.messages.filterTooMany(MAX_FILTER_WORDS)));
    const updated = await services.chats.setFilters(ctx.chatSettings.id, merged);
    await ctx.say(describeFilters(updated.filters, ctx.messages));
  });
  return composer;
}
