import { z } from 'zod';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const integerFrom = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

const httpUrl = (name: string) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    }, `${name} must be an http(s) URL`)
    .transform((value) => value.replace(/\/+$/, ''));

const schema = z.object({
  TELEGRAM_BOT_TOKEN: z
    .string()
    .trim()
    .regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then 20+ characters)')
    .optional(),
  TELEGRAM_API_ROOT: httpUrl('TELEGRAM_API_ROOT').default('https://api.telegram.org'),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://')
    .optional(),
  REDIS_CLUSTER_NODES: z
    .string()
    .trim()
    .refine(
      (value) => value.split(',').every((part) => parseClusterNode(part.trim()) !== undefined),
      'REDIS_CLUSTER_NODES must be host:port entries separated by commas (or redis:// and rediss:// URLs)',
    )
    .optional(),
  REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_{}.-]+$/, 'REDIS_PREFIX may hold letters, digits, _ . - { } only (no colon or space)')
    .default('silkwire'),
  FEEDS_FILE: optionalString,
  FEED_POLL_SECONDS: integerFrom('FEED_POLL_SECONDS', 1, 86_400).default(600),
  FEED_TIMEOUT_SECONDS: integerFrom('FEED_TIMEOUT_SECONDS', 1, 300).default(20),
  FEED_MAX_BYTES: integerFrom('FEED_MAX_BYTES', 1024, 100 * 1024 * 1024).default(5 * 1024 * 1024),
  FEED_MAX_ITEMS: integerFrom('FEED_MAX_ITEMS', 1, 10_000).default(100),
  INGEST_THREADS: integerFrom('INGEST_THREADS', 0, 64).default(1),
  ARTICLE_RETENTION_DAYS: integerFrom('ARTICLE_RETENTION_DAYS', 1, 365).default(14),
  PORT: integerFrom('PORT', 0, 65_535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  WEBHOOK_URL: httpUrl('WEBHOOK_URL').optional(),
  WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'WEBHOOK_SECRET must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  ADMIN_TOKEN: z.string().trim().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  ADMIN_IDS: z
    .string()
    .trim()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'ADMIN_IDS must be Telegram user ids separated by commas')
    .optional(),
  ALLOW_PRIVATE_SOURCES: z.enum(['0', '1', 'true', 'false'], { error: 'ALLOW_PRIVATE_SOURCES must be 1 or 0' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TELEGRAM_RATE_LIMIT: z
    .string()
    .trim()
    .refine(
      (value) => value === 'off' || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 1000),
      'TELEGRAM_RATE_LIMIT must be a whole number from 1 to 1000, or off (only for a local Bot API test server or emulator)',
    )
    .transform((value) => (value === 'off' ? ('off' as const) : Number(value)))
    .default(30),
  TELEGRAM_PAID_BROADCAST_RATE: integerFrom('TELEGRAM_PAID_BROADCAST_RATE', 1, 1000).optional(),
  TELEGRAM_CALL_TIMEOUT_MS: integerFrom('TELEGRAM_CALL_TIMEOUT_MS', 100, 30_000).default(30_000),
  JOB_LOCK_SECONDS: integerFrom('JOB_LOCK_SECONDS', 1, 600).default(30),
  DIGEST_DEFAULT_TIMES: z
    .string()
    .trim()
    .refine(
      (value) => value.split(',').every((part) => HHMM.test(part.trim())) && value.split(',').length <= 6,
      'DIGEST_DEFAULT_TIMES must be up to 6 times like 08:00 or 08:00,18:30',
    )
    .default('08:00'),
  DIGEST_MAX_AGE_HOURS: integerFrom('DIGEST_MAX_AGE_HOURS', 1, 720).default(48),
});

/** Parses one REDIS_CLUSTER_NODES entry: host:port, or a redis(s):// URL that may carry a user and password. */
function parseClusterNode(entry: string): { host: string; port: number; username?: string; password?: string; tls: boolean } | undefined {
  let url: URL;
  try {
    url = new URL(/^rediss?:\/\//.test(entry) ? entry : `redis://${entry}`);
  } catch {
    return undefined;
  }
  const port = Number(url.port);
  if (!url.hostname || !Number.isInteger(port) || port < 1 || port > 65_535 || (url.pathname !== '' && url.pathname !== '/')) return undefined;
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    tls: url.protocol === 'rediss:',
  };
}

