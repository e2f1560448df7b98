import { startApp, type Roles } from './start-app';
import { ConfigError, loadConfig } from '../src/config/config';
import { createLogger } from '../src/observability/logger';

/** Bounds the whole shutdown: jobs in flight get this long to finish. */
const SHUTDOWN_TIMEOUT_MS = 25_000;

/** Reads the roles to run from the command line: --bot, --worker, or both when neither is given. */
function rolesFrom(argv: readonly string[]): Roles {
  const bot = argv.includes('--bot');
  const worker = argv.includes('--worker');
  return bot || worker ? { bot, worker } : { bot: true, worker: true };
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${error.message}\nSee .env.example and README.md for every setting.`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, secrets: config.telegram.token ? [config.telegram.token] : [] });
  const roles = rolesFrom(process.argv.slice(2));
  let app;
  try {
    app = await startApp(config, roles, logger);
  } catch (error) {
    logger.fatal({ err: error }, `start-up failed: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  logger.info({ roles, url: app.url }, 'silkwire started');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    app
      .stop(signal)
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
