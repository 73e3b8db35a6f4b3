import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { AGENT, eventAt, fixAt, tempDir } from '../../test/helpers/store.js';
import { chainHash } from './chain.js';
import { trackGeoJson, writeEvidence, type EvidenceManifest } from './evidence.js';
import { StoreReader } from './reader.js';
import { Store } from './store.js';

const ZONES_A = [
  { file: '/etc/dsg/ccz-apei.geojson', text: '{"type":"FeatureCollection","features":[]}' },
];
const RULES_A = { file: '/etc/dsg/rules.yaml', text: 'rules: []\n' };
const RULES_B = { file: '/etc/dsg/rules.yaml', text: 'rules: [{id: x}]\n' };
const T0 = Date.parse(eventAt(0).time);

let dir: ReturnType<typeof tempDir>;
let path: string;

beforeEach(() => {
  dir = tempDir();
  path = `${dir.dir}/agent.db`;

  // ruleset A for seconds 0–99, then ruleset B; events at seconds 1–4 and 150
  const store = Store.open(path, { agentId: AGENT });
  store.recordRuleset({ hash: 'sha256:aa', zones: ZONES_A, rules: RULES_A });
  for (let i = 0; i < 100; i++) store.appendFix(fixAt(i));
  for (let i = 0; i < 100; i += 10) store.appendFix(fixAt(i, 'auv-2'));
  store.appendEvents([1, 2, 3, 4].map((seq) => eventAt(seq, { ruleset: 'sha256:aa' })));
  store.recordRuleset({ hash: 'sha256:bb', zones: ZONES_A, rules: RULES_B });
  for (let i = 100; i < 200; i++) store.appendFix(fixAt(i));
  store.appendEvents([
    eventAt(5, { time: new Date(T0 + 150_000).toISOString(), ruleset: 'sha256:bb' }),
  ]);
  store.close();
});

afterEach(() => dir.remove());

function exportRange(fromS: number, toS: number): { out: string; manifest: EvidenceManifest } {
  const out = join(dir.dir, `bundle-${fromS}-${toS}`);
  const reader = StoreReader.open(path);
  try {
    const manifest = writeEvidence(
      reader,
      { fromMs: T0 + fromS * 1000, toMs: T0 + toS * 1000 },
      out,
      0,
    );
    return { out, manifest };
  } finally {
    reader.close();
  }
}

const read = (out: string, file: string): string => readFileSync(join(out, file), 'utf8');

describe('writeEvidence', () => {
  it('writes the events in range and a manifest with every file hash', () => {
    const { out, manifest } = exportRange(2, 50);

    const events = read(out, 'events.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { seq: number });
    expect(events.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(manifest.counts).toEqual({ events: 3, fixes: 49 + 5, vehicles: 2 });
    for (const file of manifest.files) {
      const sha256 = createHash('sha256')
        .update(readFileSync(join(out, file.path)))
        .digest('hex');
      expect(sha256, file.path).toBe(file.sha256);
    }
  });

  it('gives each exported event the links an inspector needs to recompute its hash', () => {
    const { out } = exportRange(0, 200);

    const events = read(out, 'events.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    const links = read(out, 'chain.jsonl')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { prev_hash: string; hash: string });
    expect(links).toHaveLength(5);
    links.forEach((link, i) => expect(chainHash(link.prev_hash, events[i])).toBe(link.hash));
    expect(links.slice(1).map((l) => l.prev_hash)).toEqual(links.slice(0, -1).map((l) => l.hash));
  });

  it('includes the zones and rules in force over the range, with their sources', () => {
    const early = exportRange(0, 50);
    const both = exportRange(50, 120);

    expect(early.manifest.rulesets).toEqual([{ hash: 'sha256:aa', stored: true }]);
    expect(both.manifest.rulesets.map((r) => r.hash)).toEqual(['sha256:aa', 'sha256:bb']);
    expect(read(early.out, 'rulesets/aa/zones/1-ccz-apei.geojson')).toBe(ZONES_A[0]?.text);
    expect(read(early.out, 'rulesets/aa/rules/rules.yaml')).toBe(RULES_A.text);
    expect(JSON.parse(read(early.out, 'rulesets/aa/ruleset.json'))).toMatchObject({
      hash: 'sha256:aa',
      rules: { source: RULES_A.file, file: 'rulesets/aa/rules/rules.yaml' },
    });
  });

  it('writes the track of each vehicle as a GeoJSON line in lon, lat order', () => {
    const { out } = exportRange(0, 9);

    const track = JSON.parse(read(out, 'track.geojson')) as ReturnType<typeof trackGeoJson>;
    const [auv, collector] = track.features;
    expect(track.features.map((f) => f.properties.vehicle)).toEqual(['auv-2', 'collector-1']);
    expect(auv?.geometry).toEqual({ type: 'Point', coordinates: [-116.9, 9.7] });
    expect(collector?.geometry.type).toBe('LineString');
    expect(collector?.geometry.coordinates[1]).toEqual([-116.9, 9.70001]);
    expect(collector?.properties.times[0]).toBe(eventAt(0).time);
  });

  it('records in the manifest that the chain is broken', () => {
    const db = new Database(path);
    db.pragma('foreign_keys = OFF');
    db.exec('DELETE FROM events WHERE seq = 3');
    db.close();

    const { manifest } = exportRange(0, 200);

    expect(manifest.chain).toMatchObject({ verified: false, broken_seq: 3 });
  });
});

describe('trackGeoJson', () => {
  it('cuts a track crossing the antimeridian into a MultiLineString', () => {
    const fixes = [179.9, -179.9, -179.8].map((lonDeg, i) => ({ ...fixAt(i), id: i + 1, lonDeg }));

    const [feature] = trackGeoJson(fixes).features;

    expect(feature?.geometry).toEqual({
      type: 'MultiLineString',
      coordinates: [
        [[179.9, 9.7]],
        [
          [-179.9, 9.70001],
          [-179.8, 9.70002],
        ],
      ],
    });
  });
});
