// Run by tests/e2e/start-flags.test.ts under the node flags of `npm start`: processes one fixture feed in a feed-pool
// worker thread and prints how many articles it gave, as the app's ingest would.
import { readFileSync } from 'node:fs';
import { createFeedPool } from '../../src/ingest/feed-pool';

const file = process.argv[2]!;
const pool = createFeedPool({ threads: 1 });
try {
  const result = await pool.process({ source: { id: 'probe', name: 'probe', url: file }, body: readFileSync(file), maxItems: 100 });
  console.log(JSON.stringify({ articles: result.articles.length }));
} finally {
  await pool.close();
}
