/**
 * Zone and vehicle selectors of a rule (DESIGN.md §5): zone ids, `*` globs on ids, `kind:WORD`;
 * vehicle globs.
 */
import type { Zone } from './types.js';

const KIND_PREFIX = 'kind:';

/** A matcher for a glob where `*` stands for any run of characters (possibly empty). */
export function globMatcher(glob: string): (text: string) => boolean {
  if (!glob.includes('*')) return (text) => text === glob;

  const escaped = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`^${escaped.join('.*')}$`);
  return (text) => pattern.test(text);
}

/** A matcher for one zone selector: an id, an id glob, or `kind:WORD`. */
export function zoneSelectorMatcher(selector: string): (zone: Zone) => boolean {
  if (selector.startsWith(KIND_PREFIX)) {
    const kind = selector.slice(KIND_PREFIX.length);
    return (zone) => zone.kind === kind;
  }
  const matchId = globMatcher(selector);
  return (zone) => matchId(zone.id);
}

/** The zones any of the selectors match, in the order of `zones` (file order). */
export function selectZones(selectors: readonly string[], zones: readonly Zone[]): Zone[] {
  const matchers = selectors.map(zoneSelectorMatcher);
  return zones.filter((zone) => matchers.some((matches) => matches(zone)));
}

/** A matcher for a vehicle id against a list of globs; null globs match every vehicle. */
export function vehicleMatcher(globs: readonly string[] | null): (vehicle: string) => boolean {
  if (globs === null) return () => true;
  const matchers = globs.map(globMatcher);
  return (vehicle) => matchers.some((matches) => matches(vehicle));
}
