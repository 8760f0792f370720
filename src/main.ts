import { existsSync } from 'node:fs';
import { createBot } from './bot.js';
import { ConfigError, loadConfig, secretsOf } from './config.js';
import { createLogger } from './logger.js';

async function main() {
  // Settings already in the environment win over the .env file.
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(secretsOf(config));
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
    runCreateQueue: true,
    logger,
  });
  await bot.start();
  logger.info(`bot ready (${config.slack.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${config.slack.port}`}), command ${config.slashCommand}, data in ${config.dataFile}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await bot.stop().catch((e) => logger.error('stop failed', { error: (e as Error).message }));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
