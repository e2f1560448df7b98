import type { TopicId } from '../articles/article';

/**
 * How a lexicon term is matched.
 *
 * - `word`: the exact word, with a word boundary on both sides (Latin and Cyrillic).
 * - `stem`: the stem followed by exactly one of `suffixes` ('' allows the bare stem), then a boundary.
 * - `phrase`: several words, with a word boundary on both sides.
 * - `cjk`: a Han substring, matched anywhere (Chinese has no spaces between words).
 *
 * In every kind a space matches any run of whitespace, an inner hyphen also matches one space or nothing
 * ("Nur-Sultan", "Nur Sultan", "NurSultan"), an apostrophe matches ' or ’, and a trailing hyphen ("Sino-")
 * makes the term a prefix that needs no boundary after it.
 */
export type TermKind = 'word' | 'stem' | 'phrase' | 'cjk';

/** One entry of the lexicon: written in natural case; it goes through the same normalisation as the text. */
export interface LexiconTerm {
  readonly kind: TermKind;
  readonly text: string;
  /** For `stem`: the endings allowed right after the stem ('' = the stem alone is a word). */
  readonly suffixes?: readonly string[];
  /** Continuations that cancel the match, e.g. 中美 but not 中美洲 (Central America). */
  readonly notFollowedBy?: readonly string[];
}

/** The languages the lexicon is organised by; Latin-script Kazakh sits under `kk`. */
export type LexiconLanguage = 'en' | 'id' | 'ru' | 'kk' | 'zh';

/** The terms of one topic, grouped by language. */
export type TopicLexicon = Readonly<Record<LexiconLanguage, readonly LexiconTerm[]>>;

/** Terms for every topic; a term listed under both topics (e.g. 中哈) tags an article with both. */
export type Lexicon = Readonly<Record<TopicId, TopicLexicon>>;

// Inflectional endings, shared by several stems below.

/** English demonym endings: Kazakhstan, Kazakhstani, Kazakhstanis. */
const EN_DEMONYM = ['', 'i', 'is'] as const;
/** English plural. */
const EN_PLURAL = ['', 's'] as const;
/** Indonesian enclitic -nya ("its / the"), e.g. Tiongkoknya. */
const ID_NYA = ['', 'nya'] as const;

/** Russian masculine nouns ending in a hard consonant: Казахстан, -а, -у, -ом, -е. */
const RU_MASC = ['', 'а', 'у', 'ом', 'е'] as const;
/** Russian masculine nouns in -й, given without it: Китай, -я, -ю, -ем, -е. */
const RU_MASC_Y = ['й', 'я', 'ю', 'ем', 'е'] as const;
/** Russian masculine nouns ending in -ь, given without it: Ухань, -я, -ю, -ем, -е. */
const RU_MASC_SOFT = ['ь', 'я', 'ю', 'ем', 'е'] as const;
/** Russian feminine nouns in -а, given without it: Астана, -ы, -е, -у, -ой, -ою. */
const RU_FEM_A = ['а', 'ы', 'е', 'у', 'ой', 'ою'] as const;
/** Russian surnames in -ев/-ов: Токаев, -а, -у, -ым, -е, -ой (feminine oblique). */
const RU_SURNAME = ['', 'а', 'у', 'ым', 'е', 'ой'] as const;
/** Russian adjective endings after a stem in -ск: казахстанский, -ая, -ое, -ие... */
const RU_ADJ = ['ий', 'ая', 'ое', 'ие', 'ого', 'ой', 'ому', 'им', 'их', 'ую', 'ими', 'ом'] as const;
/** Russian animate masculine nouns: казах, -а, -у, -ом, -е, -и, -ов, -ам, -ами, -ах. */
const RU_PERSON = ['', 'а', 'у', 'ом', 'е', 'и', 'ов', 'ам', 'ами', 'ах'] as const;
/** Russian nouns in -ец after the fleeting vowel drops: китайц-а, -у, -ем, -ы, -ев... */
const RU_ETS = ['а', 'у', 'ем', 'е', 'ы', 'ев', 'ам', 'ами', 'ах'] as const;

