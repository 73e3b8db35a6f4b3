/**
 * Events in the exact shape of DESIGN.md §6: rounding that keeps them deterministic and readable,
 * stamping a draft with its sequence number, and the canonical JSON the store's hash chain uses.
 */
import { sortedJson } from './ruleset.js';
import type { ComplianceEvent, EventDraft, EventPosition } from './types.js';

/** Decimal places kept for detail numbers, by the unit suffix of their key. */
const DETAIL_DECIMALS: [suffix: string, decimals: number][] = [
  ['_mps', 2],
  ['_kn', 2],
  ['_deg', 7],
  ['_m', 1],
  ['_s', 1],
];

export function roundTo(value: number, decimals: number): number {
  const scale = 10 ** decimals;
  const rounded = Math.round(value * scale) / scale;
  return rounded === 0 ? 0 : rounded;
}

/** An event position: lat/lon to 7 decimals (about 1 cm), depth to 0.1 m when known. */
export function eventPosition(
  latDeg: number,
  lonDeg: number,
  depthM: number | null,
): EventPosition {
  const position: EventPosition = { lat: roundTo(latDeg, 7), lon: roundTo(lonDeg, 7) };
  if (depthM !== null) position.depth_m = roundTo(depthM, 1);
  return position;
}

/** Detail with numbers rounded by their key's unit: 0.1 m, 0.1 s, 0.01 kn and m/s. */
export function roundDetail(detail: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'number' ? roundByKey(key, value) : value;
  }
  return out;
}

function roundByKey(key: string, value: number): number {
  const rule = DETAIL_DECIMALS.find(([suffix]) => key.endsWith(suffix));
  return rule === undefined ? value : roundTo(value, rule[1]);
}

export interface StampOptions {
  seq: number;
  agentId: string;
  /** The `sha256:` ruleset hash in force. */
  ruleset: string;
}

/** A draft made into an event: id, seq and ruleset added, time as ISO 8601 with milliseconds. */
export function stampEvent(draft: EventDraft, options: StampOptions): ComplianceEvent {
  const position = draft.position;
  return {
    id: `${options.agentId}:${options.seq}`,
    seq: options.seq,
    time: new Date(draft.timeMs).toISOString(),
    vehicle: draft.vehicle,
    kind: draft.kind,
    severity: draft.severity,
    rule: draft.rule,
    zone: draft.zone,
    position:
      position === null
        ? null
        : eventPosition(position.lat, position.lon, position.depth_m ?? null),
    detail: roundDetail(draft.detail),
    ruleset: options.ruleset,
  };
}

/**
 * The event's canonical JSON: top-level keys in the order of DESIGN.md §6, position as lat, lon,
 * depth_m, and detail keys sorted at every level. Whatever order a store or a parser gives the
 * keys back in, the same event gives the same text and so the same chain hash.
 */
export function canonicalEventJson(event: ComplianceEvent): string {
  const position = event.position === null ? null : canonicalPosition(event.position);
  const fields: [string, string][] = [
    ['id', JSON.stringify(event.id)],
    ['seq', JSON.stringify(event.seq)],
    ['time', JSON.stringify(event.time)],
    ['vehicle', JSON.stringify(event.vehicle)],
    ['kind', JSON.stringify(event.kind)],
    ['severity', JSON.stringify(event.severity)],
    ['rule', JSON.stringify(event.rule)],
    ['zone', JSON.stringify(event.zone)],
    ['position', JSON.stringify(position)],
    ['detail', sortedJson(event.detail)],
    ['ruleset', JSON.stringify(event.ruleset)],
  ];
  return `{${fields.map(([key, json]) => `"${key}":${json}`).join(',')}}`;
}

function canonicalPosition(position: EventPosition): EventPosition {
  const out: EventPosition = { lat: position.lat, lon: position.lon };
  if (position.depth_m !== undefined) out.depth_m = position.depth_m;
  return out;
}
