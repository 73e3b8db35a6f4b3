// `deepseaguard run --config FILE`: the agent daemon, until SIGTERM or SIGINT.
import { Daemon } from '../daemon.js';

export async function runCommand(options: { config: string }, version = '0.0.0'): Promise<number> {
  const daemon = await Daemon.start({ configPath: options.config, version, env: process.env });
  const stop = (signal: string) => () => void daemon.stop(signal);
  process.once('SIGTERM', stop('SIGTERM'));
  process.once('SIGINT', stop('SIGINT'));
  process.on('SIGHUP', () => void daemon.reload('SIGHUP'));
  const code = await daemon.done;
  // anything a library left open must not keep a stopped agent alive
  setTimeout(() => process.exit(code), 500).unref();
  return code;
}
