import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { runCli } from '../../test/helpers/cli.js';
import { AGENT, eventAt, tempDir } from '../../test/helpers/store.js';
import { Store } from '../store/index.js';
import { eventFilter, eventTableRow } from './events.js';

let dir: ReturnType<typeof tempDir>;
let path: string;

beforeEach(() => {
  dir = tempDir();
  path = `${dir.dir}/agent.db`;
});

afterEach(() => dir.remove());

describe('deepseaguard events', () => {
  it('prints the stored events as JSON Lines while an agent holds the store open', async () => {
    const store = Store.open(path, { agentId: AGENT });
    const events = [eventAt(1), eventAt(2, { vehicle: 'auv-2', severity: 'warning' }), eventAt(3)];
    store.appendEvents(events);

    const { code, stdout } = await runCli(['events', '--db', path, '--json', '--since', '1']);
    store.close();

    expect(code).toBe(0);
    expect(stdout).toBe([events[1], events[2]].map((e) => JSON.stringify(e) + '\n').join(''));
  });

  it('prints a table with a header and one row per event', async () => {
    const store = Store.open(path, { agentId: AGENT });
    store.appendEvents([eventAt(1), eventAt(2, { vehicle: 'auv-2' })]);
    store.close();

    const { code, stdout } = await runCli(['events', '--db', path, '--vehicle', 'auv-2']);

    expect(code).toBe(0);
    expect(stdout.split('\n')).toEqual([
      'time                     seq     vehicle        severity kind               rule' +
        '                 zone           where',
      eventTableRow(eventAt(2, { vehicle: 'auv-2' })),
      '',
    ]);
  });

  it('exits 2 listing every bad option', async () => {
    const { code, stderr } = await runCli([
      'events',
      '--db',
      path,
      '--severity',
      'high',
      '--since',
      '-1',
    ]);

    expect(code).toBe(2);
    expect(stderr).toContain('--since: expected a seq (a whole number, 0 or more), got "-1"');
    expect(stderr).toContain('--severity: expected one of critical, warning, info, got "high"');
  });
});

describe('eventTableRow', () => {
  it('shows where as latitude, longitude and depth', () => {
    const row = eventTableRow(eventAt(42));

    expect(row).toBe(
      '2022-10-15T14:00:42.000Z 42      collector-1    critical violation.opened   apei-keep-out' +
        '        apei-11        9.74120 -116.90210 4795.2 m',
    );
  });

  it('shows a dash for what does not apply', () => {
    const event = eventAt(1, { kind: 'agent.started', severity: 'info', rule: null, zone: null });

    expect(eventTableRow({ ...event, vehicle: null, position: null })).toMatch(
      /info +agent\.started +- +- +-$/,
    );
  });
});

describe('eventFilter', () => {
  it('turns the options into a store filter', () => {
    const filter = eventFilter({ db: 'x', since: '7', kind: 'zone.entered', severity: 'info' });

    expect(filter).toEqual({
      sinceSeq: 7,
      vehicle: undefined,
      kind: 'zone.entered',
      severity: 'info',
    });
  });

  it('refuses a kind that DESIGN.md §6 does not define', () => {
    expect(() => eventFilter({ db: 'x', kind: 'violation.open' })).toThrow('bad options');
  });
});
