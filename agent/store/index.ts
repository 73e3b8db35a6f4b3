// The store's public face (DESIGN.md §2): the writable store, the read-only reader, the chain.
export { Store, MAX_BATCH_DELAY_MS, type CloseResult } from './store.js';
export { StoreReader } from './reader.js';
export { StoreError } from './errors.js';
export { canonicalJson, CanonicalJsonError } from './canonical-json.js';
export { chainHash, GENESIS_HASH } from './chain.js';
export { verifyChain, type ChainReport } from './verify.js';
export {
  writeEvidence,
  trackGeoJson,
  rulesetsInForce,
  EVIDENCE_FORMAT,
  type EvidenceManifest,
  type EvidenceRange,
} from './evidence.js';
export { Outbox, LANES, laneOf, type Lane, type OutboxEntry } from './outbox.js';
export { systemClock } from './clock.js';
export { SCHEMA_VERSION } from './schema.js';
export type {
  AppendResult,
  ComplianceEvent,
  EngineFix,
  SourceText,
  ChainHead,
  EventFilter,
  FixFilter,
  JournalEntry,
  RawLine,
  RulesetRecord,
  RulesetSources,
  SavedState,
  StorageFailure,
  StorageRecovery,
  StoreClock,
  StoredFix,
  StoreOptions,
  StoreStatus,
} from './types.js';
