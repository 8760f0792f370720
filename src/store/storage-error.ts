/** A write of the data file failed: the disk is full, the file or its folder cannot be written, ... */
export class StorageError extends Error {
  readonly code?: string;

  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    super(`could not write ${file}: ${(cause as Error | undefined)?.message ?? String(cause)}`, { cause });
    this.code = code;
  }

  /** The cause in words a person on call understands. */
  get plainCause(): string {
    switch (this.code) {
      case 'ENOSPC':
        return 'the disk is full';
      case 'EDQUOT':
        return 'the disk quota is used up';
      case 'EROFS':
        return 'the file system is read-only';
      case 'EACCES':
      case 'EPERM':
        return 'the data file or its folder is read-only for the bot';
      case 'EIO':
        return 'the disk reports input/output errors';
      default:
        return `writing fails (${(this.cause as Error | undefined)?.message ?? this.message})`;
    }
  }

  /** What to do about it. */
  get remedy(): string {
    switch (this.code) {
      case 'ENOSPC':
      case 'EDQUOT':
        return 'free disk space';
      case 'EROFS':
      case 'EACCES':
      case 'EPERM':
        return 'make the data file and its folder writable';
      default:
        return 'check the disk';
    }
  }
}

export const toStorageError = (file: string, error: unknown): StorageError => (error instanceof StorageError ? error : new StorageError(file, error));