/** Kazakh back-vowel stems ending in н or ң: Қазақстан-ның, -ға, -ды, -да, -нан, -мен, possessives. */
const KK_BACK_NASAL = [
  '', 'ның', 'ға', 'ды', 'да', 'нан', 'мен', 'дағы', 'дай',
  'дық', 'дықтар', 'дықтардың', 'дықтарға', 'дықтарды', 'дықтарда', 'дықтардан', 'дықтармен',
  'ы', 'ының', 'ына', 'ын', 'ында', 'ынан', 'ымен',
  'ымыз', 'ымыздың', 'ымызға', 'ымызды', 'ымызда', 'ымыздан', 'ымызбен',
] as const;
/** Kazakh front-vowel stems ending in н or ң: Бейжің-нің, -ге, -ді, -де, -нен, -мен. */
const KK_FRONT_NASAL = ['', 'нің', 'ге', 'ді', 'де', 'нен', 'мен', 'дегі', 'дік'] as const;
/** Kazakh back-vowel stems ending in й, у, р: Қытай-дың, -ға, -ды, -да, -дан, -мен, -лық. */
const KK_BACK_SONORANT = [
  '', 'дың', 'ға', 'ды', 'да', 'дан', 'мен', 'дағы', 'ша',
  'лық', 'лықтар', 'лықтардың', 'лықтарға', 'лықтарды', 'лықтарда', 'лықтардан', 'лықтармен',
] as const;
/** Kazakh front-vowel stems ending in й, у, р: Семей-дің, -ге, -ді, -де, -ден, -мен. */
const KK_FRONT_SONORANT = ['', 'дің', 'ге', 'ді', 'де', 'ден', 'мен', 'дегі', 'лік'] as const;
/** Kazakh back-vowel stems ending in a vowel: Астана-ның, -ға, -ны, -да, -дан, -мен, -лық. */
const KK_BACK_VOWEL = [
  '', 'ның', 'ға', 'ны', 'да', 'дан', 'мен', 'дағы', 'лық', 'лықтар',
  'сы', 'сының', 'сына', 'сын', 'сында', 'сынан', 'сымен',
] as const;
/** Kazakh front-vowel stems ending in a vowel: Ақтөбе-нің, -ге, -ні, -де, -ден, -мен. */
const KK_FRONT_VOWEL = ['', 'нің', 'ге', 'ні', 'де', 'ден', 'мен', 'дегі', 'лік'] as const;
/** Kazakh back-vowel stems ending in a voiceless consonant: қазақ-тың, -қа, -ты, -та, -тан, -пен, -тар. */
const KK_BACK_VOICELESS = [
  '', 'тың', 'қа', 'ты', 'та', 'тан', 'пен', 'ша', 'ы',
  'тар', 'тардың', 'тарға', 'тарды', 'тарда', 'тардан', 'тармен',
] as const;
/** Kazakh surnames in -ев/-ов (back vowels): Тоқаев-тың, -қа, -ты, -та, -тан, -пен. */
const KK_BACK_SURNAME = ['', 'тың', 'қа', 'ты', 'та', 'тан', 'пен'] as const;
/** Kazakh front-vowel stems ending in a voiceless consonant: Мәжіліс-тің, -ке, -ті, -те, -тен, -пен. */
const KK_FRONT_VOICELESS = ['', 'тің', 'ке', 'ті', 'те', 'тен', 'пен', 'тегі', 'тік'] as const;

/**
 * Characters that, right after 中哈, show a transliterated foreign name rather than China–Kazakhstan:
 * 中哈马斯 (…中 + Hamas), 中哈佛 (Harvard), 中哈尔滨 (Harbin), 中哈里斯 (Harris), 中哈梅内伊 (Khamenei), 哈哈 (laughter).
 */
const ZH_HA_NAME_STARTS = [
  '马', '佛', '尔', '里', '梅', '密', '利', '德', '伊', '兰', '布', '桑', '米', '姆', '林', '蒙', '勒', '维', '瓦', '拉',
  '特', '希', '罗', '奇', '达', '哈', '巴', '根', '瑞', '雷', '代', '迪', '莱', '斯', '塞', '克', '登', '士', '默', '文',
] as const;

