// Timers driven by hand, so behaviour over minutes is tested in milliseconds.
import type { Timers } from '../../drivers/index.js';

export interface ManualTimers extends Timers {
  /** Runs what falls due within `ms`, in order, letting promises settle between. */
  advance(ms: number): Promise<void>;
  pending(): number;
}

export function manualTimers(startMs = 0): ManualTimers {
  let now = startMs;
  let nextId = 1;
  const due = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      due.set(nextId, { at: now + Math.max(0, ms), fn });
      return nextId++;
    },
    clearTimeout: (id) => void due.delete(id as number),
    pending: () => due.size,
    async advance(ms) {
      const end = now + ms;
      for (;;) {
        // let connection promises settle before looking at what is due
        await new Promise((resolve) => setImmediate(resolve));
        const next = [...due].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > end) break;
        due.delete(next[0]);
        now = next[1].at;
        next[1].fn();
      }
      now = end;
    },
  };
}
