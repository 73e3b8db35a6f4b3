// Dating of sensor time (DESIGN.md §3): RMC, ZDA and PTSAG state a date; GGA, GLL, GNS and the
// USBL sentences state only a time of day, dated by the feed's last date, rolling over at
// midnight, or by a date the user supplies when the log has none.
import type { SensorTime } from '../drivers/index.js';

export const DAY_MS = 86_400_000;
const HALF_DAY_MS = DAY_MS / 2;

/** What a feed knows of the calendar: the last stated date and time of day. */
export class FeedClock {
  #dateMs: number | null;
  #lastTimeOfDayMs: number | null = null;
  /** The feed's latest sensor time, for readings that carry no time of their own. */
  latestMs: number | null = null;

  constructor(defaultDateMs: number | null) {
    this.#dateMs = defaultDateMs;
  }

  get hasDate(): boolean {
    return this.#dateMs !== null;
  }

  /**
   * Takes the calendar of another feed of the same agent: a USBL or INS feed that states only
   * times of day is dated by the GNSS feed's date.
   */
  adopt(other: FeedClock): void {
    if (this.#dateMs !== null || other.#dateMs === null) return;
    this.#dateMs = other.#dateMs;
    this.#lastTimeOfDayMs = other.#lastTimeOfDayMs;
  }

  /**
   * The epoch time of a reading, or null when it has no time or no date can be given to it.
   * A stated date resets the calendar; a time of day more than 12 h before the previous one
   * means midnight passed.
   */
  date(time: SensorTime): number | null {
    const tod = time.timeOfDayMs;
    if (tod === null) return null;
    if (time.dateMs !== null) {
      this.#dateMs = time.dateMs;
    } else if (this.#dateMs !== null && this.#lastTimeOfDayMs !== null) {
      if (tod < this.#lastTimeOfDayMs - HALF_DAY_MS) this.#dateMs += DAY_MS;
    }
    this.#lastTimeOfDayMs = tod;
    if (this.#dateMs === null) return null;
    const ms = this.#dateMs + tod;
    this.latestMs = ms;
    return ms;
  }

  /**
   * Dates a time of day seen before the first date arrived, relative to that date: a time of
   * day far after the first dated one belongs to the day before.
   */
  dateBackwards(timeOfDayMs: number): number | null {
    if (this.#dateMs === null || this.#lastTimeOfDayMs === null) return null;
    const dayMs = timeOfDayMs > this.#lastTimeOfDayMs + HALF_DAY_MS ? -DAY_MS : 0;
    return this.#dateMs + dayMs + timeOfDayMs;
  }
}