/** The seed nodes of REDIS_CLUSTER_NODES; the first entry that names a user, a password or rediss:// sets them for all. */
/** One seed node of a Redis Cluster, as parsed from REDIS_CLUSTER_NODES. */
export interface ClusterNode {
  host: string;
  port: number;
}

/** How to reach a Redis Cluster: the seed nodes (the rest are discovered) and the credentials they share. */
export interface ClusterSettings {
  readonly nodes: readonly ClusterNode[];
  readonly username?: string | undefined;
  readonly password?: string | undefined;
  readonly tls?: boolean | undefined;
}

function clusterSettings(value: string): ClusterSettings {
  const nodes = value.split(',').map((part) => parseClusterNode(part.trim())!);
  const withAuth = nodes.find((node) => node.password !== undefined || node.username !== undefined);
  const settings: ClusterSettings = {
    nodes: Object.freeze(nodes.map((node) => Object.freeze({ host: node.host, port: node.port }))),
    tls: nodes.some((node) => node.tls),
    ...(withAuth?.username ? { username: withAuth.username } : {}),
  };
  // NOTE: the password is non-enumerable, like the bot token, so that logging the config never prints it.
  if (withAuth?.password) Object.defineProperty(settings, 'password', { value: withAuth.password, enumerable: false });
  return Object.freeze(settings);
}

/** True when a key prefix holds a Redis Cluster hash tag: the text between its first `{` and the next `}` is not empty. */
export function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{');
  if (open < 0) return false;
  const close = prefix.indexOf('}', open + 1);
  return close > open + 1;
}

