// 200,000 random and mutated lines through LineFramer and decodeLine: nothing throws, the
// framer's buffer stays within its bound, and the heap does not grow with the stream.
import { readdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { describe, expect, it } from 'vitest';

import { decodeLine } from './decode.js';
import { LineFramer, MAX_LINE_BYTES } from './framing.js';
import { checksum } from './nmea/encode.js';
import type { DecodeResult } from './types.js';
import { mulberry32 } from '../sim/index.js';

const LINES = 200_000;
const SEED = 0x5eed_2022;

/** Real sentences and sensor lines to mutate: every frame of every fixture, and a few more. */
function seedLines(): string[] {
  const dir = new URL('./fixtures/', import.meta.url);
  const lines: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.md')) continue;
    const framer = new LineFramer();
    const bytes = readFileSync(new URL(name, dir));
    for (const frame of [...framer.push(bytes), ...framer.flush()]) lines.push(frame.text);
  }
  return [
    ...lines,
    '$PSIMSSB,142305.12,B01,A,,C,N,M,-123.4,456.7,4795.2,2.1,N,,*72',
    '$PTSAG,#04127,142305.120,15,10,2022,1,1030.05123,N,11654.61234,W,F,4795.20,2,4795.10*34',
    '$PSONLLD,142305.120,1,A,10.50085,-116.91020,4795.2,,,,,,,,*21',
    '$PIXSE,POSITI,10.50085400,243.08980000,-4795.200*40',
    '$HETHS,191.75,A*16',
    '$GNGNS,142305.00,1030.1234,N,11654.5678,W,DDNN,14,0.6,12.3,3.1,5.0,0123,V*16',
    '*00018717.1234',
    '0009.996,M,0.000',
    '24.8339,  0.97795,   -9.262, 07 Jan 2000, 04:51:39',
  ];
}

const HUGE = ['9'.repeat(40), '-1e308', '1e999', 'NaN', 'Infinity', '0x1F', '-0', '.', '-'];

/** One mutation of `line`, picked by `random`. */
function mutate(line: string, random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const at = Math.floor(random() * (line.length + 1));
  const fields = line.split(',');
  const field = Math.floor(random() * fields.length);

  switch (Math.floor(random() * 9)) {
    case 0: // a flipped byte, anywhere in 0–255
      return (
        line.slice(0, at) + String.fromCharCode(Math.floor(random() * 256)) + line.slice(at + 1)
      );
    case 1: // cut off
      return line.slice(0, at);
    case 2: // a field duplicated
      fields.splice(field, 0, fields[field] ?? '');
      return fields.join(',');
    case 3: // a huge or odd number
      fields[field] = pick(HUGE);
      return fields.join(',');
    case 4: // an empty field
      fields[field] = '';
      return fields.join(',');
    case 5: // a field dropped
      fields.splice(field, 1);
      return fields.join(',');
    case 6: // a delimiter where none belongs
      return line.slice(0, at) + pick(['$', '*', ',', '!', '$$']) + line.slice(at);
    case 7: // random printable text
      return Array.from({ length: Math.floor(random() * 90) }, () =>
        String.fromCharCode(32 + Math.floor(random() * 95)),
      ).join('');
    default: // a line past the bound
      return line + 'x'.repeat(MAX_LINE_BYTES);
  }
}

/** Gives a mutated sentence a checksum that fits, so the decoders see the mutation. */
function reseal(line: string): string {
  if (!line.startsWith('$')) return line;
  const star = line.lastIndexOf('*');
  const body = line.slice(1, star < 0 ? line.length : star);
  return body.includes('*') ? line : `$${body}*${checksum(body)}`;
}

function nextLine(seeds: string[], random: () => number): string {
  let line = seeds[Math.floor(random() * seeds.length)] as string;
  const rounds = 1 + Math.floor(random() * 3);
  for (let i = 0; i < rounds; i++) line = mutate(line, random);
  return random() < 0.5 ? reseal(line) : line;
}

const SEPARATORS = ['\r\n', '\n', '\r', '\r\n\r\n'];

function separator(random: () => number): Buffer {
  if (random() < 0.95) return Buffer.from(SEPARATORS[Math.floor(random() * 4)] as string);
  return Buffer.from(Array.from({ length: 1 + Math.floor(random() * 40) }, () => random() * 256));
}

/** A way to force a full collection, so heap figures are of live objects only. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('fuzzing the framer and the decoders', () => {
  it('never throws, keeps the buffer bounded and the heap flat over 200,000 lines', () => {
    const random = mulberry32(SEED);
    const seeds = seedLines();
    const gc = collector();
    const framer = new LineFramer();
    const reasons = new Map<string, number>();
    const count = (result: DecodeResult): void => {
      const key = result.ok ? 'ok' : result.reason;
      reasons.set(key, (reasons.get(key) ?? 0) + 1);
    };
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let mostBuffered = 0;

    for (let done = 0; done < LINES;) {
      const parts: Buffer[] = [];
      for (let i = 0; i < 500 && done < LINES; i++, done++) {
        const line = nextLine(seeds, random);
        count(decodeLine(line, { requireChecksum: random() < 0.1 }));
        parts.push(Buffer.from(line, 'latin1'), separator(random));
      }
      const stream = Buffer.concat(parts);
      // chunks of 1 to 4096 bytes, cutting lines anywhere
      for (let at = 0; at < stream.length;) {
        const end = Math.min(stream.length, at + 1 + Math.floor(random() * 4096));
        for (const frame of framer.push(stream.subarray(at, end))) count(decodeLine(frame.text));
        mostBuffered = Math.max(mostBuffered, framer.buffered);
        at = end;
      }
    }
    for (const frame of framer.flush()) count(decodeLine(frame.text));
    gc();
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;

    expect(mostBuffered).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(heapGrowthMb).toBeLessThan(50);
    expect(framer.counts().tooLong).toBeGreaterThan(0);
    expect([...reasons.keys()].sort()).toEqual([
      'bad_checksum',
      'malformed',
      'missing_checksum',
      'not_a_sentence',
      'ok',
      'too_long',
      'unknown_sentence',
    ]);
  });
});
