import { createHash } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { chainHash, GENESIS_HASH, storedForm } from './chain.js';

describe('chainHash', () => {
  it('hashes the previous hash bytes followed by the canonical JSON', () => {
    const event = { seq: 1, kind: 'agent.started' };
    const expected = createHash('sha256')
      .update(Buffer.alloc(32))
      .update('{"kind":"agent.started","seq":1}')
      .digest('hex');

    expect(chainHash(GENESIS_HASH, event)).toBe(expected);
  });

  it('depends on the previous hash', () => {
    const event = { seq: 2 };

    expect(chainHash(GENESIS_HASH, event)).not.toBe(chainHash('1'.repeat(64), event));
  });

  it('refuses a previous hash that is not 64 hex digits', () => {
    expect(() => chainHash('sha256:00', {})).toThrow('got "sha256:00"');
  });
});

describe('storedForm', () => {
  it('hashes what a reader parses back: NaN becomes null', () => {
    const { json, value } = storedForm({ detail: { distance_m: NaN } });

    expect(json).toBe('{"detail":{"distance_m":null}}');
    expect(value).toEqual({ detail: { distance_m: null } });
  });
});
