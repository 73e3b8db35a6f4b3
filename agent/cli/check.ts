// `deepseaguard check --zones FILE...` (DESIGN.md §7): validates zone files and prints what they
// hold and their hash; every problem is listed and the exit code is 2. Each kind of input is
// checked by its own section below; `--config` and `--rules` have none yet.
import type { ZoneSet } from '../../rules/index.js';
import { loadZones } from '../../rules/index.js';
import { readZoneSources } from '../ruleset-files.js';
import { UsageError } from './usage-error.js';

export interface CheckOptions {
  config?: string;
  zones?: string[];
  rules?: string;
}

export async function checkCommand(options: CheckOptions): Promise<number> {
  for (const [flag, value] of [
    ['--config', options.config],
    ['--rules', options.rules],
  ] as const) {
    if (value !== undefined) {
      throw new UsageError(
        `check ${flag}: not supported yet; check zone files with --zones FILE...`,
      );
    }
  }
  if (!options.zones?.length) throw new UsageError('check: expected --zones FILE..., got none');

  const files = options.zones;
  const zones = loadZones(await readZoneSources(files));
  process.stdout.write(zoneSummary(zones, files).join('\n') + '\n');
  return 0;
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
