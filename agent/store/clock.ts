import type { StoreClock } from './types.js';

/**
 * The wall clock and Node's timers. Timers are unref'd: a pending batch never keeps a process
 * alive, because `close()` writes it.
 */
export const systemClock: StoreClock = {
  now: () => Date.now(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
