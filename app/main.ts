import { startApp, type App, type Roles } from './start-app';
import { ConfigError, loadConfig, type Config } from '../src/config/config';
import { createLogger, type Logger } from '../src/observability/logger';

/** Bounds the whole shutdown: updates and jobs in flight get this long to finish (compose's stop_grace_period is 30 s). */
const SHUTDOWN_TIMEOUT_MS = 25_000;

/** Reads the roles to run from the command line: --bot, --worker, or both when neither is given. */
function rolesFrom(argv: readonly string[]): Roles {
  const bot = argv.includes('--bot');
  const worker = argv.includes('--worker');
  return bot || worker ? { bot, worker } : { bot: true, worker: true };
}

/** Parses the environment, or prints every problem and exits 2. */
function configFrom(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${error.message}\nSee .env.example and README.md for every setting.`);
      process.exit(2);
    }
    throw error;
  }
}

function isMissingPackage(error: unknown, name: string): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && error instanceof Error && error.message.includes(name);
}

/**
 * With no bot token: the playground (a dev-only workspace package) starts its Bot API emulator and page on PORT, then
 * Silkwire in this process with TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT set to the emulator's and its own HTTP
 * server on a free port.
 */
async function startPlayground(config: Config, roles: Roles, logger: Logger): Promise<App> {
  const name = '@silkwire/telegram-emulator';
  let playground;
  try {
    playground = await import('@silkwire/telegram-emulator/playground');
  } catch (error) {
    if (!isMissingPackage(error, name)) throw error;
    console.error(
      'TELEGRAM_BOT_TOKEN is not set. Set it to the token @BotFather gave your bot.\n' +
        `(Without a token, npm start runs the playground, but ${name} is not installed here: it is a development tool, left out of production installs and the Docker image.)`,
    );
    process.exit(2);
  }
  const running = await playground.startPlayground({
    port: config.http.port,
    host: config.http.host,
    logger,
    startApp: ({ token, apiRoot }) =>
      startApp(configFrom({ ...process.env, TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: apiRoot, PORT: '0' }), roles, logger),
  });
  return { url: running.url, stop: (reason) => running.stop(reason) };
}

async function main(): Promise<void> {
  const config = configFrom(process.env);
  const secrets = [config.telegram.token, config.webhook?.secret, config.admin.token].filter((s): s is string => Boolean(s));
  const logger = createLogger({ level: config.logLevel, secrets });
  const roles = rolesFrom(process.argv.slice(2));
  let app: App | undefined;
  let stopping = false;
  const stop = (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    (app ? app.stop(reason) : Promise.resolve())
      .then(() => process.exit(exitCode))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  // A failure the process cannot recover from (e.g. polling refused with 401): stop in order, then exit 1.
  const onFatal = (error: Error) => {
    logger.fatal({ err: error }, `cannot go on: ${error.message}`);
    stop('fatal', 1);
  };
  try {
    app = config.telegram.token ? await startApp(config, roles, logger, { onFatal }) : await startPlayground(config, roles, logger);
  } catch (error) {
    logger.fatal({ err: error }, `start-up failed: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  logger.info({ roles, url: app.url }, 'silkwire started');
  if (stopping) return;
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