/** The built-in topic terms: what makes an article about Kazakhstan or about China. */
export const DEFAULT_LEXICON: Lexicon = {
  kazakhstan: {
    en: [
      { kind: 'stem', text: 'Kazakhstan', suffixes: EN_DEMONYM },
      { kind: 'stem', text: 'Kazakstan', suffixes: EN_DEMONYM },
      { kind: 'stem', text: 'Kazakh', suffixes: EN_PLURAL },
      { kind: 'word', text: 'Astana' },
      { kind: 'word', text: 'Nur-Sultan' },
      { kind: 'word', text: 'Almaty' },
      { kind: 'word', text: 'Alma-Ata' },
      { kind: 'word', text: 'Shymkent' },
      { kind: 'word', text: 'Karaganda' },
      { kind: 'word', text: 'Karagandy' },
      { kind: 'word', text: 'Aktau' },
      { kind: 'word', text: 'Atyrau' },
      { kind: 'word', text: 'Aktobe' },
      { kind: 'word', text: 'Pavlodar' },
      { kind: 'word', text: 'Kostanay' },
      { kind: 'word', text: 'Kyzylorda' },
      { kind: 'word', text: 'Oskemen' },
      { kind: 'word', text: 'Ust-Kamenogorsk' },
      { kind: 'word', text: 'Baikonur' },
      { kind: 'word', text: 'Baykonur' },
      { kind: 'word', text: 'Tokayev' },
      { kind: 'word', text: 'Tokaev' },
      { kind: 'word', text: 'Kassym-Jomart' },
      { kind: 'word', text: 'Nazarbayev' },
      { kind: 'word', text: 'Nazarbaev' },
      { kind: 'word', text: 'Akorda' },
      { kind: 'word', text: 'Mazhilis' },
      { kind: 'word', text: 'Majilis' },
      { kind: 'word', text: 'Kazinform' },
      { kind: 'word', text: 'Samruk-Kazyna' },
      { kind: 'word', text: 'KazMunayGas' },
      { kind: 'word', text: 'KazMunaiGas' },
      { kind: 'word', text: 'Kazatomprom' },
      { kind: 'word', text: 'Tengizchevroil' },
      { kind: 'word', text: 'tenge' },
      { kind: 'phrase', text: 'Ak Orda' },
      { kind: 'word', text: 'Tengiz' },
      { kind: 'word', text: 'Khorgos' },
      { kind: 'word', text: 'Khorgas' },
      { kind: 'word', text: 'Aqorda' },
    ],
    id: [
      { kind: 'stem', text: 'Kazakhstan', suffixes: ID_NYA },
      { kind: 'stem', text: 'Kazakstan', suffixes: ID_NYA },
    ],
    ru: [
      { kind: 'stem', text: 'Казахстан', suffixes: RU_MASC },
      { kind: 'stem', text: 'казахстанск', suffixes: RU_ADJ },
      { kind: 'word', text: 'казахстанец' },
      { kind: 'stem', text: 'казахстанц', suffixes: RU_ETS },
      { kind: 'stem', text: 'казах', suffixes: RU_PERSON },
      { kind: 'stem', text: 'казахск', suffixes: RU_ADJ },
      { kind: 'stem', text: 'Астан', suffixes: RU_FEM_A },
      { kind: 'stem', text: 'астанинск', suffixes: RU_ADJ },
      { kind: 'stem', text: 'Нур-Султан', suffixes: RU_MASC },
      { kind: 'word', text: 'Алматы' },
      { kind: 'stem', text: 'алматинск', suffixes: RU_ADJ },
      { kind: 'stem', text: 'Алма-Ат', suffixes: RU_FEM_A },
      { kind: 'stem', text: 'алма-атинск', suffixes: RU_ADJ },
      { kind: 'stem', text: 'Шымкент', suffixes: RU_MASC },
      { kind: 'stem', text: 'Караганд', suffixes: RU_FEM_A },
      { kind: 'stem', text: 'карагандинск', suffixes: RU_ADJ },
      { kind: 'word', text: 'Актау' },
      { kind: 'word', text: 'Атырау' },
      { kind: 'word', text: 'Актобе' },
      { kind: 'stem', text: 'Павлодар', suffixes: RU_MASC },
      { kind: 'stem', text: 'Костана', suffixes: RU_MASC_Y },
      { kind: 'stem', text: 'Кызылорд', suffixes: RU_FEM_A },
      { kind: 'stem', text: 'Усть-Каменогорск', suffixes: RU_MASC },
      { kind: 'stem', text: 'Байконур', suffixes: RU_MASC },
      { kind: 'stem', text: 'Токаев', suffixes: RU_SURNAME },
      { kind: 'stem', text: 'Назарбаев', suffixes: RU_SURNAME },
      { kind: 'phrase', text: 'Касым-Жомарт' },
      { kind: 'stem', text: 'Акорд', suffixes: RU_FEM_A },
      { kind: 'stem', text: 'Мажилис', suffixes: RU_MASC },
      { kind: 'stem', text: 'мажилисмен', suffixes: RU_PERSON },
      { kind: 'stem', text: 'Казинформ', suffixes: RU_MASC },
      { kind: 'stem', text: 'Самрук-Казын', suffixes: RU_FEM_A },
      { kind: 'stem', text: 'КазМунайГаз', suffixes: RU_MASC },
      { kind: 'stem', text: 'Казатомпром', suffixes: RU_MASC },
      { kind: 'word', text: 'тенге' },
      { kind: 'word', text: 'Казинформ' },
      { kind: 'stem', text: 'Тенгиз', suffixes: RU_MASC },
      { kind: 'stem', text: 'Тенгизшевройл', suffixes: RU_MASC },
      { kind: 'stem', text: 'атырауск', suffixes: RU_ADJ },
      { kind: 'stem', text: 'костанайск', suffixes: RU_ADJ },
      { kind: 'stem', text: 'Хоргос', suffixes: RU_MASC },
    ],
    kk: [
      { kind: 'stem', text: 'Қазақстан', suffixes: KK_BACK_NASAL },
      { kind: 'stem', text: 'қазақ', suffixes: KK_BACK_VOICELESS },
      { kind: 'word', text: 'ҚР' },
      { kind: 'stem', text: 'Астана', suffixes: KK_BACK_VOWEL },
      { kind: 'stem', text: 'Нұр-Сұлтан', suffixes: KK_BACK_NASAL },
      { kind: 'stem', text: 'Алматы', suffixes: KK_BACK_VOWEL },
      { kind: 'stem', text: 'Шымкент', suffixes: KK_FRONT_VOICELESS },
      { kind: 'stem', text: 'Қарағанды', suffixes: KK_BACK_VOWEL },
      { kind: 'stem', text: 'Ақтау', suffixes: KK_BACK_SONORANT },
      { kind: 'stem', text: 'Атырау', suffixes: KK_BACK_SONORANT },
      { kind: 'stem', text: 'Ақтөбе', suffixes: KK_FRONT_VOWEL },
      { kind: 'stem', text: 'Павлодар', suffixes: KK_BACK_SONORANT },
      { kind: 'stem', text: 'Қостанай', suffixes: KK_BACK_SONORANT },
      { kind: 'stem', text: 'Семей', suffixes: KK_FRONT_SONORANT },
      { kind: 'stem', text: 'Қызылорда', suffixes: KK_BACK_VOWEL },
      { kind: 'stem', text: 'Өскемен', suffixes: KK_FRONT_NASAL },
      { kind: 'stem', text: 'Байқоңыр', suffixes: KK_BACK_SONORANT },
      { kind: 'stem', text: 'Тоқаев', suffixes: KK_BACK_SURNAME },
      { kind: 'stem', text: 'Назарбаев', suffixes: KK_BACK_SURNAME },
      { kind: 'phrase', text: 'Қасым-Жомарт' },
      { kind: 'stem', text: 'Ақорда', suffixes: KK_BACK_VOWEL },
      { kind: 'stem', text: 'Мәжіліс', suffixes: KK_FRONT_VOICELESS },
      { kind: 'stem', text: 'теңге', suffixes: KK_FRONT_VOWEL },
      { kind: 'stem', text: 'Теңізшевройл', suffixes: KK_BACK_SONORANT },
      { kind: 'stem', text: 'Қорғас', suffixes: KK_BACK_VOICELESS },
      // Latin-script Kazakh (2021 alphabet).
      { kind: 'stem', text: 'Qazaqstan', suffixes: ['', 'nyń', 'ǵa', 'dy', 'da', 'nan', 'men', 'daǵy'] },
      { kind: 'stem', text: 'Qazaq', suffixes: ['', 'tar', 'tyń', 'qa', 'ty', 'ta', 'tan', 'pen'] },
    ],
    zh: [
      { kind: 'cjk', text: '哈萨克' },
      { kind: 'cjk', text: '哈薩克' },
      { kind: 'cjk', text: '哈国' },
      { kind: 'cjk', text: '中哈', notFollowedBy: ZH_HA_NAME_STARTS },
      { kind: 'cjk', text: '阿斯塔纳' },
      { kind: 'cjk', text: '努尔苏丹' },
      { kind: 'cjk', text: '阿拉木图' },
      { kind: 'cjk', text: '奇姆肯特' },
      { kind: 'cjk', text: '卡拉干达' },
      { kind: 'cjk', text: '阿克套' },
      { kind: 'cjk', text: '阿特劳' },
      { kind: 'cjk', text: '拜科努尔' },
      { kind: 'cjk', text: '托卡耶夫' },
      { kind: 'cjk', text: '纳扎尔巴耶夫' },
      { kind: 'cjk', text: '哈通社' },
      { kind: 'cjk', text: '坚戈' },
      { kind: 'cjk', text: '田吉兹' },
      { kind: 'cjk', text: '霍尔果斯' },
      { kind: 'cjk', text: '阿克奥尔达' },
    ],
  },
  china: {
    en: [
      { kind: 'word', text: 'China' },
      { kind: 'word', text: 'Chinese' },
      { kind: 'word', text: 'Sino-' },
      { kind: 'word', text: 'PRC' },
      { kind: 'word', text: 'CCP' },
      { kind: 'phrase', text: 'CPC Central Committee' },
      { kind: 'phrase', text: 'CPC National Congress' },
      { kind: 'word', text: 'Beijing' },
      { kind: 'phrase', text: 'Peking University' },
      { kind: 'word', text: 'Shanghai' },
      { kind: 'word', text: 'Shenzhen' },
      { kind: 'word', text: 'Guangzhou' },
      { kind: 'word', text: 'Wuhan' },
      { kind: 'word', text: 'Chongqing' },
      { kind: 'word', text: 'Tianjin' },
      { kind: 'word', text: 'Chengdu' },
      { kind: 'word', text: 'Hangzhou' },
      { kind: 'word', text: 'Nanjing' },
      { kind: 'word', text: 'Xiamen' },
      { kind: 'stem', text: 'Hong Kong', suffixes: ['', 'er', 'ers'] },
      { kind: 'stem', text: 'Hongkong', suffixes: ['', 'er', 'ers'] },
      { kind: 'word', text: 'Macau' },
      { kind: 'word', text: 'Macao' },
      { kind: 'word', text: 'Xinjiang' },
      { kind: 'word', text: 'Tibet' },
      { kind: 'stem', text: 'Tibetan', suffixes: EN_PLURAL },
      { kind: 'word', text: 'Urumqi' },
      { kind: 'word', text: 'Lhasa' },
      { kind: 'stem', text: 'Uyghur', suffixes: EN_PLURAL },
      { kind: 'stem', text: 'Uighur', suffixes: EN_PLURAL },
      { kind: 'phrase', text: 'Xi Jinping' },
      { kind: 'phrase', text: 'President Xi' },
      { kind: 'phrase', text: 'Chairman Xi' },
      { kind: 'phrase', text: 'Li Qiang' },
      { kind: 'phrase', text: 'Li Keqiang' },
      { kind: 'phrase', text: 'Wang Yi' },
      { kind: 'phrase', text: 'Wei Fenghe' },
      { kind: 'phrase', text: 'Hu Jintao' },
      { kind: 'phrase', text: 'Deng Xiaoping' },
      { kind: 'phrase', text: 'Mao Zedong' },
      { kind: 'word', text: 'Zhongnanhai' },
      { kind: 'word', text: 'Xinhua' },
      { kind: 'word', text: 'CGTN' },
      { kind: 'word', text: 'Sinopec' },
      { kind: 'word', text: 'renminbi' },
      { kind: 'phrase', text: "People's Liberation Army" },
      { kind: 'phrase', text: 'PLA Navy' },
      { kind: 'phrase', text: 'PLA Air Force' },
      { kind: 'phrase', text: 'PLA Rocket Force' },
      { kind: 'phrase', text: 'PLA Daily' },
      { kind: 'phrase', text: 'State Council Information Office' },
      { kind: 'phrase', text: 'State Council Tariff Commission' },
      { kind: 'phrase', text: 'Politburo Standing Committee' },
      { kind: 'phrase', text: "People's Daily" },
      { kind: 'phrase', text: 'Global Times' },
      { kind: 'phrase', text: 'Belt and Road' },
      { kind: 'phrase', text: 'State Council' },
      { kind: 'word', text: "Xi'an" },
      { kind: 'word', text: 'Khorgos' },
      { kind: 'word', text: 'Khorgas' },
      { kind: 'phrase', text: 'Tiananmen' },
      { kind: 'stem', text: 'yuan', suffixes: ['', 's'] },
      { kind: 'phrase', text: 'Communist Party of China' },
      { kind: 'phrase', text: 'Chinese Communist Party' },
    ],
    id: [
      { kind: 'stem', text: 'Tiongkok', suffixes: ID_NYA },
      { kind: 'stem', text: 'Cina', suffixes: ID_NYA },
      { kind: 'word', text: 'Tionghoa' },
      { kind: 'stem', text: 'China', suffixes: ID_NYA },
      { kind: 'stem', text: 'Beijing', suffixes: ID_NYA },
      { kind: 'phrase', text: 'Negeri Tirai Bambu' },
      { kind: 'phrase', text: 'Tentara Pembebasan Rakyat' },
    ],
    ru: [
      { kind: 'stem', text: 'Кита', suffixes: RU_MASC_Y, notFollowedBy: ['-город'] },
      { kind: 'stem', text: 'китайск', suffixes: RU_ADJ },
      { kind: 'word', text: 'китаец' },
      { kind: 'stem', text: 'китайц', suffixes: RU_ETS },
      { kind: 'stem', text: 'китаянк', suffixes: ['а', 'и', 'е', 'у', 'ой'] },
      { kind: 'word', text: 'КНР' },
      { kind: 'word', text: 'КПК' },
      { kind: 'word', text: 'НОАК' },
      { kind: 'stem', text: 'Поднебесн', suffixes: ['ая', 'ой', 'ую'] },
      { kind: 'stem', text: 'Пекин', suffixes: RU_MASC },
      { kind: 'stem', text: 'пекинск', suffixes: RU_ADJ },
      { kind: 'stem', text: 'Шанха', suffixes: RU_MASC_Y },
      { kind: 'stem', text: 'шанхайск', suffixes: RU_ADJ },
      { kind: 'stem', text: 'Шэньчжэн', suffixes: RU_MASC_SOFT },
      { kind: 'stem', text: 'Шеньчжен', suffixes: RU_MASC_SOFT },
      { kind: 'word', text: 'Гуанчжоу' },
      { kind: 'stem', text: 'Ухан', suffixes: RU_MASC_SOFT },
      { kind: 'stem', text: 'Гонконг', suffixes: RU_MASC },
      { kind: 'stem', text: 'гонконгск', suffixes: RU_ADJ },
      { kind: 'word', text: 'Макао' },
      { kind: 'stem', text: 'Синьцзян', suffixes: RU_MASC },
      { kind: 'stem', text: 'синьцзян-уйгурск', suffixes: RU_ADJ },
      { kind: 'stem', text: 'Тибет', suffixes: RU_MASC },
      { kind: 'stem', text: 'тибетск', suffixes: RU_ADJ },
      { kind: 'word', text: 'Урумчи' },
      { kind: 'stem', text: 'Си Цзиньпин', suffixes: RU_MASC },
      { kind: 'stem', text: 'Ли Цян', suffixes: RU_MASC },
      { kind: 'stem', text: 'Ли Кэцян', suffixes: RU_MASC },
      { kind: 'phrase', text: 'Вэй Фэнхэ' },
      { kind: 'word', text: 'Синьхуа' },
      { kind: 'stem', text: 'юан', suffixes: ['ь', 'я', 'ю', 'ем', 'и', 'ей', 'ям', 'ями', 'ях'] },
      { kind: 'stem', text: 'Госсовет', suffixes: [' КНР', 'а КНР', 'е КНР'] },
      { kind: 'word', text: 'Чжуннаньхай' },
      { kind: 'stem', text: 'Хоргос', suffixes: RU_MASC },
    ],
    kk: [
      { kind: 'stem', text: 'Қытай', suffixes: KK_BACK_SONORANT },
      { kind: 'word', text: 'ҚХР' },
      { kind: 'stem', text: 'Бейжің', suffixes: KK_FRONT_NASAL },
      { kind: 'stem', text: 'Пекин', suffixes: KK_FRONT_NASAL },
      { kind: 'stem', text: 'Шыңжаң', suffixes: KK_BACK_NASAL },
      { kind: 'stem', text: 'Си Цзиньпин', suffixes: KK_FRONT_NASAL },
      { kind: 'stem', text: 'Ли Цян', suffixes: KK_BACK_NASAL },
      { kind: 'stem', text: 'юан', suffixes: ['ь', 'ьмен', 'ьге', 'ьді', 'і'] },
      { kind: 'stem', text: 'Тибет', suffixes: KK_FRONT_VOICELESS },
      { kind: 'stem', text: 'Қорғас', suffixes: KK_BACK_VOICELESS },
    ],
    zh: [
      { kind: 'cjk', text: '中国' },
      { kind: 'cjk', text: '中國' },
      { kind: 'cjk', text: '中华' },
      { kind: 'cjk', text: '中華' },
      { kind: 'cjk', text: '中方' },
      { kind: 'cjk', text: '中共' },
      { kind: 'cjk', text: '中哈', notFollowedBy: ZH_HA_NAME_STARTS },
      // NOTE: "…中美国…" is "…中 + 美国" (in …, the US); 中美洲 is Central America; 中日本 is "…中 + 日本".
      { kind: 'cjk', text: '中美', notFollowedBy: ['国', '洲', '國'] },
      { kind: 'cjk', text: '中俄', notFollowedBy: ['罗斯', '羅斯'] },
      { kind: 'cjk', text: '中欧', notFollowedBy: ['洲'] },
      { kind: 'cjk', text: '中日', notFollowedBy: ['本'] },
      { kind: 'cjk', text: '北京' },
      { kind: 'cjk', text: '上海' },
      { kind: 'cjk', text: '深圳' },
      { kind: 'cjk', text: '广州' },
      { kind: 'cjk', text: '武汉' },
      { kind: 'cjk', text: '重庆' },
      { kind: 'cjk', text: '天津' },
      { kind: 'cjk', text: '香港' },
      { kind: 'cjk', text: '澳门' },
      { kind: 'cjk', text: '新疆' },
      { kind: 'cjk', text: '西藏' },
      { kind: 'cjk', text: '乌鲁木齐' },
      { kind: 'cjk', text: '习近平' },
      { kind: 'cjk', text: '習近平' },
      { kind: 'cjk', text: '李强' },
      { kind: 'cjk', text: '王毅' },
      { kind: 'cjk', text: '魏凤和' },
      { kind: 'cjk', text: '新华社' },
      { kind: 'cjk', text: '新華社' },
      { kind: 'cjk', text: '人民日报' },
      { kind: 'cjk', text: '解放军' },
      { kind: 'cjk', text: '解放軍' },
      // NOTE: 国务院 alone is also the US State Department (美国国务院), so only China-specific compounds.
      { kind: 'cjk', text: '国务院总理' },
      { kind: 'cjk', text: '国务院副总理' },
      { kind: 'cjk', text: '国务院新闻办' },
      { kind: 'cjk', text: '国务院办公厅' },
      { kind: 'cjk', text: '国务院常务会议' },
      { kind: 'cjk', text: '国务院关税税则委员会' },
      { kind: 'cjk', text: '政治局常委' },
      { kind: 'cjk', text: '全国人大' },
      { kind: 'cjk', text: '一带一路' },
      { kind: 'cjk', text: '人民币' },
      // 美国国务院 (the US State Department) is blanked out by a suppressor first.
      { kind: 'cjk', text: '国务院' },
      { kind: 'cjk', text: '國務院' },
      { kind: 'cjk', text: '中南海' },
      // "Our country" in mainland media; 美国商务部 (the US Commerce Department) is blanked out first.
      { kind: 'cjk', text: '我国' },
      { kind: 'cjk', text: '商务部' },
      { kind: 'cjk', text: '霍尔果斯' },
      { kind: 'cjk', text: '国家统计局' },
      { kind: 'cjk', text: '外交部发言人' },
    ],
  },
};

