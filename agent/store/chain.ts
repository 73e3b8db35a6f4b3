// The event chain of DESIGN.md §6. Record n carries
//
//   hash(n) = SHA-256( hash(n-1) ‖ UTF-8(canonical JSON of event n) )
//
// where hash(n-1) enters as its 32 raw bytes and hash(0), the genesis value before the first
// event (seq 1), is 32 zero bytes. Hashes are written as 64 lowercase hex digits. The canonical
// JSON is that of canonical-json.ts, taken of the event as stored (JSON.stringify, then parsed),
// so that a reader who parses the stored text gets back exactly what was hashed.
import { createHash } from 'node:crypto';

import { canonicalJson } from './canonical-json.js';

/** The hash before the first event: 32 zero bytes. */
export const GENESIS_HASH = '0'.repeat(64);

const HEX_HASH = /^[0-9a-f]{64}$/;

/** The chain hash of one event given the hash of the record before it. */
export function chainHash(previousHash: string, event: unknown): string {
  if (!HEX_HASH.test(previousHash)) {
    throw new Error(`chain hash: expected 64 lowercase hex digits, got "${previousHash}"`);
  }
  return createHash('sha256')
    .update(Buffer.from(previousHash, 'hex'))
    .update(canonicalJson(event), 'utf8')
    .digest('hex');
}

/** The stored text of an event and the value the chain is computed over. */
export function storedForm(event: unknown): { json: string; value: unknown } {
  // JSON.stringify turns NaN into null and drops undefined members: hash what a reader sees
  const json = JSON.stringify(event);
  return { json, value: JSON.parse(json) as unknown };
}
