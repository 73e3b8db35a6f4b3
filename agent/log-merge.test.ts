import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { LogMerge } from './log-merge.js';

describe('LogMerge', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function log(
    name: string,
    lines: string[],
  ): { path: string; feed: { name: string; vehicle: string } } {
    const path = join(dir, name);
    writeFileSync(path, lines.join('\r\n') + '\r\n');
    return { path, feed: { name, vehicle: 'ship' } };
  }

  async function order(merge: LogMerge): Promise<string[]> {
    const out: string[] = [];
    for (let batch = await merge.next(2); batch.length > 0; batch = await merge.next(2)) {
      out.push(...batch.map((m) => `${m.source.feed.name}:${m.frame.text}`));
    }
    return out;
  }

  it('interleaves logs by logger stamps; an unstamped line follows its predecessor', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsg-merge-'));
    const gnss = log('gnss', [
      '2014-08-01T00:00:00.100Z $A1',
      '2014-08-01T00:00:01.100Z $A2',
      '$A2b',
      '2014-08-01T00:00:02.100Z $A3',
    ]);
    const usbl = log('usbl', ['2014-08-01T00:00:00.500Z $B1', '2014-08-01T00:00:01.900Z $B2']);

    const merged = await order(new LogMerge([gnss, usbl]));

    expect(merged).toEqual([
      'gnss:$A1',
      'usbl:$B1',
      'gnss:$A2',
      'gnss:$A2b',
      'usbl:$B2',
      'gnss:$A3',
    ]);
  });

  it('reads unstamped logs one after the other, in the order given', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsg-merge-'));
    const first = log('first', ['$A1', '$A2']);
    const second = log('second', ['$B1']);

    expect(await order(new LogMerge([first, second]))).toEqual([
      'first:$A1',
      'first:$A2',
      'second:$B1',
    ]);
  });
});
