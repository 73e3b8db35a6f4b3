import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { LineFramer, MAX_LINE_BYTES, parseIsoTimestamp } from './framing.js';
import type { Frame } from './types.js';

function frameAll(input: Buffer | string, chunkBytes = Infinity): Frame[] {
  const framer = new LineFramer();
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const frames: Frame[] = [];
  for (let at = 0; at < bytes.length; at += Math.min(chunkBytes, bytes.length)) {
    frames.push(...framer.push(bytes.subarray(at, at + chunkBytes)));
  }
  return [...frames, ...framer.flush()];
}

function textsOf(input: Buffer | string, chunkBytes = Infinity): string[] {
  return frameAll(input, chunkBytes).map((frame) => frame.text);
}

function fixture(name: string): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

const A = '$HEHDT,87.25,T*27';
const B = '$SDDBT,7.7,f,2.3,M,1.3,F*05';

describe('line ends', () => {
  it('ends lines at CR, LF or CR LF and skips the blank lines between', () => {
    expect(textsOf(`${A}\r\n${B}\n${A}\r${B}\r\n\r\n`)).toEqual([A, B, A, B]);
  });

  it('gives the same frames whatever the chunk size, down to one byte', () => {
    const stream = `${A}\r\n${B}\r\n2014-08-01T00:00:07.475000Z ${A}\r\n`;

    const whole = frameAll(stream);

    for (const size of [1, 2, 3, 7, 64]) expect(frameAll(stream, size)).toEqual(whole);
  });

  it('takes strings as well as buffers', () => {
    const framer = new LineFramer();

    expect(framer.push(`${A}\r\n`)).toEqual([{ text: A, loggedAtMs: null }]);
  });

  it('keeps a last line without its line end until flush', () => {
    const framer = new LineFramer();

    expect(framer.push(A)).toEqual([]);
    expect(framer.flush()).toEqual([{ text: A, loggedAtMs: null }]);
    expect(framer.flush()).toEqual([]);
  });
});

describe('what stands before the $', () => {
  it('keeps a logger timestamp as the receive time (openrvdas)', () => {
    const frames = frameAll(fixture('openrvdas-nbp1406-mbdp.log'));

    expect(frames[0]).toEqual({
      text: '$KIDPT,4674.70,8.62,12000.0*79',
      loggedAtMs: Date.UTC(2014, 7, 1, 0, 0, 7, 475),
    });
    expect(frames).toHaveLength(20);
    expect(frames.every((frame) => frame.loggedAtMs !== null)).toBe(true);
  });

  it('drops a doubled $$ (st-teseo)', () => {
    const frames = textsOf(fixture('gpsd-st-teseo-liv4f.log'));

    expect(frames).toContain('$GNGSA,A,3,44,34,25,11,19,23,38,,,,,,2.5,1.7,1.8,4*3E');
    expect(frames.filter((text) => text.startsWith('$$'))).toEqual([]);
  });

  it('starts at the last $ of merged lines and counts what came before as junk', () => {
    const framer = new LineFramer();

    const frames = framer.push(`$SDVLW,$SDVLW,,N,322.0,N,${B}\r\n`);

    expect(frames).toEqual([{ text: B, loggedAtMs: null }]);
    expect(framer.counts()).toMatchObject({ frames: 1, junk: 1, junkBytes: 25 });
  });

  it('passes a line without $ on whole, timestamp and all unless it is one', () => {
    const frames = frameAll('*000114.6959\r\n2022-10-15T14:23:05Z 0009.996,M,0.000\r\n');

    expect(frames).toEqual([
      { text: '*000114.6959', loggedAtMs: null },
      { text: '0009.996,M,0.000', loggedAtMs: Date.UTC(2022, 9, 15, 14, 23, 5) },
    ]);
  });
});

describe('binary and junk', () => {
  it('cuts u-blox binary away and keeps the sentences between it', () => {
    const framer = new LineFramer();
    const frames = [...framer.push(fixture('gpsd-ublox-zed-f9p-hpg1.11.log')), ...framer.flush()];

    const sentences = frames.filter((frame) => frame.text.startsWith('$G'));

    expect(sentences.map((frame) => frame.text.slice(3, 6))).toEqual(
      expect.arrayContaining(['RMC', 'VTG', 'GGA', 'GLL']),
    );
    expect(sentences.every((frame) => /^\$[A-Z]{5},[ -~]*\*[0-9A-F]{2}$/.test(frame.text))).toBe(
      true,
    );
    expect(framer.counts().junkBytes).toBeGreaterThan(30_000);
  });

  it('keeps a sentence that binary follows without a line end', () => {
    const frames = textsOf(Buffer.concat([Buffer.from(A), Buffer.from([0xb5, 0x62, 0x01, 0x07])]));

    expect(frames).toEqual([A]);
  });

  it('drops a sentence that binary cuts short, and text inside binary', () => {
    const framer = new LineFramer();
    const cut = Buffer.concat([
      Buffer.from('$GPGGA,142305.00,1030.12'),
      Buffer.from([0xb5, 0x62]),
      Buffer.from('bD\r\n'),
    ]);

    expect(framer.push(cut)).toEqual([]);
    expect(framer.counts()).toMatchObject({ frames: 0, junk: 1 });
  });
});

describe('the line bound', () => {
  it('discards a line over 1 KiB, counts it once, and goes on', () => {
    const framer = new LineFramer();
    const long = `$GPTXT,${'x'.repeat(MAX_LINE_BYTES)}`;

    const frames = framer.push(`${long}\r\n${A}\r\n`);

    expect(frames).toEqual([{ text: A, loggedAtMs: null }]);
    expect(framer.counts().tooLong).toBe(1);
  });

  it('never holds more than the bound for an endless line fed in pieces', () => {
    const framer = new LineFramer();
    let most = 0;

    for (let i = 0; i < 1000; i++) {
      framer.push('x'.repeat(100));
      most = Math.max(most, framer.buffered);
    }
    framer.push(`\n${A}\n`);

    expect(most).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(framer.counts()).toMatchObject({ tooLong: 1, frames: 1 });
  });

  it('keeps a line of exactly 1 KiB', () => {
    const line = `$GPTXT,${'x'.repeat(MAX_LINE_BYTES - 7)}`;

    expect(textsOf(`${line}\n`, 100)).toEqual([line]);
  });
});

describe('parseIsoTimestamp', () => {
  const parse = (text: string): number | null =>
    parseIsoTimestamp(Buffer.from(text), 0, text.length);

  it('reads the OpenRVDAS form, a space separator and an offset', () => {
    expect(parse('2014-08-01T00:00:07.475000Z')).toBe(Date.UTC(2014, 7, 1, 0, 0, 7, 475));
    expect(parse('2014-08-01 00:00:07')).toBe(Date.UTC(2014, 7, 1, 0, 0, 7));
    expect(parse('2014-08-01T02:00:07+02:00')).toBe(Date.UTC(2014, 7, 1, 0, 0, 7));
  });

  it('refuses what is not a timestamp', () => {
    for (const text of [
      '# Sample-Notes: One',
      '2014-08-01',
      '2014-13-01T00:00:07Z',
      'x'.repeat(25),
    ]) {
      expect(parse(text), text).toBeNull();
    }
  });
});
