// `npm run eval:topics`: per-topic precision and recall of the classifier on tests/fixtures/labelled/topics.tsv,
// then every item it gets wrong.
import { classifyTopics } from '../src/classify/classifier';
import { loadLabelledItems, scoreTopics } from '../tests/fixtures/labelled/labelled';

const items = loadLabelledItems();
const { scores, errors } = scoreTopics(items, classifyTopics);
const languages = [...new Set(items.map((i) => i.language))].join(', ');
console.log(`${items.length} labelled items (${languages})`);
for (const s of scores) {
  console.log(`${s.topic.padEnd(10)} precision ${s.precision.toFixed(3)} (${s.truePositives}/${s.truePositives + s.falsePositives}), recall ${s.recall.toFixed(3)} (${s.truePositives}/${s.truePositives + s.falseNegatives})`);
}
for (const error of errors) console.log(`  ${error}`);
