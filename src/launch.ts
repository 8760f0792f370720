import { existsSync } from 'node:fs';
import { type Bot, createBot } from './bot.js';
import { type Config, ConfigError, loadConfig, secretsOf } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { SecretRegistry } from './secrets.js';
import { checkSlackTokens, SlackTokenRefused } from './slack/start-check.js';
import { StoreStartError } from './store/start-errors.js';

/** Reads .env if there is one; settings already in the environment win. */
export function loadDotEnv(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}

/** Settings from the environment (and .env); exits with the message naming every bad one. */
export function configOrExit(overrides: NodeJS.ProcessEnv = {}): Config {
  loadDotEnv();
  try {
    return loadConfig({ ...process.env, ...overrides });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Asks Slack whether its tokens work, then builds the bot from its settings and starts it, with its jobs. */
export async function launchBot(config: Config): Promise<{ bot: Bot; logger: Logger }> {
  // One registry for the logger and the bot: the tokens the bot fetches later are scrubbed from the logs too.
  const secrets = new SecretRegistry(secretsOf(config));
  const logger = createLogger(secrets, undefined, config.logLevel);
  logUnhandledRejections(logger);
  await checkSlackTokens(config.slack, logger).catch((error: unknown) => exitIfSlackRefuses(error, logger));
  const bot = await createBot({
    slack: config.slack,
    twilio: config.twilio,
    dataFile: config.dataFile,
    slashCommand: config.slashCommand,
    settings: {
      resendMinMinutes: config.resendMinMinutes,
      maxResends: config.maxResends,
      sendersMinIntervalMs: config.sendersMinIntervalMs,
      bulkNameFirst: config.bulkNameFirst,
    },
    watch: config.watch,
    access: config.access,
    alertChannel: config.alertChannel,
    pollCron: config.pollCron,
    onboarding: config.onboarding,
    ackDeadlineMs: config.ackDeadlineMs,
    runCreateQueue: true,
    checkCredentials: true,
    store: config.databaseUrl ? { kind: 'postgres', databaseUrl: config.databaseUrl, postgres: { logger } } : undefined,
    logger,
    secrets,
  }).catch(exitIfStoreUnusable);
  // Taken before the bot starts: a signal during its start (resuming work, asking Twilio) stops it cleanly too.
  stopOnSignals(
    () => bot.stop(),
    logger,
    () => bot.store.closeNow(),
  );
  await bot.start();
  return { bot, logger };
}

/** A data file the bot must not use (unreadable, newer, locked by another bot) ends the process with one line saying why. */
function exitIfStoreUnusable(error: unknown): never {
  if (error instanceof StoreStartError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

/** A Slack token Slack refuses ends the process with one line naming the setting (and one log line), no stack trace. */
function exitIfSlackRefuses(error: unknown, logger: Logger): never {
  if (error instanceof SlackTokenRefused) {
    logger.error('Slack refuses a token; the bot does not start', { setting: error.setting, slackError: error.slackError });
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

/**
 * The last guard: a promise nobody waited for that failed is logged, and the bot goes on. Node
 * would otherwise end the process, and a supervisor restarting it would hit the same failure.
 */
function logUnhandledRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection (the bot goes on)', {
      error: reason instanceof Error ? reason.message : String(reason),
      stack: reason instanceof Error ? reason.stack : undefined,
    });
  });
}

/** On SIGTERM or SIGINT: stop taking work, finish or park what is in flight, write the store, exit; never longer than 10 s. */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger, beforeForcedExit: () => void = () => {}): void {
  let stopping = false;
  const onSignal = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    const force = setTimeout(() => {
      beforeForcedExit();
      process.exit(1);
    }, 10_000);
    force.unref();
    await stop().catch((e) => logger.error('stop failed', { error: (e as Error).message }));
    process.exit(0);
  };
  process.on('SIGTERM', () => void onSignal('SIGTERM'));
  process.on('SIGINT', () => void onSignal('SIGINT'));
}
