// The emulator's public surface: the factory, the markup parsers and the shapes they use.
export { createBotApiEmulator } from './emulator';
export type {
  AddChatInput,
  BotApiEmulator,
  MyChatMemberInput,
  PressButtonInput,
  SendTextInput,
  UserInput,
} from './emulator';
export { parseTelegramHtml } from './html';
export type { HtmlParseOptions, ParsedText } from './html';
export { parseTelegramMarkdown, parseTelegramMarkdownV2 } from './markdown';
export { EntityParseError } from './entity-parse-error';
export { DEFAULT_RATE_LIMITS } from './rate-limiter';
export type { BotCommand, BotCommandScope, CommandViewer } from './commands';
export type * from './types';
