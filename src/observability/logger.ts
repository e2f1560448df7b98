import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Options for createLogger: the level, the secrets to scrub, and where lines go (stdout by default). */
export interface LoggerOptions {
  level: string;
  /** Strings that must never reach a log line (the bot token); each is replaced by "[redacted]". */
  secrets?: readonly string[];
  destination?: { write(line: string): unknown };
  base?: Record<string, unknown>;
}

/** Returns every form in which a secret may appear in text (as is, and URL-encoded). */
function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 8) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/** Creates the process's pino logger; every line passes through a scrubber that removes the given secrets. */
export function createLogger(options: LoggerOptions): Logger {
  const forms = secretForms(options.secrets ?? []);
  const out = options.destination ?? process.stdout;
  const stream: DestinationStream = {
    write(line: string) {
      let clean = line;
      for (const form of forms) clean = clean.split(form).join('[redacted]');
      out.write(clean);
    },
  };
  return pino(
    {
      level: options.level,
      base: options.base ?? { app: 'silkwire' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: pino.stdSerializers.err },
    },
    stream,
  );
}
