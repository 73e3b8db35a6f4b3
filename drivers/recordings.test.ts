// Real recordings through framing and decoding: the fixtures copied into drivers/fixtures
// (see its README), and every capture in shared/data/nmea when that folder is beside the repo.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { decodeLine } from './decode.js';
import { LineFramer } from './framing.js';
import type { FramerCounts } from './framing.js';
import type { Reading } from './types.js';

interface Tally {
  counts: FramerCounts;
  /** `ok:GGA`, `bad_checksum:GGA`, `malformed/no data:HDT`, `not_a_sentence:` ... */
  outcomes: Record<string, number>;
  readings: Reading[];
}

function tally(bytes: Buffer): Tally {
  const framer = new LineFramer();
  const outcomes: Record<string, number> = {};
  const readings: Reading[] = [];
  for (const frame of [...framer.push(bytes), ...framer.flush()]) {
    const result = decodeLine(frame.text);
    if (result.ok) readings.push(result.reading);
    const key = result.ok
      ? `ok:${result.reading.sentence}`
      : `${result.reason}${result.noData === true ? '/no data' : ''}:${result.sentence ?? ''}`;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  return { counts: framer.counts(), outcomes, readings };
}

function fixture(name: string): Tally {
  return tally(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
}

describe('fixtures from real recordings', () => {
  it('rejects every firefly-II GGA for its checksum and decodes its RMC and ZDA', () => {
    const { outcomes } = fixture('gpsd-firefly-ii.log');

    expect(outcomes).toMatchObject({ 'bad_checksum:GGA': 23, 'ok:RMC': 23, 'ok:ZDA': 23 });
  });

  it('rejects the cut-off gpsdf line for its checksum', () => {
    const { outcomes } = fixture('gpsd-gpsdf.log');

    expect(outcomes).toMatchObject({ 'bad_checksum:PGLOR': 1, 'ok:GGA': 1 });
  });

  it('tells empty hemi sentences (no data) from decoded ones', () => {
    const { outcomes } = fixture('gpsd-hemi.log');

    expect(outcomes).toMatchObject({
      'malformed/no data:HDT': 14,
      'malformed/no data:GGA': 8,
      'ok:GGA': 5,
      'ok:ZDA': 7,
    });
  });

  it('decodes every u-blox NMEA sentence between the binary', () => {
    const { outcomes, counts } = fixture('gpsd-ublox-zed-f9p-hpg1.11.log');

    expect(outcomes).toMatchObject({ 'ok:RMC': 27, 'ok:VTG': 27, 'ok:GGA': 27, 'ok:GLL': 27 });
    expect(Object.keys(outcomes).filter((key) => key.startsWith('bad_checksum'))).toEqual([]);
    expect(counts.junkBytes).toBeGreaterThan(40_000);
  });

  it('decodes st-teseo sentences behind $$ and finds its one bad GSV', () => {
    const { outcomes } = fixture('gpsd-st-teseo-liv4f.log');

    expect(outcomes).toMatchObject({ 'ok:GGA': 2, 'ok:RMC': 2, 'bad_checksum:GSV': 1 });
  });

  it('decodes every openrvdas Seapath sentence it knows, with the IN talker', () => {
    const { outcomes, readings } = fixture('openrvdas-nbp1406-s330.log');

    expect(outcomes).toEqual({
      'ok:ZDA': 5,
      'ok:GGA': 5,
      'ok:VTG': 5,
      'ok:RMC': 5,
      'ok:HDT': 5,
      'unknown_sentence:PSXN': 15,
    });
    expect(new Set(readings.map((r) => r.talker))).toEqual(new Set(['IN']));
  });

  it('decodes numeric talkers of the n2kd log', () => {
    const { outcomes, readings } = fixture('signalk-n2kd-183-merrimac.log');

    expect(outcomes).toMatchObject({ 'ok:HDG': 14, 'ok:DBS': 2, 'ok:DBT': 1 });
    expect(readings.every((r) => /^\d\d$/.test(r.talker))).toBe(true);
  });

  it('decodes the humminbird depths and quectel GNS fixes', () => {
    expect(fixture('gpsd-humminbird-m37.log').outcomes).toMatchObject({ 'ok:DPT': 33 });
    expect(fixture('gpsd-quectel-eg25-g.log').outcomes).toMatchObject({
      'ok:GNS': 3,
      'malformed/no data:GNS': 3,
    });
  });
});

const SHARED = fileURLToPath(new URL('../../shared/data/nmea/', import.meta.url));
const haveShared = existsSync(SHARED);

/** The capture files, one folder deep, without gpsd's decoded `.chk` companions. */
function captures(): string[] {
  return readdirSync(SHARED, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      readdirSync(`${SHARED}${dir.name}`).map((name) => `${SHARED}${dir.name}/${name}`),
    )
    .filter((path) => !path.endsWith('.chk'));
}

describe.skipIf(!haveShared)(`every capture in ${SHARED}`, () => {
  it('frames and decodes without a throw, and each gives readings', () => {
    const files = captures();
    expect(files.length).toBeGreaterThanOrEqual(20);

    for (const file of files) {
      const { readings } = tally(readFileSync(file));

      expect(readings.length, file).toBeGreaterThan(0);
    }
  });
});

if (!haveShared) {
  describe('every capture in shared/data/nmea', () => {
    it.skip(`is skipped: ${SHARED} is absent (it sits beside the repository)`, () => {});
  });
}