/** The validated, frozen settings of one Silkwire process. */
export interface Config {
  /** No token means the playground: the built-in Bot API emulator and a chat page stand in for Telegram. */
  readonly telegram: {
    readonly token: string | undefined;
    readonly apiRoot: string;
    /** 'off' (TELEGRAM_RATE_LIMIT=off, refused against api.telegram.org): no global pace, only one a second per chat. */
    readonly rateLimitPerSecond: number | 'off';
    /** Off (undefined) by default; when set, digests and alerts go with allow_paid_broadcast at this rate (Telegram charges Stars). */
    readonly paidBroadcastRate: number | undefined;
    /** A Bot API call without an answer after this long is abandoned and retried as a transient error. */
    readonly callTimeoutMs: number;
  };
  /** `url` undefined means: use 127.0.0.1:6379 if it answers, else start a private redis-server. */
  readonly redis: {
    readonly url: string | undefined;
    readonly prefix: string;
    /** Set by REDIS_CLUSTER_NODES: Silkwire then talks to a Redis Cluster (and REDIS_URL is not used). */
    readonly cluster: ClusterSettings | undefined;
  };
  readonly http: { readonly port: number; readonly host: string };
  readonly webhook: { readonly url: string; readonly secret: string } | undefined;
  readonly admin: { readonly token: string | undefined; readonly ids: readonly number[]; readonly allowPrivateSources: boolean };
  readonly feeds: {
    readonly file: string | undefined;
    readonly pollSeconds: number;
    readonly timeoutMs: number;
    readonly maxBytes: number;
    /** Only the newest this many items of a feed document are read; the rest are counted as dropped. */
    readonly maxItems: number;
    /** Worker threads that decode, parse and classify fetched feeds, off the event loop that paces sends (0: in-process). */
    readonly ingestThreads: number;
  };
  readonly articles: { readonly retentionMs: number };
  /** `maxAgeMs`: a digest or alert never carries an article published (or first seen) longer ago. */
  readonly digest: { readonly defaultTimes: readonly string[]; readonly maxAgeMs: number };
  /** How long a worker holds a job before another may take it over (after a crash). */
  readonly jobs: { readonly lockSeconds: number };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Thrown by loadConfig with every problem found, each naming its variable. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses the environment into a Config, reporting every bad or missing variable at once. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    // NOTE: issues never echo the input value, so a malformed token is not printed.
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'environment');
      return issue.message.includes(key) ? issue.message : `${key}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  if (e.WEBHOOK_URL && !e.WEBHOOK_SECRET) throw new ConfigError(['WEBHOOK_SECRET is required with WEBHOOK_URL (16+ characters of A-Z, a-z, 0-9, _ and -)']);
  if (e.REDIS_CLUSTER_NODES && e.REDIS_URL) throw new ConfigError(['Set either REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both']);
  if (e.REDIS_CLUSTER_NODES && !hasHashTag(e.REDIS_PREFIX)) {
    throw new ConfigError([
      `REDIS_PREFIX must hold a hash tag in Redis Cluster, e.g. REDIS_PREFIX={${e.REDIS_PREFIX.replace(/[{}]/g, '') || 'silkwire'}}: BullMQ's Lua scripts touch several keys of a queue at once, and only keys that share a hash tag live in one slot`,
    ]);
  }
  // NOTE: without a token the playground's built-in emulator stands in for Telegram, so off is fine there.
  if (e.TELEGRAM_RATE_LIMIT === 'off' && e.TELEGRAM_BOT_TOKEN && new URL(e.TELEGRAM_API_ROOT).hostname.toLowerCase() === 'api.telegram.org') {
    throw new ConfigError([
      'TELEGRAM_RATE_LIMIT=off is only for a local Bot API test server or emulator (set TELEGRAM_API_ROOT to it); api.telegram.org answers bursts with 429, so give a rate from 1 to 1000',
    ]);
  }
  if (e.WEBHOOK_URL && !e.TELEGRAM_BOT_TOKEN) throw new ConfigError(['WEBHOOK_URL needs TELEGRAM_BOT_TOKEN (the playground has no webhook)']);
  return Object.freeze({
    telegram: Object.freeze(
      // NOTE: the token is non-enumerable so that logging or serialising the config never prints it.
      Object.defineProperty(
        {
          apiRoot: e.TELEGRAM_API_ROOT,
          rateLimitPerSecond: e.TELEGRAM_RATE_LIMIT,
          paidBroadcastRate: e.TELEGRAM_PAID_BROADCAST_RATE,
          callTimeoutMs: e.TELEGRAM_CALL_TIMEOUT_MS,
        },
        'token',
        { value: e.TELEGRAM_BOT_TOKEN, enumerable: false },
      ) as Config['telegram'],
    ),
    redis: Object.freeze({ url: e.REDIS_URL, prefix: e.REDIS_PREFIX, cluster: e.REDIS_CLUSTER_NODES ? clusterSettings(e.REDIS_CLUSTER_NODES) : undefined }),
    http: Object.freeze({ port: e.PORT, host: e.HOST }),
    webhook: e.WEBHOOK_URL && e.WEBHOOK_SECRET ? Object.freeze({ url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET }) : undefined,
    admin: Object.freeze({
      token: e.ADMIN_TOKEN,
      ids: Object.freeze((e.ADMIN_IDS ?? '').split(',').map((id) => id.trim()).filter(Boolean).map(Number)),
      allowPrivateSources: e.ALLOW_PRIVATE_SOURCES === '1' || e.ALLOW_PRIVATE_SOURCES === 'true',
    }),
    feeds: Object.freeze({
      file: e.FEEDS_FILE,
      pollSeconds: e.FEED_POLL_SECONDS,
      timeoutMs: e.FEED_TIMEOUT_SECONDS * 1000,
      maxBytes: e.FEED_MAX_BYTES,
      maxItems: e.FEED_MAX_ITEMS,
      ingestThreads: e.INGEST_THREADS,
    }),
    articles: Object.freeze({ retentionMs: e.ARTICLE_RETENTION_DAYS * 86_400_000 }),
    digest: Object.freeze({
      defaultTimes: Object.freeze(e.DIGEST_DEFAULT_TIMES.split(',').map((t) => t.trim())),
      maxAgeMs: e.DIGEST_MAX_AGE_HOURS * 3_600_000,
    }),
    jobs: Object.freeze({ lockSeconds: e.JOB_LOCK_SECONDS }),
    logLevel: e.LOG_LEVEL,
  });
}
