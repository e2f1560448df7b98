import { describe, expect, it } from 'vitest';
import type { ParsedFeed } from '../../src/articles/article';
import { parseFeed } from '../../src/feeds/parse';
import { convertFeed, MAX_CONTENT, toArticles } from '../../src/feeds/to-articles';
import type { Source } from '../../src/sources/source';

const source: Source = { id: 'src-test', name: 'Test Wire', url: 'https://wire.example/feed.xml' };

describe('toArticles: content, links and aggregators', () => {
  it('keeps content:encoded as capped plain text and classifies it below the title', () => {
    const long = `<p>${'Markets were calm. '.repeat(400)}</p>`;
    const feed = parseFeed(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><link>https://wire.example/</link>
      <item><title>Markets calm</title><link>https://wire.example/1</link><description>Short lead.</description><content:encoded><![CDATA[${long}<p>Trade in Astana rose; the tenge firmed.</p>]]></content:encoded></item>
      <item><title>Markets calm again</title><link>https://wire.example/2</link><description>Lead.</description><content:encoded><![CDATA[<p>Only Astana is mentioned, once.</p>]]></content:encoded></item>
    </channel></rss>`);
    const [first, second] = toArticles(source, feed);
    expect(first!.content!.length).toBeLessThanOrEqual(MAX_CONTENT);
    expect(first!.content).not.toContain('<p>');
    expect(second!.content).toBe('Only Astana is mentioned, once.');
    expect(second!.topics).toEqual([]);
  });

  it('finds the text of a body that opens with thousands of characters of markup', () => {
    const markup = `<figure><img src="https://wire.example/p.jpg" srcset="${'https://wire.example/p.jpg 1x, '.repeat(120)}"/></figure><script>${'var x = 1; '.repeat(200)}</script>`;
    expect(markup.length).toBeGreaterThan(2 * MAX_CONTENT);
    const feed = parseFeed(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><link>https://wire.example/</link>
      <item><title>Rail deal</title><link>https://wire.example/3</link><description>Signing day.</description><content:encoded><![CDATA[${markup}<p>Kazakhstan and China signed a rail deal in Astana. Kazakhstan will build the line.</p>]]></content:encoded></item>
    </channel></rss>`);
    const [article] = toArticles(source, feed);
    expect(article!.content).toBe('Kazakhstan and China signed a rail deal in Astana. Kazakhstan will build the line.');
    expect(article!.topics).toContain('kazakhstan');
  });

  it('reads Atom content', () => {
    const feed = parseFeed(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><link href="https://atom.example/"/>
      <entry><id>urn:1</id><title>Leaders meet</title><link href="https://atom.example/1"/><summary>Talks held.</summary><content type="html">&lt;p&gt;Tokayev met Xi Jinping in Astana.&lt;/p&gt;</content></entry></feed>`);
    expect(feed.link).toBe('https://atom.example/');
    expect(toArticles(source, feed)[0]).toMatchObject({ content: 'Tokayev met Xi Jinping in Astana.' });
  });

  it('keeps items without a link: a URL guid first, else the feed link marked as shared; counts what it skips', () => {
    const feed: ParsedFeed = {
      format: 'rss',
      link: 'https://wire.example/',
      items: [
        { title: 'With a URL guid', guid: 'https://wire.example/g/1' },
        { title: 'With a plain guid', guid: 'item-2' },
        { title: 'No guid at all' },
        { link: 'https://wire.example/untitled' },
      ],
    };
    const { articles, skipped } = convertFeed(source, feed);
    expect(articles.map((a) => [a.url, a.sharedUrl ?? false])).toEqual([
      ['https://wire.example/g/1', false],
      ['https://wire.example/', true],
      ['https://wire.example/', true],
    ]);
    expect(skipped).toEqual({ 'no-title': 1 });
  });

  it('turns a Google News " - Publisher" suffix into the source name and drops the related-headlines list', () => {
    const gnews: Source = { id: 'src-gnews', name: 'Google News', url: 'https://news.google.com/rss?hl=en' };
    const feed: ParsedFeed = {
      format: 'rss',
      title: 'Top stories - Google News',
      items: [{ title: 'Tokayev meets Xi in Astana - Reuters', link: 'https://news.google.com/rss/articles/abc', description: '<ol><li><a href="x">Tokayev meets Xi in Astana</a> Reuters</li></ol>' }],
    };
    expect(toArticles(gnews, feed)[0]).toMatchObject({ title: 'Tokayev meets Xi in Astana', sourceName: 'Reuters', viaAggregator: 'Reuters', description: '' });
  });
});
