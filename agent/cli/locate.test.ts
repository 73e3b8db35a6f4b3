import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import geodesic from 'geographiclib-geodesic';
import { describe, expect, it } from 'vitest';

import { loadZones } from '../../rules/index.js';
import { locate, locateStream, parsePosition } from './locate.js';

const zones = loadZones(
  ['data/zones/ccz-apei.geojson', 'data/zones/ccz-contracts.geojson'].map((file) => ({
    file,
    text: readFileSync(file, 'utf8'),
  })),
);

describe('parsePosition', () => {
  it('reads "lat lon" with spaces, tabs or a comma', () => {
    expect(parsePosition('10.5 -117')).toEqual({ lat: 10.5, lon: -117 });
    expect(parsePosition('10.5,\t243.0898')).toEqual({ lat: 10.5, lon: 243.0898 });
  });

  it('says what is wrong with a line that is not a position', () => {
    expect(parsePosition('10.5')).toBe('expected "LAT LON" in decimal degrees, got "10.5"');
    expect(parsePosition('10.5 W117')).toBe(
      'expected "LAT LON" in decimal degrees, got "10.5 W117"',
    );
    expect(parsePosition('91 0')).toBe('expected a latitude in [-90, 90], got 91');
    expect(parsePosition('0 361')).toBe('expected a longitude in [-180, 360], got 361');
  });
});

describe('locate', () => {
  it("gives NORI-D's north edge at 2000.0 m from 2 km north of it, nearest first", () => {
    const p = geodesic.Geodesic.WGS84.Direct(11.08333, -117, 0, 2000);

    const answer = locate(zones, { lat: p.lat2 ?? NaN, lon: p.lon2 ?? NaN }, 10_000);

    expect(answer.inside).toEqual(['bgr-east-a']);
    expect(answer.boundaries).toEqual([
      { zone: 'bgr-east-a', distance_m: 1999.6 },
      { zone: 'nori-d', distance_m: 2000 },
    ]);
  });

  it('echoes the position as given, 0–360 longitudes included', () => {
    expect(locate(zones, { lat: 10.5, lon: 243 }, 10_000)).toEqual({
      lat: 10.5,
      lon: 243,
      inside: ['nori-d'],
      boundaries: [],
    });
  });
});

describe('locateStream', () => {
  it('answers each line as it arrives, before the next is written', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const done = locateStream(zones, 10_000, input, output);

    input.write('10.5 -117\n');
    const [first] = (await once(output, 'data')) as [Buffer];
    input.write('9.5 -117.5\n');
    const [second] = (await once(output, 'data')) as [Buffer];
    input.end();

    expect(JSON.parse(first.toString())).toMatchObject({ inside: ['nori-d'] });
    expect(JSON.parse(second.toString())).toMatchObject({ inside: ['apei-11'] });
    expect(await done).toBe(0);
  });

  it('answers a bad line with an error object naming it, carries on, and returns 2', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));

    input.end('# a comment\n10.5 -117\nnorth\n\n9.5 -117.5\n');
    const code = await locateStream(zones, 10_000, input, output);

    expect(
      text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      { lat: 10.5, lon: -117, inside: ['nori-d'], boundaries: [] },
      { line: 3, error: 'expected "LAT LON" in decimal degrees, got "north"' },
      { lat: 9.5, lon: -117.5, inside: ['apei-11'], boundaries: [] },
    ]);
    expect(code).toBe(2);
  });
});
