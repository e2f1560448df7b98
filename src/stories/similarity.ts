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

/** What comparisons read of a signature again and again, worked out once per signature. */
interface Derived {
  mass: number;
  /** The numbers of each unit in VETO_UNITS, in that order (undefined: none). */
  byVetoUnit: Array<EventNumber[] | undefined>;
  cities: string[];
}

// NOTE: a signature is compared with many others (every candidate story's members); a WeakMap keeps its derived
// figures as long as the signature lives, without a field on the public type.
const derivedOf = new WeakMap<EventSignature, Derived>();

function derived(signature: EventSignature): Derived {
  let found = derivedOf.get(signature);
  if (found) return found;
  let mass = 0;
  const cities: string[] = [];
  for (const [id, kind] of signature.entities) {
    mass += entityWeight(kind);
    if (kind === 'city') cities.push(id);
  }
  for (const n of signature.numbers) mass += NUMBER_WEIGHT[n.unit];
  const byVetoUnit = VETO_UNITS.map((unit) => {
    const xs = signature.numbers.filter((n) => n.unit === unit);
    return xs.length > 0 ? xs : undefined;
  });
  found = { mass, byVetoUnit, cities };
  derivedOf.set(signature, found);
  return found;
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
  const da = derived(a);
  const db = derived(b);
  if (a.numbers.length > 0 && b.numbers.length > 0) {
    for (let u = 0; u < VETO_UNITS.length; u++) {
      const xs = da.byVetoUnit[u];
      const ys = db.byVetoUnit[u];
      if (xs === undefined || ys === undefined) continue;
      if (!xs.some((x) => ys.some((y) => sameNumber(x, y)))) return true;
    }
  }
  if (da.cities.length === 0) return false;
  for (const id of da.cities) if (b.entities.get(id) === 'city') return false;
  return db.cities.length > 0;
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
  return shared / Math.max(MIN_MASS, Math.min(derived(a).mass, derived(b).mass)) + KEYWORD_WEIGHT * keywords;
}
