// Live playback on real processes and sockets: a socat PTY pair read with node fs streams, a
// PTY pair the simulator makes itself, and TCP clients.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { openPathSink, play, socatPtySink, tcpSink, type TimedLine } from '../sim/index.js';

const dir = mkdtempSync(join(tmpdir(), 'dsg-sim-pty-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const LINES: TimedLine[] = Array.from({ length: 500 }, (_, i) => ({
  tMs: Math.floor(i / 5) * 1000,
  text: `$GPXXX,${String(i).padStart(4, '0')},${'x'.repeat(i % 60)}`,
}));
const EXPECTED = LINES.map((l) => l.text);

async function waitForPaths(paths: string[]): Promise<void> {
  for (let i = 0; i < 250 && !paths.every((p) => existsSync(p)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Reads lines from a PTY end until `count` arrived (or the other side went away). */
function readLines(path: string, count: number): Promise<string[]> {
  return new Promise((resolve) => {
    const stream = createReadStream(path, { encoding: 'latin1' });
    let text = '';
    const finish = (): void => {
      stream.destroy();
      resolve(text.split('\r\n').filter((l) => l !== ''));
    };
    stream.on('data', (chunk) => {
      text += chunk;
      if (text.split('\r\n').length > count) finish();
    });
    // a PTY whose other side closed reads EIO, not an end
    stream.on('error', finish);
    stream.on('end', finish);
  });
}

describe('playback to a pseudo-terminal', () => {
  it('delivers every line at the other end of a socat PTY pair, in order', async () => {
    const [ours, theirs] = [join(dir, 'sim-end'), join(dir, 'agent-end')];
    const socat = spawn('socat', [`pty,raw,echo=0,link=${ours}`, `pty,raw,echo=0,link=${theirs}`]);
    children.push(socat);
    await waitForPaths([ours, theirs]);
    const received = readLines(theirs, LINES.length);
    const sink = openPathSink(ours);

    await play([{ sink, lines: LINES }], { rate: 1000 });

    expect(await received).toEqual(EXPECTED);
    await sink.close();
  });

  it('makes a PTY pair with socat when the path does not exist yet', async () => {
    const path = join(dir, 'made-by-sim');
    const sink = await socatPtySink(path);
    const received = readLines(path, LINES.length);

    await play([{ sink, lines: LINES }], { rate: 1000 });

    expect(await received).toEqual(EXPECTED);
    await sink.close();
    expect(existsSync(path)).toBe(false);
  });
});

describe('playback to TCP', () => {
  it('serves every line to a client on 127.0.0.1, in order, once it has connected', async () => {
    const sink = await tcpSink(0);
    const client = connect(sink.port, '127.0.0.1');
    let text = '';
    client.setEncoding('latin1');
    client.on('data', (chunk: string) => (text += chunk));
    const closed = new Promise((resolve) => client.on('close', resolve));

    await sink.ready;
    await play([{ sink, lines: LINES }], { rate: 1000 });
    await sink.close();
    await closed;

    expect(text.split('\r\n').filter((l) => l !== '')).toEqual(EXPECTED);
  });
});
