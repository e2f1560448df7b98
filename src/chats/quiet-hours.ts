import { DateTime } from 'luxon';

/** A chat's quiet hours: instant alerts between `from` and `to` (HH:MM in the chat's zone) wait until `to`. */
export interface QuietHours {
  from: string;
  to: string;
}

/** What /quiet asks for. */
export type QuietCommand = { kind: 'show' } | { kind: 'off' } | { kind: 'set'; quiet: QuietHours } | { kind: 'invalid' };

function time(text: string): string | undefined {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** Parses "/quiet HH:MM-HH:MM" (also with spaces or an en dash), "/quiet off", or "/quiet" alone. */
export function parseQuietArgs(args: readonly string[]): QuietCommand {
  const text = args.join(' ').trim().toLowerCase();
  if (text === '') return { kind: 'show' };
  if (text === 'off' || text === 'stop') return { kind: 'off' };
  const parts = text.split(/\s*[-–—]\s*|\s+/).filter(Boolean);
  if (parts.length !== 2) return { kind: 'invalid' };
  const from = time(parts[0]!);
  const to = time(parts[1]!);
  if (!from || !to || from === to) return { kind: 'invalid' };
  return { kind: 'set', quiet: { from, to } };
}

/** The stored form: "HH:MM-HH:MM", empty for none. */
export function formatQuietSpec(quiet: QuietHours | undefined): string {
  return quiet ? `${quiet.from}-${quiet.to}` : '';
}

/** Reads quiet hours back from their stored form. */
export function parseQuietSpec(spec: string | undefined): QuietHours | undefined {
  const parsed = parseQuietArgs(spec ? [spec] : []);
  return parsed.kind === 'set' ? parsed.quiet : undefined;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** True when `now` falls inside the quiet hours in the zone (a window may run past midnight, e.g. 22:00-07:00). */
export function isQuietAt(quiet: QuietHours | undefined, zone: string, now: number): boolean {
  if (!quiet) return false;
  const local = DateTime.fromMillis(now, { zone });
  const m = local.hour * 60 + local.minute;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  return from < to ? m >= from && m < to : m >= from || m < to;
}
