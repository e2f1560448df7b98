import type { Messages } from './messages';
import { ageParts } from './time-ago';

/** Chinese (Simplified) texts. */
export const zh: Messages = {
  code: 'zh',
  languageName: '中文',
  topicName: { kazakhstan: '哈萨克斯坦', china: '中国' },
  topicDescription: {
    kazakhstan: '哈萨克斯坦的政治、经济与社会（别名：kz、qazaqstan、казахстан、қазақстан、哈萨克斯坦）',
    china: '中国及其对外关系（别名：cn、prc、tiongkok、cina、китай、қытай、中国）',
  },
  commands: {
    start: 'Silkwire 能做什么',
    latest: '最新文章：/latest [话题] [数量]',
    topics: '话题列表及订阅按钮',
    subscribe: '为本聊天订阅：/subscribe [话题…]',
    unsubscribe: '取消订阅：/unsubscribe [话题…|all]',
    subscriptions: '本聊天的话题、推送时间、时区和语言',
    digest: '摘要时间、即时提醒或暂停：/digest 08:00,18:30 | instant | off',
    timezone: '本聊天的时区：/timezone Asia/Almaty 或 UTC+5',
    language: '机器人语言：/language en|id|ru|kk|zh',
    help: '全部命令',
  },
  welcome: (name) =>
    `${name ? `${name}，你好！` : ''}我是 <b>Silkwire</b>。我阅读英文、俄文、哈萨克文、中文和印尼文的新闻媒体，为你汇总关于<b>哈萨克斯坦</b>和<b>中国</b>的新闻。\n\n` +
    '/latest – 最新文章（例如 <code>/latest 中国 10</code>）\n/subscribe – 订阅每日摘要或即时提醒\n/topics – 我关注的话题\n/help – 全部命令',
  helpTitle: '<b>命令</b>',
  topicsTitle: '<b>话题</b>',
  latestTitleAll: '<b>哈萨克斯坦与中国最新消息</b>',
  latestTitle: (topic) => `<b>最新消息：${topic}</b>`,
  noArticles: (topic) => `${topic ? `关于“${topic}”` : ''}暂时还没有文章。新闻源会定期检查，请几分钟后再试。`,
  unknownTopic: (input, valid) => `我不认识话题“${input}”。可用的话题：${valid}。\n例如：<code>/latest china 10</code>`,
  badCount: (max, valid) => `文章数量必须是 1 到 ${max} 之间的整数。话题：${valid}。\n例如：<code>/latest kazakhstan 5</code>`,
  privateHint: '我只回答命令。发送 /help 查看全部命令。',
  unknownCommand: (command) => `我不认识命令 ${command}。发送 /help 查看我能做什么。`,
  somethingWentWrong: '我这边出了点问题，请一分钟后再试。',
  slowDown: '您发送命令的速度超过了我的回复速度，部分命令将被跳过：请等几秒钟再发下一条。',
  timeAgo: (ms) => {
    const { unit, n } = ageParts(ms);
    const words = { minute: '分钟', hour: '小时', day: '天', month: '个月', year: '年' } as const;
    return unit === 'now' ? '刚刚' : `${n} ${words[unit]}前`;
  },
  digestTitle: '📰 <b>你的 Silkwire 新闻摘要</b>',
  alertTitle: '🔔 <b>新文章</b>',
  andMore: (n, command) => `……另有 ${n} 篇：${command}`,
  subscribed: (topics, schedule) => `已订阅：<b>${topics}</b>。\n${schedule}`,
  unsubscribed: (remaining) => (remaining ? `已完成。仍在订阅：<b>${remaining}</b>。` : '已完成。本聊天目前没有任何订阅。'),
  alreadySubscribed: (topics) => `本聊天此前已订阅：<b>${topics}</b>。`,
  notSubscribed: (topics) => `本聊天未订阅：<b>${topics}</b>。`,
  stillSubscribed: (topics) => `仍在订阅：<b>${topics}</b>。`,
  noSubscriptions: '本聊天还没有订阅。发送 /subscribe 即可接收关于哈萨克斯坦或中国的新闻。',
  chooseSubscribe: '本聊天要关注哪些话题？',
  chooseUnsubscribe: '本聊天要取消关注哪些话题？',
  scheduleDigest: (times, zone) => `每天 ${times}（${zone}）推送摘要。`,
  scheduleInstant: '发现新文章后会尽快以即时提醒推送。',
  scheduleOff: '推送已暂停。发送 /digest 08:00 或 /digest instant 即可恢复。',
  subscriptionsSummary: (topics, schedule, zone, language) =>
    `<b>本聊天</b>\n话题：${topics}${schedule === undefined ? '' : `\n推送：${schedule}`}\n时区：${zone}\n语言：${language}`,
  digestUsage:
    '发送 /digest，后接每天最多 6 个时间，或 instant，或 off。\n例如：<code>/digest 08:00</code>、<code>/digest 08:00,18:30</code>、<code>/digest instant</code>、<code>/digest off</code>',
  digestTooMany: (max) => `每天最多推送 ${max} 次摘要。例如：<code>/digest 08:00,18:30</code>`,
  digestSet: (schedule) => `已保存。${schedule}`,
  timezoneUsage:
    '发送 /timezone，后接时区名称或相对 UTC 的偏移。\n例如：<code>/timezone Asia/Almaty</code>、<code>/timezone Asia/Jakarta</code>、<code>/timezone Europe/Moscow</code>、<code>/timezone UTC+5</code>、<code>/timezone UTC-3:30</code>',
  timezoneInvalid: (input) => `我不认识时区“${input}”。`,
  timezoneSet: (zone, localTime) => `时区已设为 ${zone}（当前当地时间：${localTime}）。`,
  languageUsage: '发送 /language，后接以下之一：en（English）、id（Bahasa Indonesia）、ru（Русский）、kk（Қазақша）、zh（中文）。',
  languageSet: '从现在起，我将在本聊天中使用中文。',
  adminsOnly: '只有本群管理员可以更改订阅和设置。',
  buttonSubscribe: (topic) => `➕ ${topic}`,
  buttonUnsubscribe: (topic) => `✖️ ${topic}`,
  buttonDone: '完成',
  callbackStale: '此按钮已失效。',
  callbackSaved: '已保存',
  resumed: '欢迎回来！本聊天的推送已恢复。',
  none: '无',
  storyMoreSources: (n) => `+${n}`,
  storyLanguages: (n) => `${n} 种语言`,
};
