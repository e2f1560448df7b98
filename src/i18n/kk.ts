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
    topics: 'Silkwire бақылайтын тақырыптар',
    help: 'Барлық командалар',
  },
  welcome: (name) =>
    `${name ? `Сәлеметсіз бе, ${name}! ` : ''}Мен <b>Silkwire</b>. Ағылшын, орыс, қазақ, қытай және индонезия тілдеріндегі басылымдарды оқып, <b>Қазақстан</b> мен <b>Қытай</b> туралы жаңалықтарды жеткіземін.\n\n` +
    '/latest – соңғы мақалалар (мысалы, <code>/latest қазақстан 10</code>)\n/topics – мен бақылайтын тақырыптар\n/help – барлық командалар',
  helpTitle: '<b>Командалар</b>',
  topicsTitle: '<b>Тақырыптар</b>',
  latestTitleAll: '<b>Қазақстан мен Қытай туралы соңғы жаңалықтар</b>',
  latestTitle: (topic) => `<b>Соңғы жаңалықтар: ${topic}</b>`,
  noArticles: (topic) =>
    `${topic ? `«${topic}» тақырыбы бойынша ` : ''}әзірге мақала жоқ. Дереккөздер үнемі тексеріледі; бірнеше минуттан кейін қайталап көріңіз.`,
  unknownTopic: (input, valid) => `«${input}» деген тақырыпты білмеймін. Қолжетімді тақырыптар: ${valid}.\nМысал: <code>/latest china 10</code>`,
  badCount: (max) => `Мақала саны 1-ден ${max}-ге дейінгі бүтін сан болуы керек.\nМысал: <code>/latest kazakhstan 5</code>`,
  privateHint: 'Мен командаларға жауап беремін. Оларды көру үшін /help жіберіңіз.',
  somethingWentWrong: 'Менің тарапымда қате шықты. Бір минуттан кейін қайталап көріңіз.',
  timeAgo: (ms) => {
    const { unit, n } = ageParts(ms);
    const words = { minute: 'минут', hour: 'сағат', day: 'күн', month: 'ай', year: 'жыл' } as const;
    return unit === 'now' ? 'жаңа ғана' : `${n} ${words[unit]} бұрын`;
  },
};
