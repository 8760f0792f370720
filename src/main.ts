import { configOrExit, launchBot } from './launch.js';

const config = configOrExit();
const { bot, logger } = await launchBot(config);
logger.info(
  `bot ready (${config.slack.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${config.slack.port}`}), command ${config.slashCommand}, data in ${bot.store.kind === 'postgres' ? `PostgreSQL at ${bot.store.location}` : bot.store.location}`,
);
