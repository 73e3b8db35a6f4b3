// Zones and rules as the agent loads them: files read here, parsed and validated by rules/.
// Replay, check and the daemon (start and every reload) all come through this one door.
import { readFile } from 'node:fs/promises';

import type { RuleSet, SourceText, ZoneSet } from '../rules/index.js';
import { loadRules, loadZones, rulesetHash } from '../rules/index.js';

import { UsageError } from './errors.js';

/** A validated configuration of zones and rules, with the texts it came from. */
export interface LoadedRuleset {
  zones: ZoneSet;
  rules: RuleSet;
  /** `sha256:` over zones and rules: what every event carries. */
  hash: string;
  zoneSources: SourceText[];
  rulesSource: SourceText;
}

/** Reads a file the user named; a missing one is bad input (exit 2), named. */
export async function readSource(path: string, what: string): Promise<SourceText> {
  try {
    return { file: path, text: await readFile(path, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`cannot read ${what} file "${path}": ${code}`, 'DSG_USAGE', {
      cause: err,
    });
  }
}

export async function readZoneSources(files: readonly string[]): Promise<SourceText[]> {
  if (files.length === 0) throw new UsageError('expected at least one --zones file, got none');
  return Promise.all(files.map((file) => readSource(file, 'zones')));
}

/** Builds the ruleset from texts already read (the store keeps them for audits). */
export function buildRuleset(zoneSources: SourceText[], rulesSource: SourceText): LoadedRuleset {
  const zones = loadZones(zoneSources);
  const rules = loadRules(rulesSource, zones);
  return { zones, rules, hash: rulesetHash(zones.hash, rules), zoneSources, rulesSource };
}

/** Reads and validates zone files and a rules file; throws listing every problem. */
export async function loadRulesetFiles(
  zoneFiles: readonly string[],
  rulesFile: string,
): Promise<LoadedRuleset> {
  const [zoneSources, rulesSource] = await Promise.all([
    readZoneSources(zoneFiles),
    readSource(rulesFile, 'rules'),
  ]);
  return buildRuleset(zoneSources, rulesSource);
}
