import { describe, expect, it } from 'vitest';

import { ConfigError, parseConfig } from './config.js';

const GOOD = `
agent_id: nori-collector-1
vehicle: collector-1
zones: [zones/ccz-contracts.geojson, zones/ccz-apei.geojson]
rules: rules/demo.yaml
feeds:
  - name: gnss
    path: /dev/ttyUSB0
    baud: 115200
  - name: hipap
    path: tcp://10.0.0.5:4001
    transponders: { B01: collector-1 }
  - name: depth
    path: /dev/ttyUSB1
    protocol: pressure
    format: digiquartz
    units: psi
    silence_s: 5
store: { path: /var/lib/deepseaguard/store.db, max_mb: 2048 }
`;

function problemsOf(text: string, file = '/etc/deepseaguard/agent.yaml'): string[] {
  try {
    parseConfig(file, text);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('parseConfig', () => {
  it('reads a full configuration, resolving paths against the file and filling defaults', () => {
    const config = parseConfig('/etc/deepseaguard/agent.yaml', GOOD);

    expect(config.agentId).toBe('nori-collector-1');
    expect(config.zones).toEqual([
      '/etc/deepseaguard/zones/ccz-contracts.geojson',
      '/etc/deepseaguard/zones/ccz-apei.geojson',
    ]);
    expect(config.rules).toBe('/etc/deepseaguard/rules/demo.yaml');
    expect(config.feeds.map((f) => [f.name, f.vehicle, f.baud, f.silenceS])).toEqual([
      ['gnss', 'collector-1', 115200, 10],
      ['hipap', 'collector-1', 4800, 10],
      ['depth', 'collector-1', 4800, 5],
    ]);
    expect(config.feeds[1]?.path).toBe('tcp://10.0.0.5:4001');
    expect(config.feeds[1]?.transponders.get('B01')).toBe('collector-1');
    expect(config.store).toEqual({ path: '/var/lib/deepseaguard/store.db', maxMb: 2048 });
    expect(config.logLevel).toBe('info');
  });

  it('lists every problem at once, each naming the file, the field, expected and got', () => {
    const text = `
agent_id: "bad id!"
vehicle: collector-1
zones: []
rules: rules.yaml
feeds:
  - name: gnss
    path: /dev/ttyUSB0
    silense_s: 5
  - name: gnss
    path: /dev/ttyUSB1
    protocol: pressure
store: { path: s.db, max_mb: -1 }
colour: blue
`;

    expect(problemsOf(text, 'agent.yaml')).toEqual([
      'agent.yaml: colour: unknown key (expected one of agent_id, vehicle, zones, rules, ' +
        'feeds, store, log_level)',
      'agent.yaml: agent_id: expected an id of letters, digits, ".", "_" or "-", got "bad id!"',
      'agent.yaml: zones: expected a zone file or a list of zone files, got []',
      'agent.yaml: feeds[0].silense_s: unknown key (expected one of name, path, baud, ' +
        'protocol, format, units, vehicle, transponders, silence_s)',
      'agent.yaml: feeds[1].format: expected one of digiquartz, valeport, sbe37 for a ' +
        'pressure feed, got null',
      'agent.yaml: feeds[1].name: expected a unique name, got "gnss"',
      'agent.yaml: store.max_mb: expected a number from 1 to 10000000, got -1',
    ]);
  });

  it('refuses a file that is not JSON or YAML, naming it', () => {
    expect(problemsOf('{"agent_id": ', 'agent.json')[0]).toMatch(
      /^agent\.json: not valid JSON or YAML: /,
    );
  });
});
