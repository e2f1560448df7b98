/** Splits an age in milliseconds into the largest sensible unit, for catalogues to phrase. */
export function ageParts(ms: number): { unit: 'now' | 'minute' | 'hour' | 'day' | 'month' | 'year'; n: number } {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return { unit: 'now', n: 0 };
  if (minutes < 60) return { unit: 'minute', n: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return { unit: 'hour', n: hours };
  const days = Math.floor(hours / 24);
  if (days < 60) return { unit: 'day', n: days };
  if (days < 730) return { unit: 'month', n: Math.floor(days / 30) };
  return { unit: 'year', n: Math.floor(days / 365) };
}

/** Picks the Russian plural form (one, few, many) for n. */
export function russianPlural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
}
