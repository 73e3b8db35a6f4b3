import { describe, expect, it } from 'vitest';

import { decodeLine, type HeadingReading } from '../../drivers/index.js';
import { parseMission } from '../mission.js';
import { simulate } from '../simulate.js';

describe('headingModel', () => {
  it('gives the true heading with the configured noise, wrapped to [0, 360)', () => {
    const m = parseMission(
      `
name: hdt
start: 2022-10-15T14:00:00Z
duration_s: 1999
vehicles:
  - id: ship
    kind: vessel
    start: { lat: 9.94, lon: -116.9, heading_deg: 0 }
    sensors: [{ type: heading, sigma_deg: 0.5 }]
`,
      'm.yaml',
    );
    const headings = (simulate(m, 4).feeds[0]?.lines ?? []).map((l) => {
      const r = decodeLine(l.text);
      return r.ok ? (r.reading as HeadingReading).headingDeg : NaN;
    });
    const signed = headings.map((h) => (h >= 180 ? h - 360 : h));
    const sd = Math.sqrt(signed.reduce((a, b) => a + b * b, 0) / signed.length);

    expect(headings.every((h) => h >= 0 && h < 360)).toBe(true);
    expect(headings.some((h) => h > 359)).toBe(true);
    expect(Math.abs(sd / 0.5 - 1)).toBeLessThan(0.1);
  });
});
