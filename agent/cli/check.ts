// `deepseaguard check` (DESIGN.md §7): validates a configuration, zone files and a rules file,
// and prints what they hold with their hashes; every problem is listed and the exit code is 2.
import type { RuleSet, ZoneSet } from '../../rules/index.js';
import { loadZones } from '../../rules/index.js';
import { parseConfig, type AgentConfig } from '../config.js';
import { loadRulesetFiles, readSource, readZoneSources } from '../ruleset-files.js';
import { UsageError } from '../errors.js';

export interface CheckOptions {
  config?: string;
  zones?: string[];
  rules?: string;
}

export async function checkCommand(options: CheckOptions): Promise<number> {
  const lines = options.config
    ? await checkConfig(options)
    : await checkZonesAndRules(options.zones ?? [], options.rules);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

async function checkZonesAndRules(zoneFiles: string[], rulesFile?: string): Promise<string[]> {
  if (zoneFiles.length === 0) {
    // a rule's zone selectors can only be checked against zones
    throw new UsageError('check: expected --zones FILE... (with --rules, or --config), got none');
  }
  if (rulesFile === undefined) {
    return zoneSummary(loadZones(await readZoneSources(zoneFiles)), zoneFiles);
  }
  const ruleset = await loadRulesetFiles(zoneFiles, rulesFile);
  return [
    ...zoneSummary(ruleset.zones, zoneFiles),
    ...rulesSummary(ruleset.rules, rulesFile),
    `ruleset hash: ${ruleset.hash}`,
  ];
}

async function checkConfig(options: CheckOptions): Promise<string[]> {
  if (options.zones?.length || options.rules) {
    throw new UsageError(
      'check --config: the zones and rules are the ones it names; drop --zones and --rules',
    );
  }
  const source = await readSource(options.config as string, 'configuration');
  const config = parseConfig(source.file, source.text);
  return [...configSummary(config), ...(await checkZonesAndRules(config.zones, config.rules))];
}

function configSummary(config: AgentConfig): string[] {
  return [
    `configuration: ${config.file}`,
    `  agent ${config.agentId}, default vehicle ${config.vehicle}, log level ${config.logLevel}`,
    `  store ${config.store.path} (budget ${config.store.maxMb} MB)`,
    `feeds: ${config.feeds.length}`,
    ...config.feeds.map(
      (f) =>
        `  ${f.name}: ${f.path} (${f.protocol}${f.format ? ` ${f.format}` : ''}, ` +
        `vehicle ${f.vehicle}, silence ${f.silenceS} s)`,
    ),
  ];
}

/** The rules lines of a check summary: how many, of which types and severities. */
export function rulesSummary(rules: RuleSet, file: string): string[] {
  const count = (key: (r: RuleSet['rules'][number]) => string): string => {
    const tally = new Map<string, number>();
    for (const rule of rules.rules) tally.set(key(rule), (tally.get(key(rule)) ?? 0) + 1);
    return [...tally].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  };
  return [
    `rules: ${rules.rules.length} from ${file}`,
    `  types: ${count((r) => r.type)}`,
    `  severities: ${count((r) => r.severity)}`,
  ];
}

/** The zone lines of a check summary: how many zones from which files, of which kinds, hash. */
export function zoneSummary(zones: ZoneSet, files: readonly string[]): string[] {
  const perFile = files.map((file) => {
    const count = zones.zones.filter((zone) => zone.file === file).length;
    return `  ${file}: ${count}`;
  });
  const kinds = new Map<string, number>();
  for (const zone of zones.zones) {
    const kind = zone.kind ?? '(no kind)';
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const fileCount = files.length === 1 ? '1 file' : `${files.length} files`;
  return [
    `zones: ${zones.zones.length} from ${fileCount}`,
    ...perFile,
    `kinds: ${[...kinds].map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none'}`,
    `zones hash: ${zones.hash}`,
  ];
}
