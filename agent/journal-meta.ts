// What it takes to read a stored raw journal again as it was read live: each feed's vehicle,
// USBL transponder map and decoding options, and the date and checksum settings. Replay and
// the daemon write it into the store's meta table; `replay --from-journal` reads it back.
import type { DecodeOptions } from '../drivers/index.js';

import type { FeedInfo } from './fusion.js';

export const JOURNAL_META_KEY = 'journal';

/**
 * The journal's name for the live agent's clock. Between readings the agent ticks the engine on
 * its clock; a tick that finds something (a feed gone stale) is journaled as an entry of this
 * feed whose text is the sensor time in ms, so that a re-run ticks at the same point of the data.
 * No feed can bear the name: configured names are ids without "/", and logs are named after
 * their files.
 */
export const CLOCK_FEED = '/clock';

export interface JournalFeed {
  name: string;
  vehicle: string;
  transponders: Record<string, string>;
  decode?: DecodeOptions;
}

export interface JournalMeta {
  /** The vehicle of a feed the list does not name. */
  vehicle: string;
  defaultDateMs: number | null;
  requireChecksum: boolean;
  feeds: JournalFeed[];
}

export function journalFeed(feed: FeedInfo): JournalFeed {
  return {
    name: feed.name,
    vehicle: feed.vehicle,
    transponders: Object.fromEntries(feed.transponders ?? []),
    ...(feed.decode ? { decode: feed.decode } : {}),
  };
}

/** The feeds of a journal as fusion wants them, by name. */
export function feedsOf(meta: JournalMeta): (name: string) => FeedInfo {
  const byName = new Map<string, FeedInfo>(
    meta.feeds.map((f) => [
      f.name,
      {
        name: f.name,
        vehicle: f.vehicle,
        transponders: new Map(Object.entries(f.transponders)),
        ...(f.decode ? { decode: f.decode } : {}),
      },
    ]),
  );
  return (name) => {
    let feed = byName.get(name);
    if (!feed) {
      feed = { name, vehicle: meta.vehicle };
      byName.set(name, feed);
    }
    return feed;
  };
}
