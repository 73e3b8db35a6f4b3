import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { loadZones, ZoneValidationError } from './zones.js';

const SQUARE = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0],
];

/** A FeatureCollection text of the given features. */
function collection(...features: unknown[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features });
}

function polygon(id: string | undefined, rings: unknown, properties: object = {}): unknown {
  return {
    type: 'Feature',
    properties: id === undefined ? properties : { id, ...properties },
    geometry: { type: 'Polygon', coordinates: rings },
  };
}

function feature(id: string, geometry: unknown, properties: object = {}): unknown {
  return { type: 'Feature', properties: { id, ...properties }, geometry };
}

/** The problems loading the text reports, or [] if it loads. */
function problemsOf(text: string, file = 'zones.geojson'): readonly string[] {
  try {
    loadZones([{ file, text }]);
    return [];
  } catch (err) {
    if (err instanceof ZoneValidationError) return err.problems;
    throw err;
  }
}

const AT = 'zones.geojson: feature 0 (id "a")';

describe('loadZones validation', () => {
  it('reports a feature without an id', () => {
    expect(problemsOf(collection(polygon(undefined, [SQUARE])))).toEqual([
      `zones.geojson: feature 0 (no id): id:` +
        ` expected a non-empty string in properties.id or the feature's id, got none`,
    ]);
  });

  it('reports an id used twice, across files too', () => {
    const one = { file: 'one.geojson', text: collection(polygon('a', [SQUARE])) };
    const two = {
      file: 'two.geojson',
      text: collection(polygon('b', [SQUARE]), polygon('a', [SQUARE])),
    };

    expect(() => loadZones([one, two])).toThrow(
      expect.objectContaining({
        problems: [
          'two.geojson: feature 1 (id "a"): id: expected a unique id, got "a" again' +
            ' (first in one.geojson feature 0)',
        ],
      }),
    );
  });

  it('reports a properties.id that contradicts the feature id', () => {
    const text = collection({ ...(polygon('a', [SQUARE]) as object), id: 'b' });

    expect(problemsOf(text)).toEqual([
      `zones.geojson: feature 0 (no id): properties.id: expected the feature's id ("b"), got "a"`,
    ]);
  });

  it('reports an unclosed ring with both ends', () => {
    const open = [
      [-117.81667, 11.08333],
      [-117.81667, 9.895],
      [-116.066667, 9.895],
      [-116.066667, 11.08333],
      [-117.8, 11.08],
    ];

    expect(problemsOf(collection(polygon('a', [open])))).toEqual([
      `${AT}: geometry.coordinates[0]:` +
        ` expected a closed ring (last position equal to the first),` +
        ` got [-117.8, 11.08] ≠ [-117.81667, 11.08333]`,
    ]);
  });

  it('reports a ring of fewer than four positions', () => {
    const ring = [
      [0, 0],
      [1, 0],
      [0, 0],
    ];

    expect(problemsOf(collection(polygon('a', [ring])))).toEqual([
      `${AT}: geometry.coordinates[0]: expected a ring of at least 4 positions, got 3`,
    ]);
  });

  it('reports a ring of fewer than three distinct positions', () => {
    const ring = [
      [0, 0],
      [1, 0],
      [1, 0],
      [0, 0],
    ];

    expect(problemsOf(collection(polygon('a', [ring])))).toEqual([
      `${AT}: geometry.coordinates[0]: expected a ring of at least 3 distinct positions, got 2`,
    ]);
  });

  it('reports non-finite and out-of-range coordinates, each with its place', () => {
    // JSON has no NaN; 1e999 parses to Infinity
    const text = collection(
      polygon('a', [
        [
          [0, 0],
          [123456789, 0],
          [1, 91],
          [0, 'NaN'],
          [0, 0],
        ],
      ]),
    ).replace('123456789', '1e999');

    expect(problemsOf(text)).toEqual([
      `${AT}: geometry.coordinates[0][1][0]: expected a longitude in [-180, 360], got Infinity`,
      `${AT}: geometry.coordinates[0][2][1]: expected a latitude in [-90, 90], got 91`,
      `${AT}: geometry.coordinates[0][3][1]: expected a latitude in [-90, 90], got "NaN"`,
    ]);
  });

  it('reports a position that is not a pair of numbers', () => {
    expect(problemsOf(collection(polygon('a', [[[0, 0], [1], [1, 1], [0, 0]]])))).toEqual([
      `${AT}: geometry.coordinates[0][1]: expected a position [lon, lat], got [1]`,
    ]);
  });

  it('reports a self-intersecting ring with the edges and where they cross', () => {
    const bowTie = [
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ];

    expect(problemsOf(collection(polygon('a', [bowTie])))).toEqual([
      `${AT}: geometry.coordinates[0]: expected a ring that does not cross itself,` +
        ` got edges 0→1 and 2→3 meeting at [0.5, 0.5]`,
    ]);
  });

  it('reports a ring that folds back on itself', () => {
    const spike = [
      [0, 0],
      [2, 0],
      [2, 1],
      [2, 0.5],
      [0, 1],
      [0, 0],
    ];

    expect(problemsOf(collection(polygon('a', [spike])))).toEqual([
      `${AT}: geometry.coordinates[0]: expected a ring that does not cross itself,` +
        ` got edges 1→2 and 2→3 meeting at [2, 0.5]`,
    ]);
  });

  it('reports a ring touching itself at a vertex', () => {
    const figureEight = [
      [0, 0],
      [1, 1],
      [2, 0],
      [2, 2],
      [1, 1],
      [0, 2],
      [0, 0],
    ];

    expect(problemsOf(collection(polygon('a', [figureEight])))).toEqual([
      `${AT}: geometry.coordinates[0]: expected a ring that does not cross itself,` +
        ` got edges 0→1 and 3→4 meeting at [1, 1]`,
    ]);
  });

  it('reports a hole outside its outer ring', () => {
    const hole = [
      [2, 2],
      [3, 2],
      [3, 3],
      [2, 2],
    ];

    expect(problemsOf(collection(polygon('a', [SQUARE, hole])))).toEqual([
      `${AT}: geometry.coordinates[1]: expected a hole inside the outer ring,` +
        ` got position 0 [2, 2] outside it`,
    ]);
  });

  it('reports a ring that winds round a pole', () => {
    const ring = [
      [0, 80],
      [120, 80],
      [-120, 80],
      [0, 80],
    ];

    expect(problemsOf(collection(polygon('a', [ring])))).toEqual([
      `${AT}: geometry.coordinates[0]: expected a ring that does not encircle a pole,` +
        ` got one that winds 360° in longitude`,
    ]);
  });

  it('reports a step of half a turn in longitude, whose direction is ambiguous', () => {
    const ring = [
      [0, 0],
      [180, 0],
      [180, 1],
      [0, 0],
    ];

    expect(problemsOf(collection(polygon('a', [ring])))).toEqual([
      `${AT}: geometry.coordinates[0][1]:` +
        ` expected a step in longitude of less than 180° from the previous position, got 180°`,
    ]);
  });

  it('reports a radius on a polygon', () => {
    expect(problemsOf(collection(polygon('a', [SQUARE], { radius_m: 500 })))).toEqual([
      `${AT}: properties.radius_m: expected no radius on a Polygon, got 500`,
    ]);
  });

  it('reports a point or a line without a radius, or with a bad one', () => {
    const text = collection(
      feature('a', { type: 'Point', coordinates: [-117, 10] }),
      feature(
        'b',
        {
          type: 'LineString',
          coordinates: [
            [-117, 10],
            [-116, 10],
          ],
        },
        { radius_m: -5 },
      ),
    );

    expect(problemsOf(text)).toEqual([
      `${AT}: properties.radius_m: expected a radius in metres (> 0) for a Point, got none`,
      `zones.geojson: feature 1 (id "b"): properties.radius_m:` +
        ` expected a radius in metres (> 0) for a LineString, got -5`,
    ]);
  });

  it('reports a line of one position', () => {
    const text = collection(
      feature('a', { type: 'LineString', coordinates: [[0, 0]] }, { radius_m: 5 }),
    );

    expect(problemsOf(text)).toEqual([
      `${AT}: geometry.coordinates: expected a line of at least 2 positions, got 1`,
    ]);
  });

  it('reports dates that are not ISO 8601, name no real day, or lack a UTC offset', () => {
    const text = collection(
      polygon('a', [SQUARE], { valid_from: '15/10/2022', valid_to: '2022-02-30' }),
      polygon('b', [SQUARE], { valid_from: '2022-10-15T12:00' }),
    );

    expect(problemsOf(text)).toEqual([
      `${AT}: properties.valid_from: expected an ISO 8601 date, or date-time with a UTC offset,` +
        ` got "15/10/2022"`,
      `${AT}: properties.valid_to: expected an ISO 8601 date, or date-time with a UTC offset,` +
        ` got "2022-02-30"`,
      `zones.geojson: feature 1 (id "b"): properties.valid_from:` +
        ` expected an ISO 8601 date, or date-time with a UTC offset, got "2022-10-15T12:00"`,
    ]);
  });

  it('reports a validity window that ends before it starts', () => {
    const text = collection(
      polygon('a', [SQUARE], { valid_from: '2022-10-15', valid_to: '2022-10-01T00:00:00Z' }),
    );

    expect(problemsOf(text)).toEqual([
      `${AT}: properties.valid_to: expected a time after valid_from (2022-10-15T00:00:00.000Z),` +
        ` got "2022-10-01T00:00:00Z"`,
    ]);
  });

  it('reports a minimum depth below the maximum', () => {
    const text = collection(polygon('a', [SQUARE], { min_depth_m: 5000, max_depth_m: 4000 }));

    expect(problemsOf(text)).toEqual([
      `${AT}: properties.min_depth_m: expected at most max_depth_m (4000), got 5000`,
    ]);
  });

  it('reports property values of the wrong type', () => {
    const text = collection(
      polygon('a', [SQUARE], { name: 5, hysteresis_m: -1, max_depth_m: '4000' }),
    );

    expect(problemsOf(text)).toEqual([
      `${AT}: properties.max_depth_m: expected a depth in metres (≥ 0), got "4000"`,
      `${AT}: properties.name: expected a string, got 5`,
      `${AT}: properties.hysteresis_m: expected a distance in metres (≥ 0), got -1`,
    ]);
  });

  it('reports geometry types that make no zone', () => {
    const text = collection(feature('a', { type: 'MultiPoint', coordinates: [[0, 0]] }));

    expect(problemsOf(text)).toEqual([
      `${AT}: geometry.type: expected "Polygon", "MultiPolygon", "Point" or "LineString",` +
        ` got "MultiPoint"`,
    ]);
  });

  it('reports text that is not JSON, or not a feature collection', () => {
    expect(problemsOf('{"type": ')).toEqual([
      'zones.geojson: expected GeoJSON text, got Unexpected end of JSON input',
    ]);
    expect(problemsOf('{"type": "Polygon", "coordinates": []}')).toEqual([
      'zones.geojson: type: expected "FeatureCollection" or "Feature", got "Polygon"',
    ]);
  });

  it('reports every problem of every file at once, in order', () => {
    const one = { file: 'one.geojson', text: collection(polygon('a', [SQUARE], { radius_m: 1 })) };
    const two = { file: 'two.geojson', text: collection(polygon(undefined, [SQUARE.slice(0, 3)])) };

    let error: unknown;
    try {
      loadZones([one, two]);
    } catch (err) {
      error = err;
    }

    expect(error).toBeInstanceOf(ZoneValidationError);
    expect(error).toMatchObject({
      code: 'DSG_ZONES_INVALID',
      message: 'invalid zones: 3 problems',
      problems: [
        'one.geojson: feature 0 (id "a"): properties.radius_m: expected no radius on a Polygon,' +
          ' got 1',
        `two.geojson: feature 0 (no id): id:` +
          ` expected a non-empty string in properties.id or the feature's id, got none`,
        'two.geojson: feature 0 (no id): geometry.coordinates[0]:' +
          ' expected a ring of at least 4 positions, got 3',
      ],
    });
  });
});

