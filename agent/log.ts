import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * The one root logger of a process: NDJSON on the given stream (stdout for the daemon, stderr
 * for commands whose stdout is their output). Components take a child of it.
 */
export function createLogger(options: { level?: LevelWithSilent; destination?: 1 | 2 }): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'deepseaguard' },
      redact: ['password', '*.password', 'token', '*.token'],
    },
    pino.destination({ fd: options.destination ?? 1, sync: true }),
  );
}
