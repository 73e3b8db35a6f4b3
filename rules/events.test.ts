import { describe, expect, it } from 'vitest';

import { canonicalEventJson, eventPosition, roundDetail, stampEvent } from './events.js';
import type { EventDraft } from './types.js';

const draft: EventDraft = {
  timeMs: Date.UTC(2022, 9, 15, 14, 23, 5),
  vehicle: 'collector-1',
  kind: 'violation.opened',
  severity: 'critical',
  rule: 'apei-keep-out',
  zone: 'apei-11',
  position: { lat: 9.741200049, lon: -116.90210004, depth_m: 4795.24 },
  detail: { distance_m: 12.345, limit_s: 600.04, sog_kn: 1.23456, note: 'x', count: 3.14159 },
};

describe('stampEvent', () => {
  it('gives the event of DESIGN.md §6, keys in contract order', () => {
    const event = stampEvent(draft, { seq: 42, agentId: 'nori', ruleset: 'sha256:9f2c' });

    expect(JSON.stringify(event)).toBe(
      '{"id":"nori:42","seq":42,"time":"2022-10-15T14:23:05.000Z","vehicle":"collector-1",' +
        '"kind":"violation.opened","severity":"critical","rule":"apei-keep-out",' +
        '"zone":"apei-11","position":{"lat":9.7412,"lon":-116.9021,"depth_m":4795.2},' +
        '"detail":{"distance_m":12.3,"limit_s":600,"sog_kn":1.23,"note":"x","count":3.14159},' +
        '"ruleset":"sha256:9f2c"}',
    );
  });

  it('keeps null rule, zone and position', () => {
    const bare: EventDraft = { ...draft, rule: null, zone: null, position: null, detail: {} };

    const event = stampEvent(bare, { seq: 1, agentId: 'a', ruleset: 'sha256:0' });

    expect(event).toMatchObject({ rule: null, zone: null, position: null, detail: {} });
  });
});

describe('eventPosition', () => {
  it('rounds lat and lon to 7 decimals and depth to 0.1 m, leaving out unknown depth', () => {
    expect(eventPosition(10.123456789, -116.98765432, 4800.06)).toEqual({
      lat: 10.1234568,
      lon: -116.9876543,
      depth_m: 4800.1,
    });
    expect(eventPosition(-0.00000001, 0, null)).toEqual({ lat: 0, lon: 0 });
  });
});

describe('roundDetail', () => {
  it('rounds by unit suffix and drops undefined values', () => {
    const detail = { sog_mps: 0.12345, dwell_s: 59.96, depth_m: undefined, gap_s: -0.04 };

    expect(roundDetail(detail)).toEqual({ sog_mps: 0.12, dwell_s: 60, gap_s: 0 });
  });
});

describe('canonicalEventJson', () => {
  it('is the same text whatever order the keys come in', () => {
    const event = stampEvent(draft, { seq: 42, agentId: 'nori', ruleset: 'sha256:9f2c' });
    const shuffled = JSON.parse(
      JSON.stringify({
        ruleset: event.ruleset,
        detail: { sog_kn: 1.23, note: 'x', limit_s: 600, count: 3.14159, distance_m: 12.3 },
        position: { depth_m: 4795.2, lon: -116.9021, lat: 9.7412 },
        zone: event.zone,
        rule: event.rule,
        severity: event.severity,
        kind: event.kind,
        vehicle: event.vehicle,
        time: event.time,
        seq: event.seq,
        id: event.id,
      }),
    );

    expect(canonicalEventJson(shuffled)).toBe(canonicalEventJson(event));
    expect(canonicalEventJson(event)).toBe(
      '{"id":"nori:42","seq":42,"time":"2022-10-15T14:23:05.000Z","vehicle":"collector-1",' +
        '"kind":"violation.opened","severity":"critical","rule":"apei-keep-out",' +
        '"zone":"apei-11","position":{"lat":9.7412,"lon":-116.9021,"depth_m":4795.2},' +
        '"detail":{"count":3.14159,"distance_m":12.3,"limit_s":600,"note":"x","sog_kn":1.23},' +
        '"ruleset":"sha256:9f2c"}',
    );
  });
});