/**
 * Phrases that use a topic word without being about the topic ("fine china", "Chinese New Year parade",
 * 美国国务院 = the US State Department): their words are blanked out before the topic terms are matched.
 */
export const DEFAULT_SUPPRESSORS: TopicLexicon = {
  en: [
    { kind: 'stem', text: 'fine china', suffixes: ['', 'ware'] },
    { kind: 'phrase', text: 'bone china' },
    { kind: 'phrase', text: 'porcelain china' },
    { kind: 'phrase', text: 'antique china' },
    { kind: 'phrase', text: 'vintage china' },
    { kind: 'phrase', text: 'wedding china' },
    { kind: 'phrase', text: 'china cabinet' },
    { kind: 'phrase', text: 'china cabinets' },
    { kind: 'stem', text: 'china plate', suffixes: EN_PLURAL },
    { kind: 'stem', text: 'china cup', suffixes: EN_PLURAL },
    { kind: 'phrase', text: 'china tea set' },
    { kind: 'phrase', text: 'china dinnerware' },
    { kind: 'phrase', text: 'china doll' },
    { kind: 'phrase', text: 'china dolls' },
    { kind: 'phrase', text: 'China Beach' },
    { kind: 'phrase', text: 'Chinese New Year' },
    { kind: 'stem', text: 'Chinese restaurant', suffixes: EN_PLURAL },
    { kind: 'phrase', text: 'Chinese food' },
    { kind: 'phrase', text: 'Chinese cuisine' },
    { kind: 'phrase', text: 'Chinese takeaway' },
    { kind: 'phrase', text: 'Chinese takeout' },
    { kind: 'stem', text: 'Chinese lantern', suffixes: EN_PLURAL },
    { kind: 'phrase', text: 'Chinese zodiac' },
    { kind: 'phrase', text: 'Chinese checkers' },
    { kind: 'phrase', text: 'Chinese medicine' },
    { kind: 'stem', text: 'Chinese-American', suffixes: EN_PLURAL },
    { kind: 'stem', text: 'Chinese-Australian', suffixes: EN_PLURAL },
    { kind: 'stem', text: 'Chinese-Canadian', suffixes: EN_PLURAL },
    { kind: 'stem', text: 'Chinese-Indonesian', suffixes: EN_PLURAL },
    { kind: 'phrase', text: 'Chinese community' },
    { kind: 'phrase', text: 'Chinese diaspora' },
    { kind: 'phrase', text: 'ethnic Chinese' },
    { kind: 'phrase', text: 'Chinese Indonesians' },
    { kind: 'phrase', text: 'Chinese Malaysians' },
    { kind: 'phrase', text: 'Chinese Singaporeans' },
    { kind: 'phrase', text: 'Chinese lion dance' },
    { kind: 'phrase', text: 'Chinese calligraphy' },
  ],
  id: [
    { kind: 'phrase', text: 'keramik china' },
    { kind: 'phrase', text: 'porselen china' },
    { kind: 'phrase', text: 'warga Tionghoa' },
    { kind: 'phrase', text: 'etnis Tionghoa' },
    { kind: 'phrase', text: 'keturunan Tionghoa' },
    { kind: 'phrase', text: 'masyarakat Tionghoa' },
    { kind: 'phrase', text: 'komunitas Tionghoa' },
    { kind: 'phrase', text: 'Tahun Baru China' },
    { kind: 'phrase', text: 'Tahun Baru Cina' },
    { kind: 'phrase', text: 'restoran China' },
    { kind: 'phrase', text: 'masakan China' },
  ],
  ru: [
    { kind: 'stem', text: 'пекинск', suffixes: ['ая утка', 'ую утку', 'ой утки', 'ой уткой'] },
    { kind: 'stem', text: 'китайск', suffixes: ['ий Новый год', 'ого Нового года', 'ому Новому году', 'ий ресторан', 'ого ресторана', 'ом ресторане', 'ой кухни', 'ая кухня', 'ий квартал', 'ом квартале', 'ий фарфор', 'ого фарфора', 'ая грамота', 'ий фонарик', 'ие фонарики'] },
  ],
  kk: [
    { kind: 'phrase', text: 'қытай рестораны' },
    { kind: 'phrase', text: 'қытай асханасы' },
  ],
  zh: [
    { kind: 'cjk', text: '美国国务院' },
    { kind: 'cjk', text: '美國國務院' },
    { kind: 'cjk', text: '美国国务卿' },
    { kind: 'cjk', text: '美国商务部' },
    { kind: 'cjk', text: '美國商務部' },
    { kind: 'cjk', text: '中国城' },
    { kind: 'cjk', text: '唐人街' },
    { kind: 'cjk', text: '中国餐馆' },
    { kind: 'cjk', text: '中餐馆' },
  ],
};