describe('loadZones', () => {
  it('loads the shared CCZ zones: 13 APEIs and 4 contract areas', () => {
    const set = loadZones(cczSources());

    expect(set.zones.map((z) => z.kind)).toEqual([
      ...Array(13).fill('apei'),
      ...Array(4).fill('contract'),
    ]);
    expect(set.byId('nori-d')).toMatchObject({
      id: 'nori-d',
      name: 'NORI-D',
      geometry: 'polygon',
      file: 'data/zones/ccz-contracts.geojson',
    });
  });

  it('reads every property of DESIGN.md §4 into the zone', () => {
    const text = collection(
      polygon('a', [SQUARE], {
        name: 'A',
        kind: 'prz',
        min_depth_m: 3000,
        max_depth_m: 5000,
        valid_from: '2022-10-01',
        valid_to: '2022-11-01T12:00:00+02:00',
        hysteresis_m: 50,
        source: 'ISBA/18/C/22',
      }),
    );

    expect(loadZones([{ file: 'f.geojson', text }]).zones[0]).toEqual({
      id: 'a',
      name: 'A',
      kind: 'prz',
      geometry: 'polygon',
      minDepthM: 3000,
      maxDepthM: 5000,
      validFromMs: Date.UTC(2022, 9, 1),
      validToMs: Date.UTC(2022, 10, 1, 10),
      hysteresisM: 50,
      source: 'ISBA/18/C/22',
      file: 'f.geojson',
    });
  });

  it('loads a file holding one Feature, taking the feature id when properties have none', () => {
    const text = JSON.stringify({ ...(polygon(undefined, [SQUARE]) as object), id: 'solo' });

    expect(loadZones([{ file: 'f.geojson', text }]).zones.map((z) => z.id)).toEqual(['solo']);
  });

  it('gives circles and corridors their geometry kind', () => {
    const text = collection(
      feature('c', { type: 'Point', coordinates: [243, 10] }, { radius_m: 500 }),
      feature(
        'l',
        {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
          ],
        },
        { radius_m: 500 },
      ),
    );

    expect(loadZones([{ file: 'f', text }]).zones.map((z) => z.geometry)).toEqual([
      'circle',
      'corridor',
    ]);
  });
});

