import type { StorageError } from './storage-error.js';

/**
 * The data file cannot be used, so the bot must not start. Its message is one line that says why
 * and what to do; it is shown as it is, without a stack trace.
 */
export class StoreStartError extends Error {}

export class StoreUnreadableError extends StoreStartError {
  constructor(file: string, reason: string) {
    super(`The data file ${file} cannot be read: ${reason}. It was left untouched; restore it from a backup or move it away to start with an empty store.`);
  }
}

export class StoreUnwritableError extends StoreStartError {
  constructor(file: string, problem: StorageError) {
    super(`The data file ${file} cannot be written: ${problem.plainCause}. ${capitalised(problem.remedy)}, then start the bot again.`);
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
