import { describe, expect, it } from 'vitest';

import { boxZones } from './fixtures/box-zones.js';
import { RuleValidationError, loadRules, rulesetHash, type RuleSet } from './ruleset.js';

const zones = boxZones([
  { id: 'apei-11', kind: 'apei', box: [0, 0, 1, 1] },
  { id: 'apei-12', kind: 'apei', box: [2, 0, 3, 1] },
  { id: 'nori-d', kind: 'contract', box: [-5, -5, 5, 5] },
]);

/** The problems loading `text` as `file` reports, or [] if it loads. */
function problemsOf(text: string, file = 'rules.yaml'): string[] {
  try {
    loadRules({ file, text }, zones);
    return [];
  } catch (err) {
    if (err instanceof RuleValidationError) return err.problems;
    throw err;
  }
}

describe('loadRules', () => {
  it('loads every rule type from YAML, in file order', () => {
    const text = `
rules:
  - {id: keep-out, type: no_entry, severity: critical, zones: ['kind:apei']}
  - {id: stay, type: stay_inside, severity: critical, zones: [nori-d], vehicles: ['coll*']}
  - {id: near, type: proximity, severity: warning, zones: ['apei-*'], distance_m: 5000}
  - {id: dwell, type: max_dwell, severity: warning, zones: [apei-11], limit_s: 3600}
  - {id: deep, type: depth, severity: warning, max_m: 6000}
  - {id: low, type: altitude, severity: critical, min_m: 2, max_m: 50, zones: [nori-d]}
  - {id: slow, type: max_speed, severity: warning, max_kn: 1.5}
  - id: usbl
    type: feed_stale
    severity: warning
    feed: position
    after_s: 30
    active: {from: 2022-10-15, to: '2022-10-16T12:00:00+02:00'}
`;

    const ruleSet = loadRules({ file: 'rules.yaml', text }, zones);

    expect(ruleSet.rules.map((rule) => rule.type)).toEqual([
      'no_entry',
      'stay_inside',
      'proximity',
      'max_dwell',
      'depth',
      'altitude',
      'max_speed',
      'feed_stale',
    ]);
    expect(ruleSet.rules[7]).toMatchObject({
      feed: 'position',
      afterS: 30,
      active: [{ fromMs: Date.UTC(2022, 9, 15), toMs: Date.UTC(2022, 9, 16, 10) }],
    });
    expect(ruleSet.rules[6]).toMatchObject({ maxKn: 1.5, maxMps: null });
  });

  it('loads JSON', () => {
    const text =
      '{"rules": [{"id": "a", "type": "no_entry", "severity": "critical", "zones": ["*"]}]}';

    const ruleSet = loadRules({ file: 'rules.json', text }, zones);

    expect(ruleSet.rules).toEqual([
      {
        id: 'a',
        type: 'no_entry',
        severity: 'critical',
        zones: ['*'],
        vehicles: null,
        active: null,
        description: null,
      },
    ]);
  });

  it('throws one error with code DSG_RULES_INVALID naming the file', () => {
    const load = () => loadRules({ file: 'r.yaml', text: 'rules: 3' }, zones);

    expect(load).toThrow(RuleValidationError);
    expect(load).toThrow(/^r\.yaml: 1 problem in the rules$/);
    expect(load).toThrowError(expect.objectContaining({ code: 'DSG_RULES_INVALID' }));
  });

  it('lists every problem of a file, each with file, rule, field, expected and got', () => {
    const text = `
rules:
  - {id: a, type: no_enter, severity: critical, zones: [apei-11]}
  - {id: b, type: no_entry, severity: high, zones: [apei-99, 'kind:apei', 'kind:prz']}
  - {id: a, type: proximity, severity: warning, zones: [apei-11]}
  - {id: d, type: max_dwell, severity: warning, zones: [apei-11], limit_s: -5, limit: 3}
  - {id: e, type: depth, severity: warning, min_m: 5000, max_m: 4000}
  - {id: f, type: altitude, severity: warning}
  - {id: g, type: max_speed, severity: warning, max_kn: 2, max_mps: 1}
  - {id: h, type: feed_stale, severity: warning, feed: gyro, after_s: 0, zones: [apei-11]}
  - {id: i, type: no_entry, severity: critical, zones: [], vehicles: 'auv'}
  - {id: j, type: depth, severity: warning, max_m: 10, active: {from: '2022-02-30', to: x}}
  - {id: k, type: depth, severity: warning, max_m: 10, active: {from: 2022-10-15, to: 2022-10-14}}
  - {id: l, type: depth, severity: warning, max_m: 10, active: {from: '2022-10-15T10:00'}}
  - {type: stay_inside, severity: warning, zones: [nori-d]}
  - 42
`;

    expect(problemsOf(text)).toEqual([
      'rules.yaml: rules[0] (a): type: expected one of no_entry, stay_inside, proximity, ' +
        "max_dwell, depth, altitude, max_speed, feed_stale, got 'no_enter'",
      "rules.yaml: rules[1] (b): severity: expected 'critical' or 'warning', got 'high'",
      'rules.yaml: rules[1] (b): zones[0]: expected a zone id, id glob or kind:WORD that ' +
        "matches a zone, got 'apei-99' (matches none of 3 zones)",
      'rules.yaml: rules[1] (b): zones[2]: expected a zone id, id glob or kind:WORD that ' +
        "matches a zone, got 'kind:prz' (matches none of 3 zones)",
      'rules.yaml: rules[2] (a): distance_m: expected a value (proximity requires it), got nothing',
      "rules.yaml: rules[2] (a): id: expected a unique id, got 'a' (also rules[0])",
      'rules.yaml: rules[3] (d): limit: expected no such field in a max_dwell rule (it takes ' +
        'zones, limit_s), got 3',
      'rules.yaml: rules[3] (d): limit_s: expected a positive number, got -5',
      'rules.yaml: rules[4] (e): min_m: expected at most max_m (4000), got 5000',
      'rules.yaml: rules[5] (f): min_m: expected min_m and/or max_m, got neither',
      'rules.yaml: rules[6] (g): max_kn: expected either max_kn or max_mps, got both',
      'rules.yaml: rules[7] (h): zones: expected no such field in a feed_stale rule (it takes ' +
        'feed, after_s), got ["apei-11"]',
      'rules.yaml: rules[7] (h): feed: expected one of position, depth, altitude, heading, ' +
        "got 'gyro'",
      'rules.yaml: rules[7] (h): after_s: expected a positive number, got 0',
      'rules.yaml: rules[8] (i): zones: expected a non-empty list of zone ids, id globs or ' +
        'kind:WORD, got []',
      "rules.yaml: rules[8] (i): vehicles: expected a non-empty list of vehicle globs, got 'auv'",
      'rules.yaml: rules[9] (j): active.from: expected an ISO 8601 date, or date-time with Z or ' +
        "offset, got '2022-02-30'",
      'rules.yaml: rules[9] (j): active.to: expected an ISO 8601 date, or date-time with Z or ' +
        "offset, got 'x'",
      'rules.yaml: rules[10] (k): active.to: expected a time after active.from ' +
        "(2022-10-15T00:00:00.000Z), got '2022-10-14'",
      'rules.yaml: rules[11] (l): active.from: expected an ISO 8601 date, or date-time with Z ' +
        "or offset, got '2022-10-15T10:00'",
      'rules.yaml: rules[12]: id: expected a non-empty string, got nothing',
      'rules.yaml: rules[13]: expected a rule (a mapping), got 42',
    ]);
  });

  it('reports a rule whose required parameters are missing', () => {
    const text = 'rules: [{id: x, type: no_entry}]';

    expect(problemsOf(text)).toEqual([
      "rules.yaml: rules[0] (x): severity: expected 'critical' or 'warning', got nothing",
      'rules.yaml: rules[0] (x): zones: expected a value (no_entry requires it), got nothing',
    ]);
  });

  it('reports a top level that is not a rules list, and extra top-level keys', () => {
    expect(problemsOf('- a\n- b')).toEqual([
      'rules.yaml: expected a mapping with a \'rules\' list, got ["a","b"]',
    ]);
    expect(problemsOf('{"rule": []}', 'r.json')).toEqual([
      "r.json: rule: expected only 'rules' at the top level, got []",
      'r.json: rules: expected a list of rules, got nothing',
    ]);
  });

  it('reports YAML syntax errors and duplicate keys with their line and column', () => {
    const text = 'rules:\n  - id: a\n    id: b\n';

    expect(problemsOf(text)).toEqual(['rules.yaml: line 3, column 5: Map keys must be unique']);
  });
});

describe('rulesetHash', () => {
  const text = 'rules: [{id: a, type: no_entry, severity: critical, zones: [apei-11]}]';
  const ruleSet = loadRules({ file: 'a.yaml', text }, zones);

  it('is the same for the same rules however written', () => {
    const json =
      '{"rules": [{"zones": ["apei-11"], "severity": "critical", "type": "no_entry", "id": "a"}]}';
    const same = loadRules({ file: 'b.json', text: json }, zones);

    expect(rulesetHash(zones.hash, same)).toBe(rulesetHash(zones.hash, ruleSet));
    expect(rulesetHash(zones.hash, ruleSet)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes with the zones and with any rule parameter', () => {
    const changed: RuleSet = {
      file: 'a.yaml',
      rules: ruleSet.rules.map((rule) => ({ ...rule, severity: 'warning' })),
    };

    expect(rulesetHash('sha256:other', ruleSet)).not.toBe(rulesetHash(zones.hash, ruleSet));
    expect(rulesetHash(zones.hash, changed)).not.toBe(rulesetHash(zones.hash, ruleSet));
  });
});
