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
    topics: 'Topik yang diikuti Silkwire',
    help: 'Semua perintah, satu baris masing-masing',
  },
  welcome: (name) =>
    `${name ? `Halo, ${name}! ` : ''}Saya <b>Silkwire</b>. Saya membaca media berita dalam bahasa Inggris, Rusia, Kazakh, Mandarin dan Indonesia, dan merangkum berita tentang <b>Kazakhstan</b> dan <b>Tiongkok</b> untuk Anda.\n\n` +
    '/latest – artikel terbaru (mis. <code>/latest kazakhstan 10</code>)\n/topics – topik yang saya ikuti\n/help – semua perintah',
  helpTitle: '<b>Perintah</b>',
  topicsTitle: '<b>Topik</b>',
  latestTitleAll: '<b>Terbaru tentang Kazakhstan dan Tiongkok</b>',
  latestTitle: (topic) => `<b>Terbaru tentang ${topic}</b>`,
  noArticles: (topic) =>
    `Belum ada artikel${topic ? ` tentang ${topic}` : ''}. Sumber diperiksa secara berkala; silakan coba lagi beberapa menit lagi.`,
  unknownTopic: (input, valid) => `Saya tidak mengenal topik “${input}”. Topik yang tersedia: ${valid}.\nContoh: <code>/latest china 10</code>`,
  badCount: (max) => `Jumlah artikel harus bilangan bulat dari 1 sampai ${max}.\nContoh: <code>/latest kazakhstan 5</code>`,
  privateHint: 'Saya menjawab perintah. Kirim /help untuk melihatnya.',
  somethingWentWrong: 'Terjadi kesalahan di pihak saya. Silakan coba lagi sebentar lagi.',
  timeAgo: (ms) => {
    const { unit, n } = ageParts(ms);
    const words = { minute: 'menit', hour: 'jam', day: 'hari', month: 'bulan', year: 'tahun' } as const;
    return unit === 'now' ? 'baru saja' : `${n} ${words[unit]} lalu`;
  },
};
