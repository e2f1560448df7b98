import type { EntityKind } from './gazetteer';
import type { EventNumber, EventSignature } from './signature';
import { entityWeight } from './signature';

/** How two signatures compare: a score in [0, ~1.5] and whether a conflict rules out the same event. */
export interface Comparison {
  score: number;
  veto: boolean;
}

const NUMBER_WEIGHT: Readonly<Record<EventNumber['unit'], number>> = { money: 3, pct: 2.5, magnitude: 3, month: 1, count: 1 };
/** Number classes whose disagreement means a different event (another month, another figure, another quake). */
const VETO_UNITS: ReadonlyArray<EventNumber['unit']> = ['money', 'pct', 'magnitude', 'month'];
/** Entity kinds that can tie two articles on their own. */
const STRONG: ReadonlySet<EntityKind> = new Set(['person', 'org', 'city', 'region']);
/** Below this much evidence a signature is compared as if it had this much (two countries alone prove nothing). */
const MIN_MASS = 5;
const KEYWORD_WEIGHT = 0.6;

/** Amounts with and without a currency word ("$1.5 billion", "1,5 млрд") compare as the same kind of figure. */
const AMOUNT = new Set<EventNumber['unit']>(['money', 'count']);

function sameNumber(a: EventNumber, b: EventNumber): boolean {
  if (a.unit !== b.unit && !(AMOUNT.has(a.unit) && AMOUNT.has(b.unit))) return false;
  if (AMOUNT.has(a.unit)) return Math.abs(a.value - b.value) <= 0.03 * Math.max(Math.abs(a.value), Math.abs(b.value));
  return a.value === b.value;
}

function mass(signature: EventSignature): number {
  let total = 0;
  for (const kind of signature.entities.values()) total += entityWeight(kind);
  for (const n of signature.numbers) total += NUMBER_WEIGHT[n.unit];
  return total;
}

/**
 * Compares two event signatures: the weight of what they share over the lighter one's weight, plus same-language
 * keyword overlap. Disagreeing months, figures (same unit), magnitudes or cities veto.
 */
export function compareSignatures(a: EventSignature, b: EventSignature): Comparison {
  if (conflicts(a, b)) return { score: 0, veto: true };
  return { score: similarity(a, b), veto: false };
}

/** True when two signatures disagree on a month, a figure of the same unit, a magnitude or the city. */
export function conflicts(a: EventSignature, b: EventSignature): boolean {
  if (a.numbers.length > 0 && b.numbers.length > 0) {
    for (const unit of VETO_UNITS) {
      const xs = a.numbers.filter((n) => n.unit === unit);
      if (xs.length === 0) continue;
      const ys = b.numbers.filter((n) => n.unit === unit);
      if (ys.length > 0 && !xs.some((x) => ys.some((y) => sameNumber(x, y)))) return true;
    }
  }
  let citiesA = 0;
  let citiesB = 0;
  let common = false;
  for (const [id, kind] of a.entities) {
    if (kind !== 'city') continue;
    citiesA++;
    if (b.entities.get(id) === 'city') common = true;
  }
  if (citiesA === 0 || common) return false;
  for (const kind of b.entities.values()) if (kind === 'city') citiesB++;
  return citiesB > 0;
}

/** The similarity of two signatures that do not conflict (0 when nothing strong ties them). */
export function similarity(a: EventSignature, b: EventSignature): number {
  let shared = 0;
  let strong = false;
  for (const [id, kind] of a.entities) {
    if (b.entities.has(id)) {
      shared += entityWeight(kind);
      if (STRONG.has(kind)) strong = true;
    }
  }
  let smallCounts = 0;
  for (const x of a.numbers) {
    if (b.numbers.some((y) => sameNumber(x, y))) {
      if (x.unit === 'count' && x.value < 1000) smallCounts++;
      const y = b.numbers.find((n) => sameNumber(x, n))!;
      shared += Math.min(NUMBER_WEIGHT[x.unit], NUMBER_WEIGHT[y.unit]) + (x.value >= 1000 ? 1 : 0);
      if (x.unit !== 'month' && (x.unit !== 'count' || x.value >= 1000)) strong = true;
    }
  }
  let keywords = 0;
  if (a.keywords.size > 0 && b.keywords.size > 0) {
    let common = 0;
    const [small, large] = a.keywords.size <= b.keywords.size ? [a.keywords, b.keywords] : [b.keywords, a.keywords];
    for (const k of small) if (large.has(k)) common++;
    keywords = common / Math.max(small.size, 4);
  }
  // Several small figures in common ("30 days, 90 days in 180") tie as well as one large one.
  if (smallCounts >= 2) strong = true;
  if (!strong && keywords < 0.5) return 0;
  return shared / Math.max(MIN_MASS, Math.min(mass(a), mass(b))) + KEYWORD_WEIGHT * keywords;
}
