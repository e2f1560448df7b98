import { badRequest } from './api-error';
import { optionalJson, type Params } from './params';
import type { InlineKeyboardButton, ReplyMarkup } from './types';

const BUTTON_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
];

const MARKUP_ERROR = "can't parse reply keyboard markup JSON object";
const ROWS_ERROR = 'can\'t parse inline keyboard markup: Field "inline_keyboard" must be of type Array';
const encoder = new TextEncoder();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkButton(button: unknown): InlineKeyboardButton {
  if (!isObject(button)) throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  if (typeof button.text !== 'string') {
    throw badRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
  }
  const actions = BUTTON_ACTIONS.filter((field) => button[field] !== undefined);
  if (actions.length === 0) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  if (button.callback_data !== undefined) {
    const data = button.callback_data;
    if (typeof data !== 'string') throw badRequest('BUTTON_DATA_INVALID');
    const bytes = encoder.encode(data).length;
    if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
  }
  if (button.url !== undefined) {
    const url = button.url;
    let valid = typeof url === 'string';
    if (typeof url === 'string') {
      try {
        const parsed = new URL(/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `http://${url}`);
        valid = ['http:', 'https:', 'tg:', 'ton:'].includes(parsed.protocol);
      } catch {
        valid = false;
      }
    }
    if (!valid) throw badRequest(`inline keyboard button URL '${String(url)}' is invalid: Wrong HTTP URL`);
  }
  return button as InlineKeyboardButton;
}

/**
 * Reads and validates `reply_markup` like Telegram: inline keyboards must be arrays of button rows, each button needs
 * an action, callback_data is 1-64 bytes (else BUTTON_DATA_INVALID); other markups are stored as given.
 */
export function readReplyMarkup(params: Params): ReplyMarkup | undefined {
  const markup = optionalJson(params, 'reply_markup', MARKUP_ERROR);
  if (markup === undefined) return undefined;
  if (!isObject(markup)) throw badRequest(MARKUP_ERROR);
  if (markup.inline_keyboard === undefined) return markup as ReplyMarkup;
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows)) throw badRequest(ROWS_ERROR);
  const inline_keyboard = rows.map((row: unknown) => {
    if (!Array.isArray(row)) throw badRequest(ROWS_ERROR);
    return row.map(checkButton);
  });
  // An empty inline keyboard is no keyboard: Telegram shows none and omits it from the message.
  if (inline_keyboard.every((row) => row.length === 0)) return undefined;
  return { inline_keyboard };
}

/** The callback buttons of a markup, in reading order. */
export function callbackButtons(markup: ReplyMarkup | undefined): InlineKeyboardButton[] {
  return (markup?.inline_keyboard ?? []).flat().filter((button) => typeof button.callback_data === 'string');
}
