import { describe, expect, it } from 'vitest';

import { dateMs, Fields, parseDecimal, parseTimeOfDay } from './fields.js';

function fieldsOf(body: string): Fields {
  const f = new Fields();
  f.scan(body, 0, body.length);
  return f;
}

describe('parseDecimal', () => {
  it('gives exactly what Number() gives for plain decimals', () => {
    const samples = ['0', '-0.5', '+12.25', '5420.4738', '.5', '7.', '0009.996', '-116.91020'];
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 16807) % 2147483647;
      const digits = String(seed);
      const dot = seed % (digits.length + 1);
      samples.push(`${seed % 3 === 0 ? '-' : ''}${digits.slice(0, dot)}.${digits.slice(dot)}`);
    }
    samples.push('12345678901234567.891', '0.00000000000000000000001');

    for (const text of samples) expect(parseDecimal(text, 0, text.length), text).toBe(Number(text));
  });

  it('refuses what is not a plain decimal', () => {
    for (const text of ['', '-', '.', '1e5', '0x1F', '1.2.3', ' 1', 'NaN', 'Infinity', '1-']) {
      expect(parseDecimal(text, 0, text.length), text).toBeNaN();
    }
  });
});

describe('parseTimeOfDay', () => {
  it('reads hhmmss with or without a fraction, up to a leap second', () => {
    const parse = (text: string): number => parseTimeOfDay(text, 0, text.length);

    expect(parse('000000')).toBe(0);
    expect(parse('142305.12')).toBe(51_785_120);
    expect(parse('235960')).toBe(86_400_000);
    expect([parse('240000'), parse('126000'), parse('1423'), parse('142305,1')]).toEqual([
      NaN,
      NaN,
      NaN,
      NaN,
    ]);
  });
});

describe('dateMs', () => {
  it('knows leap years and month lengths', () => {
    expect(dateMs(2024, 2, 29)).toBe(Date.UTC(2024, 1, 29));
    expect([dateMs(2023, 2, 29), dateMs(1900, 2, 29), dateMs(2022, 4, 31)]).toEqual([
      null,
      null,
      null,
    ]);
    expect(dateMs(2000, 2, 29)).toBe(Date.UTC(2000, 1, 29));
  });
});

describe('Fields', () => {
  it('counts fields, tells empty from absent, and reads single characters', () => {
    const f = fieldsOf('GPGLL,1030.1234,N,,W');

    expect(f.count).toBe(5);
    expect([f.empty(3), f.empty(4), f.empty(9)]).toEqual([true, false, true]);
    expect(f.char(2)).toBe(78);
    expect(f.char(1)).toBe(0);
  });

  it('returns null for an empty coordinate pair and NaN for half of one', () => {
    expect(fieldsOf('X,,,,').latitude(1)).toBeNull();
    expect(fieldsOf('X,1030.1,,,').latitude(1)).toBeNaN();
    expect(fieldsOf('X,,N,,').latitude(1)).toBeNaN();
  });

  it('reads a latitude with few leading digits as some receivers send it', () => {
    expect(fieldsOf('X,930.0000,S').latitude(1)).toBeCloseTo(-9.5, 12);
  });
});
