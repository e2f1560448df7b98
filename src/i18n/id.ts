import type { Messages } from './messages';
import { ageParts } from './time-ago';

/** Indonesian texts. */
export const id: Messages = {
  code: 'id',
  languageName: 'Bahasa Indonesia',
  topicName: { kazakhstan: 'Kazakhstan', china: 'Tiongkok' },
  topicDescription: {
    kazakhstan: 'politik, ekonomi dan masyarakat Kazakhstan (alias: kz, qazaqstan, казахстан, қазақстан, 哈萨克斯坦)',
    china: 'Tiongkok dan hubungannya dengan dunia (alias: cn, prc, tiongkok, cina, китай, қытай, 中国)',
  },
  commands: {
    start: 'Apa yang dilakukan Silkwire',
    latest: 'Artikel terbaru: /latest [topik] [n]',
    topics: 'Daftar topik, dengan tombol langganan',
    subscribe: 'Langganan untuk chat ini: /subscribe [topik…]',
    unsubscribe: 'Berhenti berlangganan: /unsubscribe [topik…|all]',
    subscriptions: 'Topik, jadwal, zona waktu, dan bahasa chat ini',
    digest: 'Jadwal ringkasan, notifikasi instan, atau jeda: /digest 08:00,18:30 | instant | off',
    timezone: 'Zona waktu chat: /timezone Asia/Almaty atau UTC+5',
    language: 'Bahasa bot: /language en|id|ru|kk|zh',
    filter: 'Filter kata kunci: /filter +kata -kata | clear',
    search: 'Cari berita: /search kata',
    quiet: 'Tahan notifikasi di malam hari: /quiet 23:00-07:00 | off',
    help: 'Semua perintah, satu baris masing-masing',
  },
  welcome: (name) =>
    `${name ? `Halo, ${name}! ` : ''}Saya <b>Silkwire</b>. Saya membaca media berita dalam bahasa Inggris, Rusia, Kazakh, Mandarin dan Indonesia, dan merangkum berita tentang <b>Kazakhstan</b> dan <b>Tiongkok</b> untuk Anda.\n\n` +
    '/latest – artikel terbaru (mis. <code>/latest kazakhstan 10</code>)\n/subscribe – dapatkan ringkasan harian atau notifikasi instan\n/topics – topik yang saya ikuti\n/help – semua perintah',
  helpTitle: '<b>Perintah</b>',
  topicsTitle: '<b>Topik</b>',
  latestTitleAll: '<b>Terbaru tentang Kazakhstan dan Tiongkok</b>',
  latestTitle: (topic) => `<b>Terbaru tentang ${topic}</b>`,
  noArticles: (topic) =>
    `Belum ada artikel${topic ? ` tentang ${topic}` : ''}. Sumber diperiksa secara berkala; silakan coba lagi beberapa menit lagi.`,
  unknownTopic: (input, valid) => `Saya tidak mengenal topik “${input}”. Topik yang tersedia: ${valid}.\nContoh: <code>/latest china 10</code>`,
  badCount: (max, valid) => `Jumlah artikel harus bilangan bulat dari 1 sampai ${max}. Topik: ${valid}.\nContoh: <code>/latest kazakhstan 5</code>`,
  privateHint: 'Saya menjawab perintah. Kirim /help untuk melihatnya.',
  unknownCommand: (command) => `Saya tidak mengenal perintah ${command}. Kirim /help untuk melihat apa yang bisa saya lakukan.`,
  somethingWentWrong: 'Terjadi kesalahan di pihak saya. Silakan coba lagi sebentar lagi.',
  slowDown: 'Anda mengirim perintah lebih cepat daripada yang bisa saya jawab. Beberapa akan saya lewati: tunggu beberapa detik sebelum perintah berikutnya.',
  timeAgo: (ms) => {
    const { unit, n } = ageParts(ms);
    const words = { minute: 'menit', hour: 'jam', day: 'hari', month: 'bulan', year: 'tahun' } as const;
    return unit === 'now' ? 'baru saja' : `${n} ${words[unit]} lalu`;
  },
  digestTitle: '📰 <b>Ringkasan Silkwire Anda</b>',
  alertTitle: '🔔 <b>Artikel baru</b>',
  andMore: (n, command) => `…dan ${n} lainnya: ${command}`,
  subscribed: (topics, schedule) => `Berhasil berlangganan: <b>${topics}</b>.\n${schedule}`,
  unsubscribed: (remaining) =>
    remaining ? `Selesai. Masih berlangganan: <b>${remaining}</b>.` : 'Selesai. Chat ini sekarang tidak punya langganan.',
  alreadySubscribed: (topics) => `Chat ini sudah berlangganan: <b>${topics}</b>.`,
  notSubscribed: (topics) => `Chat ini tidak berlangganan: <b>${topics}</b>.`,
  stillSubscribed: (topics) => `Masih berlangganan: <b>${topics}</b>.`,
  noSubscriptions: 'Chat ini belum berlangganan apa pun. Kirim /subscribe untuk mendapatkan berita tentang Kazakhstan atau Tiongkok.',
  chooseSubscribe: 'Topik mana yang ingin diikuti di chat ini?',
  chooseUnsubscribe: 'Topik mana yang ingin berhenti diikuti di chat ini?',
  scheduleDigest: (times, zone) => `Ringkasan dikirim setiap hari pukul ${times} (${zone}).`,
  scheduleInstant: 'Artikel baru dikirim sebagai notifikasi instan, segera setelah ditemukan.',
  scheduleOff: 'Pengiriman dijeda. Kirim /digest 08:00 atau /digest instant untuk melanjutkan.',
  subscriptionsSummary: (topics, schedule, zone, language) =>
    `<b>Chat ini</b>\nTopik: ${topics}${schedule === undefined ? '' : `\nJadwal: ${schedule}`}\nZona waktu: ${zone}\nBahasa: ${language}`,
  subscriptionsFilters: (rules) => `Filter: ${rules}`,
  subscriptionsQuiet: (from, to) => `Jam tenang: ${from}–${to}`,
  digestUsage:
    'Kirim /digest dengan maksimal 6 waktu per hari, atau instant, atau off.\nContoh: <code>/digest 08:00</code>, <code>/digest 08:00,18:30</code>, <code>/digest instant</code>, <code>/digest off</code>',
  digestTooMany: (max) => `Maksimal ${max} ringkasan per hari. Contoh: <code>/digest 08:00,18:30</code>`,
  digestSet: (schedule) => `Tersimpan. ${schedule}`,
  timezoneUsage:
    'Kirim /timezone dengan nama zona waktu atau selisih dari UTC.\nContoh: <code>/timezone Asia/Almaty</code>, <code>/timezone Asia/Jakarta</code>, <code>/timezone Europe/Moscow</code>, <code>/timezone UTC+5</code>, <code>/timezone UTC-3:30</code>',
  timezoneInvalid: (input) => `“${input}” bukan zona waktu yang saya kenal.`,
  timezoneSet: (zone, localTime) => `Zona waktu diatur ke ${zone} (waktu setempat sekarang: ${localTime}).`,
  languageUsage: 'Kirim /language dengan salah satu kode: en (English), id (Bahasa Indonesia), ru (Русский), kk (Қазақша), zh (中文).',
  languageSet: 'Mulai sekarang saya akan menulis di chat ini dalam bahasa Indonesia.',
  adminsOnly: 'Hanya admin grup ini yang dapat mengubah langganan dan pengaturannya.',
  buttonSubscribe: (topic) => `➕ ${topic}`,
  buttonUnsubscribe: (topic) => `✖️ ${topic}`,
  buttonDone: 'Selesai',
  callbackStale: 'Tombol ini sudah tidak berlaku.',
  callbackSaved: 'Tersimpan',
  resumed: 'Selamat datang kembali! Pengiriman ke chat ini aktif lagi.',
  none: 'tidak ada',
  storyMoreSources: (n) => `+${n}`,
  storyLanguages: (n) => `${n} bahasa`,
  updatesTitle: '<b>Pembaruan</b>',
  storyUpdate: (n) => `pembaruan: ${n} sumber lagi`,
  whyLine: (topics, words) => `Mengapa Anda menerima ini: topik ${topics}${words ? `; kata Anda: ${words}` : ''}`,
  filterUsage:
    'Kirim /filter dengan kata untuk menyimpan (+) atau membuang (−) berita di ringkasan dan notifikasi Anda.\nContoh: <code>/filter +minyak +gas -sepakbola</code>, <code>/filter +石油</code>, <code>/filter clear</code>',
  filterShow: (include, exclude) => `<b>Filter obrolan ini</b>${include ? `\nHanya berita dengan: ${include}` : ''}${exclude ? `\nTidak pernah berita dengan: ${exclude}` : ''}`,
  filterNone: 'Obrolan ini tidak memiliki filter: ringkasan dan notifikasi memuat semua berita tentang topiknya.',
  filterCleared: 'Filter dihapus: ringkasan dan notifikasi kembali memuat semua berita tentang topik Anda.',
  filterInvalid: (word) => `“${word}” bukan kata filter. Tulis + (simpan) atau - (buang) sebelum setiap kata, mis. <code>/filter +minyak -sepakbola</code>.`,
  filterTooMany: (max) => `Paling banyak ${max} kata filter per obrolan. Kirim <code>/filter clear</code> untuk memulai lagi.`,
  filterExplain:
    'Filter berlaku untuk ringkasan dan notifikasi, bukan untuk /latest atau /search. Dengan kata +, berita harus memuat salah satunya; berita dengan kata − tidak pernah dikirim. Kata dicocokkan utuh, tanpa membedakan huruf besar; kata Tionghoa cocok di mana saja dalam teks.',
  searchUsage: 'Kirim /search dengan kata yang dicari, dalam bahasa apa pun. Contoh: <code>/search ekspor gandum</code>',
  searchTitle: (query) => `<b>Berita yang cocok dengan “${query}”</b>`,
  searchNone: (query) => `Tidak ada berita tersimpan yang cocok dengan “${query}”. Coba kata lain atau lebih sedikit.`,
  quietUsage: 'Kirim /quiet dengan rentang waktu dalam zona waktu obrolan, atau off.\nContoh: <code>/quiet 23:00-07:00</code>, <code>/quiet off</code>',
  quietSet: (from, to, zone) => `Jam tenang: ${from}–${to} (${zone}). Notifikasi instan dalam rentang ini ditahan dan dikirim bersama, sebagai satu pesan, pukul ${to}.`,
  quietNone: 'Obrolan ini tidak memiliki jam tenang.',
  quietOff: 'Jam tenang dihapus: notifikasi instan kembali datang kapan saja.',
  quietNotInstant: 'Catatan: obrolan ini menerima ringkasan, bukan notifikasi instan; jam tenang berlaku setelah Anda mengirim /digest instant.',
  quietReleaseTitle: '🔔 <b>Berita selama jam tenang Anda</b>',
};
