import { describe, expect, it } from 'vitest';

import { decodeLine } from '../decode.js';
import type { Reading } from '../types.js';
import { sentence } from './encode.js';

function readingOf(line: string): Reading {
  const result = decodeLine(line);
  if (!result.ok) throw new Error(`${line} was rejected: ${result.reason}`);
  return result.reading;
}

describe('PIXSE', () => {
  it('decodes the DOMAIN.md POSITI example, bringing 0–360 longitude to [-180, 180)', () => {
    const r = readingOf('$PIXSE,POSITI,10.50085400,243.08980000,-4795.200*40');

    expect(r).toMatchObject({ kind: 'position', sentence: 'PIXSE,POSITI', talker: '' });
    expect(r).toMatchObject({ latDeg: 10.500854, depthM: 4795.2, valid: true });
    expect(r.kind === 'position' && r.lonDeg).toBeCloseTo(-116.9102, 10);
  });

  it('has no time of its own', () => {
    const r = readingOf('$PIXSE,POSITI,10.50085400,243.08980000,-4795.200*40');

    expect(r).toMatchObject({ timeOfDayMs: null, dateMs: null });
  });

  it('keeps an eastern longitude below 180 and maps exactly 180 to -180', () => {
    const east = readingOf(sentence('PIXSE,POSITI,1.0,179.5,-10.0'));
    const antimeridian = readingOf(sentence('PIXSE,POSITI,1.0,180.0,-10.0'));

    expect(east).toMatchObject({ lonDeg: 179.5 });
    expect(antimeridian).toMatchObject({ lonDeg: -180 });
  });

  it('decodes DEPIN_ as a depth, undated', () => {
    expect(readingOf(sentence('PIXSE,DEPIN_,4795.200,142305.120'))).toEqual({
      kind: 'depth',
      sentence: 'PIXSE,DEPIN_',
      talker: '',
      timeOfDayMs: null,
      dateMs: null,
      depthM: 4795.2,
    });
  });

  it('decodes STDPOS standard deviations in metres', () => {
    expect(readingOf(sentence('PIXSE,STDPOS,1.25,1.50,0.30'))).toEqual({
      kind: 'position_std',
      sentence: 'PIXSE,STDPOS',
      talker: '',
      latStdM: 1.25,
      lonStdM: 1.5,
      altStdM: 0.3,
    });
  });

  it('calls the subtypes it does not decode unknown', () => {
    const line = sentence('PIXSE,ATITUD,-1.641,-0.490');

    expect(decodeLine(line)).toEqual({ ok: false, reason: 'unknown_sentence', sentence: 'PIXSE' });
  });
});
