import type { Messages } from './messages';
import { ageParts, russianPlural } from './time-ago';

/** The Russian plural form for n: one, few or many. */
function plural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}

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
    topics: 'Темы с кнопками подписки',
    subscribe: 'Подписать этот чат: /subscribe [тема…]',
    unsubscribe: 'Отписаться: /unsubscribe [тема…|all]',
    subscriptions: 'Темы, расписание, часовой пояс и язык этого чата',
    digest: 'Время сводок, мгновенные уведомления или пауза: /digest 08:00,18:30 | instant | off',
    timezone: 'Часовой пояс чата: /timezone Asia/Almaty или UTC+5',
    language: 'Язык бота: /language en|id|ru|kk|zh',
    filter: 'Фильтр по словам: /filter +слово -слово | clear',
    search: 'Поиск сюжетов: /search слова',
    quiet: 'Тихие часы для уведомлений: /quiet 23:00-07:00 | off',
    help: 'Все команды по строке',
  },
  welcome: (name) =>
    `${name ? `Здравствуйте, ${name}! ` : ''}Я <b>Silkwire</b>. Я читаю новостные издания на английском, русском, казахском, китайском и индонезийском и собираю для вас новости о <b>Казахстане</b> и <b>Китае</b>.\n\n` +
    '/latest – свежие статьи (например, <code>/latest казахстан 10</code>)\n/subscribe – ежедневная сводка или мгновенные уведомления\n/topics – темы, за которыми я слежу\n/help – все команды',
  helpTitle: '<b>Команды</b>',
  topicsTitle: '<b>Темы</b>',
  latestTitleAll: '<b>Свежее о Казахстане и Китае</b>',
  latestTitle: (topic) => `<b>Свежее: ${topic}</b>`,
  noArticles: (topic) =>
    `Пока нет статей${topic ? ` по теме «${topic}»` : ''}. Источники проверяются регулярно; попробуйте через несколько минут.`,
  unknownTopic: (input, valid) => `Я не знаю тему «${input}». Доступные темы: ${valid}.\nПример: <code>/latest china 10</code>`,
  badCount: (max, valid) => `Число статей должно быть целым от 1 до ${max}. Темы: ${valid}.\nПример: <code>/latest kazakhstan 5</code>`,
  privateHint: 'Я отвечаю на команды. Отправьте /help, чтобы их увидеть.',
  unknownCommand: (command) => `Я не знаю команды ${command}. Отправьте /help, чтобы увидеть, что я умею.`,
  somethingWentWrong: 'Что-то пошло не так на моей стороне. Попробуйте через минуту.',
  slowDown: 'Вы отправляете команды быстрее, чем я успеваю отвечать. Часть из них я пропущу: подождите несколько секунд перед следующей.',
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
  digestTitle: '📰 <b>Ваша сводка Silkwire</b>',
  alertTitle: '🔔 <b>Новые статьи</b>',
  andMore: (n, command) => `…и ещё ${n} ${russianPlural(n, 'статья', 'статьи', 'статей')}: ${command}`,
  subscribed: (topics, schedule) => `Чат подписан на: <b>${topics}</b>.\n${schedule}`,
  unsubscribed: (remaining) =>
    remaining ? `Готово. Остались подписки на: <b>${remaining}</b>.` : 'Готово. У этого чата больше нет подписок.',
  alreadySubscribed: (topics) => `Чат уже подписан на: <b>${topics}</b>.`,
  notSubscribed: (topics) => `Чат не был подписан на: <b>${topics}</b>.`,
  stillSubscribed: (topics) => `Остались подписки на: <b>${topics}</b>.`,
  noSubscriptions: 'У этого чата нет подписок. Отправьте /subscribe, чтобы получать новости о Казахстане или Китае.',
  chooseSubscribe: 'На какие темы подписать этот чат?',
  chooseUnsubscribe: 'От каких тем отписать этот чат?',
  scheduleDigest: (times, zone) => `Сводки приходят каждый день в ${times} (${zone}).`,
  scheduleInstant: 'Новые статьи приходят мгновенными уведомлениями, вскоре после того как я их нахожу.',
  scheduleOff: 'Рассылка приостановлена. Отправьте /digest 08:00 или /digest instant, чтобы возобновить её.',
  subscriptionsSummary: (topics, schedule, zone, language) =>
    `<b>Этот чат</b>\nТемы: ${topics}${schedule === undefined ? '' : `\nРасписание: ${schedule}`}\nЧасовой пояс: ${zone}\nЯзык: ${language}`,
  subscriptionsFilters: (rules) => `Фильтры: ${rules}`,
  subscriptionsQuiet: (from, to) => `Тихие часы: ${from}–${to}`,
  digestUsage:
    'Отправьте /digest и время сводок (до 6 в день), либо instant, либо off.\nПримеры: <code>/digest 08:00</code>, <code>/digest 08:00,18:30</code>, <code>/digest instant</code>, <code>/digest off</code>',
  digestTooMany: (max) =>
    `Не больше ${max} ${russianPlural(max, 'сводки', 'сводок', 'сводок')} в день. Пример: <code>/digest 08:00,18:30</code>`,
  digestSet: (schedule) => `Сохранено. ${schedule}`,
  timezoneUsage:
    'Отправьте /timezone и название часового пояса или смещение от UTC.\nПримеры: <code>/timezone Asia/Almaty</code>, <code>/timezone Asia/Jakarta</code>, <code>/timezone Europe/Moscow</code>, <code>/timezone UTC+5</code>, <code>/timezone UTC-3:30</code>',
  timezoneInvalid: (input) => `Я не знаю часового пояса «${input}».`,
  timezoneSet: (zone, localTime) => `Установлен часовой пояс ${zone} (местное время сейчас: ${localTime}).`,
  languageUsage: 'Отправьте /language и один из кодов: en (English), id (Bahasa Indonesia), ru (Русский), kk (Қазақша), zh (中文).',
  languageSet: 'Теперь я буду писать в этот чат по-русски.',
  adminsOnly: 'Менять подписки и настройки этой группы могут только её администраторы.',
  buttonSubscribe: (topic) => `➕ ${topic}`,
  buttonUnsubscribe: (topic) => `✖️ ${topic}`,
  buttonDone: 'Готово',
  callbackStale: 'Эта кнопка больше не действует.',
  callbackSaved: 'Сохранено',
  resumed: 'С возвращением! Рассылка в этот чат снова включена.',
  none: 'нет',
  storyMoreSources: (n) => `+${n}`,
  storyLanguages: (n) => `${n} ${plural(n, 'язык', 'языка', 'языков')}`,
  updatesTitle: '<b>Обновления</b>',
  storyUpdate: (n) => `обновление: ещё ${n} ${plural(n, 'источник', 'источника', 'источников')}`,
  whyLine: (topics, words) => `Почему вы это получили: тема ${topics}${words ? `; ваши слова: ${words}` : ''}`,
  filterUsage:
    'Отправьте /filter со словами, по которым сюжеты в дайджестах и уведомлениях оставлять (+) или отбрасывать (−).\nПримеры: <code>/filter +нефть +газ -футбол</code>, <code>/filter +石油</code>, <code>/filter clear</code>',
  filterShow: (include, exclude) => `<b>Фильтры этого чата</b>${include ? `\nТолько сюжеты со словами: ${include}` : ''}${exclude ? `\nНикогда сюжеты со словами: ${exclude}` : ''}`,
  filterNone: 'У этого чата нет фильтров: дайджесты и уведомления содержат все сюжеты по его темам.',
  filterCleared: 'Фильтры удалены: дайджесты и уведомления снова содержат все сюжеты по вашим темам.',
  filterInvalid: (word) => `«${word}» не подходит как слово фильтра. Поставьте + (оставить) или - (убрать) перед каждым словом, например <code>/filter +нефть -футбол</code>.`,
  filterTooMany: (max) => `Не больше ${max} слов фильтра на чат. Отправьте <code>/filter clear</code>, чтобы начать заново.`,
  filterExplain:
    'Фильтры действуют на дайджесты и уведомления, но не на /latest и /search. Если есть слова с +, сюжет должен содержать одно из них; сюжет со словом с − не отправляется никогда. Слова совпадают целиком и без учёта регистра; китайские слова — в любом месте текста.',
  searchUsage: 'Отправьте /search со словами для поиска, на любом языке. Пример: <code>/search экспорт пшеницы</code>',
  searchTitle: (query) => `<b>Сюжеты по запросу «${query}»</b>`,
  searchNone: (query) => `Ни один сохранённый сюжет не подходит под «${query}». Попробуйте меньше слов или другие.`,
  quietUsage: 'Отправьте /quiet с интервалом времени в часовом поясе чата или off.\nПримеры: <code>/quiet 23:00-07:00</code>, <code>/quiet off</code>',
  quietSet: (from, to, zone) => `Тихие часы: ${from}–${to} (${zone}). Мгновенные уведомления в это время ждут и придут вместе, одним сообщением, в ${to}.`,
  quietNone: 'У этого чата нет тихих часов.',
  quietOff: 'Тихие часы отключены: мгновенные уведомления снова приходят в любое время.',
  quietNotInstant: 'Обратите внимание: этот чат получает дайджесты, а не мгновенные уведомления; тихие часы заработают после /digest instant.',
  quietReleaseTitle: '🔔 <b>Новости за тихие часы</b>',
};
