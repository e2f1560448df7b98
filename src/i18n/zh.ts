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
    topics: 'Silkwire 关注的话题',
    help: '全部命令',
  },
  welcome: (name) =>
    `${name ? `${name}，你好！` : ''}我是 <b>Silkwire</b>。我阅读英文、俄文、哈萨克文、中文和印尼文的新闻媒体，为你汇总关于<b>哈萨克斯坦</b>和<b>中国</b>的新闻。\n\n` +
    '/latest – 最新文章（例如 <code>/latest 中国 10</code>）\n/topics – 我关注的话题\n/help – 全部命令',
  helpTitle: '<b>命令</b>',
  topicsTitle: '<b>话题</b>',
  latestTitleAll: '<b>哈萨克斯坦与中国最新消息</b>',
  latestTitle: (topic) => `<b>最新消息：${topic}</b>`,
  noArticles: (topic) => `${topic ? `关于“${topic}”` : ''}暂时还没有文章。新闻源会定期检查，请几分钟后再试。`,
  unknownTopic: (input, valid) => `我不认识话题“${input}”。可用的话题：${valid}。\n例如：<code>/latest china 10</code>`,
  badCount: (max) => `文章数量必须是 1 到 ${max} 之间的整数。\n例如：<code>/latest kazakhstan 5</code>`,
  privateHint: '我只回答命令。发送 /help 查看全部命令。',
  somethingWentWrong: '我这边出了点问题，请一分钟后再试。',
  timeAgo: (ms) => {
    const { unit, n } = ageParts(ms);
    const words = { minute: '分钟', hour: '小时', day: '天', month: '个月', year: '年' } as const;
    return unit === 'now' ? '刚刚' : `${n} ${words[unit]}前`;
  },
};
