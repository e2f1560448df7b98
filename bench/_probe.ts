import { readFileSync } from 'node:fs';
import { decodeFeedBody, detectCharset } from '../src/feeds/decode';
import { parseFeed } from '../src/feeds/parse';
import { cleanText, truncateText } from '../src/text/clean';
import { detectLanguage } from '../src/classify/language';
import { classifyTopics } from '../src/classify/classifier';
import { canonicalUrl } from '../src/text/canonical-url';
classifyTopics({title:'x'});
const t = () => performance.now();
for (const f of ['nshipster-invalid-chars.rss.gz','utf16-blog.rss','dawn-world.rss','dw-en-all.rdf','economist-asia.rss','giantbomb-podcast-huge.rss','touchnokia-cyrillic.atom','time-world.rss']) {
  const body = readFileSync('/work/shared/feeds/'+f);
  const tot = {clean:0,desc:0,url:0,lang:0,cls:0,descLen:0, decode:0, charset:0};
  for (let it=0; it<5; it++){
    let a=t(); detectCharset(body); tot.charset+=t()-a;
    a=t(); const text = decodeFeedBody(body); tot.decode+=t()-a;
    const feed = parseFeed(text);
    for (const item of feed.items) {
      a=t(); const title = cleanText(item.title ?? ''); tot.clean+=t()-a;
      a=t(); const d0 = cleanText(item.description ?? ''); const description = truncateText(d0, 600); tot.desc+=t()-a; tot.descLen += (item.description??'').length;
      a=t(); if (item.link) canonicalUrl(item.link); tot.url+=t()-a;
      a=t(); detectLanguage(`${title}. ${description}`); tot.lang+=t()-a;
      a=t(); classifyTopics({title, description}); tot.cls+=t()-a;
    }
  }
  const r = Object.fromEntries(Object.entries(tot).map(([k,v])=>[k, k==='descLen'? Math.round(v/5): +(v/5).toFixed(2)]));
  console.log(f, JSON.stringify(r));
}
