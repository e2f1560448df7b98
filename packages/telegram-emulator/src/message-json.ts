import type { ChatMember, ChatMemberStatus, EmulatedMessage, EmulatedUser, TelegramMessage } from './types';

/** Serialises a stored message the way the Bot API returns it in results and updates. */
export function toTelegramMessage(message: EmulatedMessage, replyTo?: EmulatedMessage): TelegramMessage {
  const json: TelegramMessage = {
    message_id: message.message_id,
    from: { ...message.from },
    chat: { ...message.chat },
    date: message.date,
  };
  if (message.edit_date !== undefined) json.edit_date = message.edit_date;
  const entities = message.entities.map((entity) => ({ ...entity }));
  if (message.photo !== undefined) {
    json.photo = [
      { file_id: message.photo.file_id, file_unique_id: `u${message.photo.file_id}`, width: 1280, height: 720 },
    ];
  }
  if (message.document !== undefined) {
    const { file_id, file_name, mime_type, file_size } = message.document;
    json.document = { file_id, file_unique_id: `u${file_id}` };
    if (file_name !== undefined) json.document.file_name = file_name;
    if (mime_type !== undefined) json.document.mime_type = mime_type;
    if (file_size !== undefined) json.document.file_size = file_size;
  }
  if (message.photo !== undefined || message.document !== undefined) {
    if (message.text.length > 0) {
      json.caption = message.text;
      if (entities.length > 0) json.caption_entities = entities;
    }
  } else {
    json.text = message.text;
    if (entities.length > 0) json.entities = entities;
  }
  // Telegram includes only inline keyboards in a message's reply_markup.
  if (message.reply_markup?.inline_keyboard !== undefined) {
    json.reply_markup = structuredClone({ inline_keyboard: message.reply_markup.inline_keyboard });
  }
  if (message.link_preview_options !== undefined) json.link_preview_options = { ...message.link_preview_options };
  if (replyTo !== undefined) json.reply_to_message = toTelegramMessage(replyTo);
  return json;
}

/** A ChatMember object for a user with the given status. */
export function chatMember(user: EmulatedUser, status: ChatMemberStatus): ChatMember {
  const member: ChatMember = { status, user: { ...user } };
  if (status === 'kicked') member.until_date = 0;
  if (status === 'creator') member.is_anonymous = false;
  if (status === 'administrator') {
    Object.assign(member, {
      can_be_edited: false,
      is_anonymous: false,
      can_manage_chat: true,
      can_delete_messages: true,
      can_manage_video_chats: false,
      can_restrict_members: true,
      can_promote_members: false,
      can_change_info: false,
      can_invite_users: true,
      can_post_stories: false,
      can_edit_stories: false,
      can_delete_stories: false,
    });
  }
  if (status === 'restricted') {
    Object.assign(member, { is_member: true, can_send_messages: false, until_date: 0 });
  }
  return member;
}
