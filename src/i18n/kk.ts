import type { Messages } from './messages';
import { ageParts } from './time-ago';

/** Kazakh texts. */
export const kk: Messages = {
  code: 'kk',
  languageName: 'Қазақша',
  topicName: { kazakhstan: 'Қазақстан', china: 'Қытай' },
  topicDescription: {
    kazakhstan: 'Қазақстанның саясаты, экономикасы және қоғамы (сондай-ақ: kz, qazaqstan, казахстан, қазақстан, 哈萨克斯坦)',
    china: 'Қытай және оның әлеммен қарым-қатынасы (сондай-ақ: cn, prc, tiongkok, cina, китай, қытай, 中国)',
  },
  commands: {
    start: 'Silkwire не істейді',
    latest: 'Соңғы мақалалар: /latest [тақырып] [n]',
    topics: 'Тақырыптар және жазылу батырмалары',
    subscribe: 'Осы чатқа жазылым қосу: /subscribe [тақырып…]',
    unsubscribe: 'Жазылымнан бас тарту: /unsubscribe [тақырып…|all]',
    subscriptions: 'Осы чаттың тақырыптары, кестесі, уақыт белдеуі және тілі',
    digest: 'Дайджест уақыты, жедел хабарламалар немесе үзіліс: /digest 08:00,18:30 | instant | off',
    timezone: 'Чаттың уақыт белдеуі: /timezone Asia/Almaty немесе UTC+5',
    language: 'Бот тілі: /language en|id|ru|kk|zh',
    filter: 'Кілт сөз сүзгісі: /filter +сөз -сөз | clear',
    search: 'Сюжеттерді іздеу: /search сөздер',
    quiet: 'Хабарламаларды түнде тоқтату: /quiet 23:00-07:00 | off',
    help: 'Барлық командалар',
  },
  welcome: (name) =>
    `${name ? `Сәлеметсіз бе, ${name}! ` : ''}Мен <b>Silkwire</b>. Ағылшын, орыс, қазақ, қытай және индонезия тілдеріндегі басылымдарды оқып, <b>Қазақстан</b> мен <b>Қытай</b> туралы жаңалықтарды жеткіземін.\n\n` +
    '/latest – соңғы мақалалар (мысалы, <code>/latest қазақстан 10</code>)\n/subscribe – күнделікті дайджест немесе жедел хабарламалар алу\n/topics – мен бақылайтын тақырыптар\n/help – барлық командалар',
  helpTitle: '<b>Командалар</b>',
  topicsTitle: '<b>Тақырыптар</b>',
  latestTitleAll: '<b>Қазақстан мен Қытай туралы соңғы жаңалықтар</b>',
  latestTitle: (topic) => `<b>Соңғы жаңалықтар: ${topic}</b>`,
  noArticles: (topic) =>
    `${topic ? `«${topic}» тақырыбы бойынша ` : ''}әзірге мақала жоқ. Дереккөздер үнемі тексеріледі; бірнеше минуттан кейін қайталап көріңіз.`,
  unknownTopic: (input, valid) => `«${input}» деген тақырыпты білмеймін. Қолжетімді тақырыптар: ${valid}.\nМысал: <code>/latest china 10</code>`,
  badCount: (max, valid) => `Мақала саны 1-ден ${max}-ге дейінгі бүтін сан болуы керек. Тақырыптар: ${valid}.\nМысал: <code>/latest kazakhstan 5</code>`,
  privateHint: 'Мен командаларға жауап беремін. Оларды көру үшін /help жіберіңіз.',
  unknownCommand: (command) => `${command} деген команданы білмеймін. Не істей алатынымды көру үшін /help жіберіңіз.`,
  somethingWentWrong: 'Менің тарапымда қате шықты. Бір минуттан кейін қайталап көріңіз.',
  slowDown: 'Сіз командаларды мен жауап беріп үлгергеннен жылдамырақ жіберіп жатырсыз. Кейбірін өткізіп жіберемін: келесісіне дейін бірнеше секунд күтіңіз.',
  timeAgo: (ms) => {
    const { unit, n } = ageParts(ms);
    const words = { minute: 'минут', hour: 'сағат', day: 'күн', month: 'ай', year: 'жыл' } as const;
    return unit === 'now' ? 'жаңа ғана' : `${n} ${words[unit]} бұрын`;
  },
  digestTitle: '📰 <b>Сіздің Silkwire дайджестіңіз</b>',
  alertTitle: '🔔 <b>Жаңа мақалалар</b>',
  andMore: (n, command) => `…тағы ${n} мақала: ${command}`,
  subscribed: (topics, schedule) => `Жазылым қосылды: <b>${topics}</b>.\n${schedule}`,
  unsubscribed: (remaining) =>
    remaining ? `Дайын. Қалған жазылымдар: <b>${remaining}</b>.` : 'Дайын. Бұл чатта енді жазылым жоқ.',
  alreadySubscribed: (topics) => `Бұл чат бұған дейін жазылған: <b>${topics}</b>.`,
  notSubscribed: (topics) => `Бұл чат мынаған жазылмаған еді: <b>${topics}</b>.`,
  stillSubscribed: (topics) => `Қалған жазылымдар: <b>${topics}</b>.`,
  noSubscriptions: 'Бұл чатта жазылым жоқ. Қазақстан немесе Қытай туралы жаңалықтар алу үшін /subscribe жіберіңіз.',
  chooseSubscribe: 'Бұл чат қай тақырыптарды бақыласын?',
  chooseUnsubscribe: 'Бұл чат қай тақырыптарды бақылауды тоқтатсын?',
  scheduleDigest: (times, zone) => `Дайджест күн сайын мына уақытта келеді: ${times} (${zone}).`,
  scheduleInstant: 'Жаңа мақалалар табыла салысымен жедел хабарлама ретінде келеді.',
  scheduleOff: 'Жіберу уақытша тоқтатылды. Қайта қосу үшін /digest 08:00 немесе /digest instant жіберіңіз.',
  subscriptionsSummary: (topics, schedule, zone, language) =>
    `<b>Бұл чат</b>\nТақырыптар: ${topics}${schedule === undefined ? '' : `\nКесте: ${schedule}`}\nУақыт белдеуі: ${zone}\nТіл: ${language}`,
  subscriptionsFilters: (rules) => `Сүзгілер: ${rules}`,
  subscriptionsQuiet: (from, to) => `Тыныш сағаттар: ${from}–${to}`,
  digestUsage:
    '/digest командасымен күніне ең көбі 6 уақытты, не instant, не off деп жіберіңіз.\nМысалдар: <code>/digest 08:00</code>, <code>/digest 08:00,18:30</code>, <code>/digest instant</code>, <code>/digest off</code>',
  digestTooMany: (max) => `Күніне ең көбі ${max} дайджест. Мысал: <code>/digest 08:00,18:30</code>`,
  digestSet: (schedule) => `Сақталды. ${schedule}`,
  timezoneUsage:
    '/timezone командасымен уақыт белдеуінің атауын немесе UTC-ден ауытқуды жіберіңіз.\nМысалдар: <code>/timezone Asia/Almaty</code>, <code>/timezone Asia/Jakarta</code>, <code>/timezone Europe/Moscow</code>, <code>/timezone UTC+5</code>, <code>/timezone UTC-3:30</code>',
  timezoneInvalid: (input) => `«${input}» деген уақыт белдеуін білмеймін.`,
  timezoneSet: (zone, localTime) => `Уақыт белдеуі орнатылды: ${zone} (қазіргі жергілікті уақыт: ${localTime}).`,
  languageUsage: '/language командасымен мыналардың бірін жіберіңіз: en (English), id (Bahasa Indonesia), ru (Русский), kk (Қазақша), zh (中文).',
  languageSet: 'Енді бұл чатқа қазақша жазамын.',
  adminsOnly: 'Бұл топтың жазылымдары мен баптауларын тек оның әкімшілері өзгерте алады.',
  buttonSubscribe: (topic) => `➕ ${topic}`,
  buttonUnsubscribe: (topic) => `✖️ ${topic}`,
  buttonDone: 'Дайын',
  callbackStale: 'Бұл батырма енді жарамсыз.',
  callbackSaved: 'Сақталды',
  resumed: 'Қайта қош келдіңіз! Бұл чатқа жіберу қайта қосылды.',
  none: 'жоқ',
  storyMoreSources: (n) => `+${n}`,
  storyLanguages: (n) => `${n} тіл`,
  updatesTitle: '<b>Жаңартулар</b>',
  storyUpdate: (n) => `жаңарту: тағы ${n} дереккөз`,
  whyLine: (topics, words) => `Неге келді: тақырып ${topics}${words ? `; сіздің сөздеріңіз: ${words}` : ''}`,
  filterUsage:
    'Дайджестер мен хабарламалардағы сюжеттерді қалдыру (+) не алып тастау (−) үшін /filter командасын сөздермен жіберіңіз.\nМысалдар: <code>/filter +мұнай +газ -футбол</code>, <code>/filter +石油</code>, <code>/filter clear</code>',
  filterShow: (include, exclude) => `<b>Осы чаттың сүзгілері</b>${include ? `\nТек мына сөздері бар сюжеттер: ${include}` : ''}${exclude ? `\nМына сөздері бар сюжеттер ешқашан: ${exclude}` : ''}`,
  filterNone: 'Бұл чатта сүзгі жоқ: дайджестер мен хабарламаларда оның тақырыптары бойынша барлық сюжет бар.',
  filterCleared: 'Сүзгілер жойылды: дайджестер мен хабарламаларда тақырыптарыңыз бойынша барлық сюжет қайта келеді.',
  filterInvalid: (word) => `«${word}» сүзгі сөзі бола алмайды. Әр сөздің алдына + (қалдыру) не - (алып тастау) қойыңыз, мысалы <code>/filter +мұнай -футбол</code>.`,
  filterTooMany: (max) => `Бір чатқа ${max} сүзгі сөзінен артық болмайды. Қайта бастау үшін <code>/filter clear</code> жіберіңіз.`,
  filterExplain:
    'Сүзгілер дайджестер мен хабарламаларға қолданылады, /latest пен /search-ке емес. + сөздері болса, сюжетте солардың бірі болуы керек; − сөзі бар сюжет ешқашан жіберілмейді. Сөздер тұтас және әріп өлшеміне қарамай сәйкестенеді; қытай сөздері мәтіннің кез келген жерінде сәйкес келеді.',
  searchUsage: 'Іздейтін сөздермен /search жіберіңіз, кез келген тілде. Мысал: <code>/search бидай экспорты</code>',
  searchTitle: (query) => `<b>«${query}» бойынша сюжеттер</b>`,
  searchNone: (query) => `«${query}» сұрауына сай сақталған сюжет жоқ. Басқа не азырақ сөз көріңіз.`,
  quietUsage: 'Чаттың уақыт белдеуіндегі уақыт аралығымен /quiet жіберіңіз, не off.\nМысалдар: <code>/quiet 23:00-07:00</code>, <code>/quiet off</code>',
  quietSet: (from, to, zone) => `Тыныш сағаттар: ${from}–${to} (${zone}). Осы аралықтағы жедел хабарламалар күтіп, ${to} кезінде бір хабарлама болып бірге келеді.`,
  quietNone: 'Бұл чатта тыныш сағаттар жоқ.',
  quietOff: 'Тыныш сағаттар өшірілді: жедел хабарламалар қайтадан кез келген уақытта келеді.',
  quietNotInstant: 'Ескерту: бұл чат жедел хабарламаларды емес, дайджестерді алады; тыныш сағаттар /digest instant жібергеннен кейін қолданылады.',
  quietReleaseTitle: '🔔 <b>Тыныш сағаттардағы жаңалықтар</b>',
};
