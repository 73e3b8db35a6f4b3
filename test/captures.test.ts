// Every real capture of the shared reference data goes through the whole replay pipeline —
// framing, decoding, fusion, and the engine against the CCZ zones with one rule of each kind —
// without a throw, every line accounted for as a sentence or a rejection.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { createJudge } from '../agent/judge.js';
import { Pipeline } from '../agent/pipeline.js';
import { buildRuleset } from '../agent/ruleset-files.js';
import { LineFramer } from '../drivers/index.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SHARED = join(ROOT, '../shared/data/nmea');

function captures(): string[] {
  if (!existsSync(SHARED)) return [];
  return readdirSync(SHARED, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(SHARED, d.name)).map((f) => join(d.name, f)))
    .filter((f) => !f.endsWith('.chk'))
    .sort();
}

const RULES = `rules:
  - {id: in-contract, type: stay_inside, severity: critical, zones: ['kind:contract']}
  - {id: apei-out, type: no_entry, severity: critical, zones: ['kind:apei']}
  - {id: apei-near, type: proximity, severity: warning, zones: ['kind:apei'], distance_m: 20000}
  - {id: dwell, type: max_dwell, severity: warning, zones: ['*'], limit_s: 600}
  - {id: deep, type: depth, severity: warning, max_m: 6000}
  - {id: low, type: altitude, severity: warning, min_m: 1}
  - {id: fast, type: max_speed, severity: warning, max_kn: 12}
  - {id: blind, type: feed_stale, severity: warning, feed: position, after_s: 10}
`;

describe.runIf(captures().length > 0)('every shared capture through the pipeline', () => {
  const zoneText = (name: string) => ({
    file: name,
    text: readFileSync(join(ROOT, 'data/zones', name), 'utf8'),
  });
  const ruleset = buildRuleset([zoneText('ccz-contracts.geojson'), zoneText('ccz-apei.geojson')], {
    file: 'rules.yaml',
    text: RULES,
  });

  it.each(captures())('%s', (capture) => {
    const judge = createJudge({ ruleset, store: null, agentId: 't', onEvent: () => {} });
    // a log with no date anywhere is dated, as a user would with --date
    const pipeline = new Pipeline({ judge, fusion: { defaultDateMs: Date.UTC(2020, 0, 1) } });
    const framer = new LineFramer();
    const feed = { name: capture, vehicle: 'vessel' };

    const bytes = readFileSync(join(SHARED, capture));
    for (const frame of [...framer.push(bytes), ...framer.flush()]) pipeline.line(feed, frame, 0);
    pipeline.flush();

    const { sentences, rejected, lines } = pipeline.counts;
    const total = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    expect(total(sentences) + total(rejected)).toBe(lines);
    expect(total(sentences)).toBeGreaterThan(0);
  });
});
