import { describe, expect, it } from 'vitest';

import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    const value = { zone: 'a', detail: { limit_s: 60, dwell_s: 61 }, id: 'x:1' };

    expect(canonicalJson(value)).toBe(
      '{"detail":{"dwell_s":61,"limit_s":60},"id":"x:1","zone":"a"}',
    );
  });

  it('gives the same text for the same value in any key order', () => {
    const a = { seq: 1, position: { lat: 9.7, lon: -116.9 }, rule: null };
    const b = { rule: null, position: { lon: -116.9, lat: 9.7 }, seq: 1 };

    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('keeps array order', () => {
    expect(canonicalJson({ zones: ['b', 'a', { y: 1, x: 2 }] })).toBe(
      '{"zones":["b","a",{"x":2,"y":1}]}',
    );
  });

  it('writes strings and numbers as JSON.stringify does', () => {
    const value = { s: 'é "q" \n \u2028', n: 4795.2, big: 1e21, neg: -0, small: 5e-7 };

    expect(canonicalJson(value)).toBe(
      '{"big":1e+21,"n":4795.2,"neg":0,"s":"é \\"q\\" \\n \u2028","small":5e-7}',
    );
  });

  it('leaves out undefined members', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('refuses NaN and names where it is', () => {
    expect(() => canonicalJson({ detail: { depth_m: NaN } })).toThrow(
      '$.detail.depth_m: expected a JSON value, got NaN',
    );
  });

  it('refuses undefined inside an array', () => {
    expect(() => canonicalJson([1, undefined])).toThrow('$[1]');
  });
});
