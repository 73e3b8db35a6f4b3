/**
 * `npm run bench`: every benchmark, one after the other, each against its baseline measured in
 * the same run. The live-agent figures run shortened by default (1,000 sentences; a 2-hour
 * mission); `--full` runs them at the sizes the issues name (10,000 sentences at 10 Hz, a
 * 24-hour mission at 100x under the unit's flags and under plain node: about 50 minutes).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const full = process.argv.includes('--full');

const runs: [string, string[]][] = [
  ['decode', ['bench/decode.ts']],
  ['geofence', ['bench/geofence.ts']],
  ['engine', ['bench/engine.ts']],
  ['store', ['bench/store.ts']],
  ['replay', ['bench/replay.ts']],
  [
    'latency',
    full
      ? ['bench/latency.ts']
      : ['bench/latency.ts', '--sentences', '1000', '--hours', '2', '--speedup', '100'],
  ],
];

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

// the live-agent benchmark runs the built agent
run('npm', ['run', '--silent', 'build']);
for (const [name, args] of runs) {
  console.log(`\n== ${name}`);
  run(process.execPath, ['--import', 'tsx', ...args]);
}
