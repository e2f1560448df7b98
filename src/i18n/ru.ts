import type { Messages } from './messages';
import { ageParts, russianPlural } from './time-ago';

/** Russian texts. */
export const ru: Messages = {
  code: 'ru',
  languageName: 'Русский',
  topicName: { kazakhstan: 'Казахстан', china: 'Китай' },
  topicDescription: {
    kazakhstan: 'политика, экономика и общество Казахстана (также: kz, qazaqstan, казахстан, қазақстан, 哈萨克斯坦)',
    china: 'Китай и его отношения с миром (также: cn, prc, tiongkok, cina, китай, қытай, 中国)',
  },
  commands: {
    start: 'Что умеет Silkwire',
    latest: 'Свежие статьи: /latest [тема] [n]',
    topics: 'Темы, за которыми следит Silkwire',
    help: 'Все команды по строке',
  },
  welcome: (name) =>
    `${name ? `Здравствуйте, ${name}! ` : ''}Я <b>Silkwire</b>. Я читаю новостные издания на английском, русском, казахском, китайском и индонезийском и собираю для вас новости о <b>Казахстане</b> и <b>Китае</b>.\n\n` +
    '/latest – свежие статьи (например, <code>/latest казахстан 10</code>)\n/topics – темы, за которыми я слежу\n/help – все команды',
  helpTitle: '<b>Команды</b>',
  topicsTitle: '<b>Темы</b>',
  latestTitleAll: '<b>Свежее о Казахстане и Китае</b>',
  latestTitle: (topic) => `<b>Свежее: ${topic}</b>`,
  noArticles: (topic) =>
    `Пока нет статей${topic ? ` по теме «${topic}»` : ''}. Источники проверяются регулярно; попробуйте через несколько минут.`,
  unknownTopic: (input, valid) => `Я не знаю тему «${input}». Доступные темы: ${valid}.\nПример: <code>/latest china 10</code>`,
  badCount: (max) => `Число статей должно быть целым от 1 до ${max}.\nПример: <code>/latest kazakhstan 5</code>`,
  privateHint: 'Я отвечаю на команды. Отправьте /help, чтобы их увидеть.',
  somethingWentWrong: 'Что-то пошло не так на моей стороне. Попробуйте через минуту.',
  timeAgo: (ms) => {
    const { unit, n } = ageParts(ms);
    switch (unit) {
      case 'now':
        return 'только что';
      case 'minute':
        return `${n} мин назад`;
      case 'hour':
        return `${n} ч назад`;
      case 'day':
        return `${n} ${russianPlural(n, 'день', 'дня', 'дней')} назад`;
      case 'month':
        return `${n} ${russianPlural(n, 'месяц', 'месяца', 'месяцев')} назад`;
      default:
        return `${n} ${russianPlural(n, 'год', 'года', 'лет')} назад`;
    }
  },
};
