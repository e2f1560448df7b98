import { badRequest, BotApiError } from './api-error';
import { readCommands, readCommandScope, readLanguageCode } from './commands';
import type { MethodHandler } from './method-context';
import { optionalBool, optionalInt, optionalJson, optionalString, type Params } from './params';

function readAllowedUpdates(params: Params): string[] | undefined {
  const value = optionalJson(params, 'allowed_updates');
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw badRequest("can't parse allowed_updates JSON array");
  }
  return value as string[];
}

function scopeAndLanguage(params: Params): [ReturnType<typeof readCommandScope>, string | undefined] {
  return [readCommandScope(optionalJson(params, 'scope')), readLanguageCode(optionalString(params, 'language_code'))];
}

const getMe: MethodHandler = (_params, context) => ({
  ...context.bot,
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
});

const getUpdates: MethodHandler = (params, context, signal) => {
  if (context.webhook.url !== '') {
    throw new BotApiError(
      409,
      "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    );
  }
  const request = {
    offset: optionalInt(params, 'offset'),
    limit: optionalInt(params, 'limit'),
    timeout: optionalInt(params, 'timeout'),
    allowedUpdates: readAllowedUpdates(params),
  };
  return context.updates.poll(request, signal);
};

const setWebhook: MethodHandler = (params, context) => {
  const url = optionalString(params, 'url') ?? '';
  if (url !== '' && !/^https:\/\/[^\s/]+/i.test(url)) {
    throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  }
  if (optionalBool(params, 'drop_pending_updates') === true) context.updates.drop();
  const maxConnections = optionalInt(params, 'max_connections');
  const allowedUpdates = readAllowedUpdates(params);
  context.webhook.url = url;
  context.webhook.hasSecretToken = (optionalString(params, 'secret_token') ?? '') !== '';
  if (maxConnections !== undefined) context.webhook.maxConnections = maxConnections;
  if (allowedUpdates !== undefined) context.webhook.allowedUpdates = allowedUpdates;
  return true;
};

const deleteWebhook: MethodHandler = (params, context) => {
  if (optionalBool(params, 'drop_pending_updates') === true) context.updates.drop();
  context.webhook.url = '';
  context.webhook.hasSecretToken = false;
  return true;
};

const getWebhookInfo: MethodHandler = (_params, context) => {
  const { webhook } = context;
  const info: Record<string, unknown> = {
    url: webhook.url,
    has_custom_certificate: false,
    pending_update_count: context.updates.pending().length,
  };
  if (webhook.url !== '') {
    info.max_connections = webhook.maxConnections ?? 40;
    info.allowed_updates = webhook.allowedUpdates ?? context.updates.allowedUpdates();
  }
  return info;
};

const setMyCommands: MethodHandler = (params, context) => {
  const commands = readCommands(optionalJson(params, 'commands'));
  const [scope, language] = scopeAndLanguage(params);
  context.commands.set(scope, language, commands);
  return true;
};

const getMyCommands: MethodHandler = (params, context) => {
  const [scope, language] = scopeAndLanguage(params);
  return context.commands.get(scope, language);
};

const deleteMyCommands: MethodHandler = (params, context) => {
  const [scope, language] = scopeAndLanguage(params);
  context.commands.delete(scope, language);
  return true;
};

function profileMethods(field: 'description' | 'short_description', limit: number): [MethodHandler, MethodHandler] {
  const set: MethodHandler = (params, context) => {
    const language = readLanguageCode(optionalString(params, 'language_code')) ?? '';
    const value = optionalString(params, field) ?? '';
    if (value.length > limit) throw badRequest(`${field.toUpperCase()}_INVALID`);
    if (value === '') context.profile.delete(`${field}:${language}`);
    else context.profile.set(`${field}:${language}`, value);
    return true;
  };
  const get: MethodHandler = (params, context) => {
    const language = readLanguageCode(optionalString(params, 'language_code')) ?? '';
    return { [field]: context.profile.get(`${field}:${language}`) ?? context.profile.get(`${field}:`) ?? '' };
  };
  return [set, get];
}

const [setMyDescription, getMyDescription] = profileMethods('description', 512);
const [setMyShortDescription, getMyShortDescription] = profileMethods('short_description', 120);

/** The Bot API methods about the bot itself: identity, updates, webhook, commands and descriptions. */
export const BOT_METHODS: Record<string, MethodHandler> = {
  getMe,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  setMyDescription,
  getMyDescription,
  setMyShortDescription,
  getMyShortDescription,
};
