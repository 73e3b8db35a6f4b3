// The rules layer's public face: zones, geodesy, rules, the engine and its events.
export type * from './types.js';
export { DEFAULT_MAX_GAP_S, Engine } from './engine.js';
export type { EngineOptions, EngineState, VehicleSnapshot } from './engine.js';
export type { OpenViolation } from './checks.js';
export { MPS_PER_KN } from './checks.js';
export { FEED_KINDS, RULE_TYPES, RuleValidationError } from './ruleset.js';
export { canonicalRule, loadRules, rulesetHash } from './ruleset.js';
export type { ActivePeriod, FeedKind, Rule, RuleSet, RuleSeverity, RuleType } from './ruleset.js';
export { canonicalEventJson, eventPosition, stampEvent } from './events.js';
export type { StampOptions } from './events.js';
export { loadZones, ZoneValidationError } from './zones.js';
export { ZoneSet } from './zone-set.js';
export { canonicalJson } from './canonical-json.js';
export {
  distanceM,
  meridionalRadiusM,
  normalizeLonDeg,
  primeVerticalRadiusM,
  wrapDeltaLonDeg,
  WGS84_A_M,
  WGS84_F,
} from './geodesy.js';