describe('zone set hash', () => {
  it('does not depend on key order or whitespace', () => {
    const text = readFileSync('data/zones/ccz-contracts.geojson', 'utf8');
    const compact = JSON.stringify(JSON.parse(text), (_k, v: unknown) => reverseKeys(v));

    const a = loadZones([{ file: 'a', text }]).hash;
    const b = loadZones([{ file: 'b', text: compact }]).hash;

    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b).toBe(a);
  });

  it('changes when a vertex moves', () => {
    const text = readFileSync('data/zones/ccz-contracts.geojson', 'utf8');
    const moved = text.replaceAll('-117.81667,\n       11.08333', '-117.81667,\n       11.08334');

    expect(moved).not.toBe(text);
    expect(loadZones([{ file: 'a', text: moved }]).hash).not.toBe(
      loadZones([{ file: 'a', text }]).hash,
    );
  });

  it('does not depend on how a date is written', () => {
    const a = collection(polygon('a', [SQUARE], { valid_from: '2022-10-01' }));
    const b = collection(polygon('a', [SQUARE], { valid_from: '2022-10-01T02:00:00+02:00' }));

    expect(loadZones([{ file: 'a', text: a }]).hash).toBe(loadZones([{ file: 'a', text: b }]).hash);
  });
});

function cczSources(): { file: string; text: string }[] {
  return ['data/zones/ccz-apei.geojson', 'data/zones/ccz-contracts.geojson'].map((file) => ({
    file,
    text: readFileSync(file, 'utf8'),
  }));
}

/** The same object with its keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).reverse());
}
