#!/usr/bin/env node
// The `deepseaguard` executable. Exit codes (DESIGN.md §7): 0 done, 1 internal failure, 2 bad
// usage or bad input, 3 a verification that failed. Each command lives in its own file and is
// imported only when it runs, so `--version` and `--help` start fast.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';

import { exitCodeOf, formatError } from './exit.js';

const EXIT_USAGE = 2;

function packageVersion(): string {
  // dist/agent/cli/main.js and agent/cli/main.ts sit at different depths below package.json.
  for (const up of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'deepseaguard' && pkg.version) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

type Handler = (...args: unknown[]) => Promise<number>;

/** Wraps a lazily imported command so its exit code becomes the process's. */
function lazy(load: () => Promise<Handler>): (...args: unknown[]) => Promise<void> {
  return async (...args) => {
    const handler = await load();
    process.exitCode = await handler(...args);
  };
}

function buildProgram(): Command {
  const program = new Command('deepseaguard')
    .description('On-board compliance agent for deep-seabed vehicles')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('replay')
    .description('run recorded feeds through the pipeline and print events or fused fixes')
    .argument('[logs...]', 'recorded NMEA or sensor logs')
    .option('--zones <file>', 'zone file (GeoJSON); repeatable', collect)
    .option('--rules <file>', 'rules file (JSON or YAML)')
    .option('--vehicle <id>', 'vehicle the logs belong to', 'vehicle')
    .option('--agent <id>', 'agent id used in event ids', 'replay')
    .option('--date <YYYY-MM-DD>', 'date for logs whose sentences carry no date')
    .option('--db <path>', 'store everything in this SQLite database')
    .option('--from-journal', 're-run the mission stored in --db from its raw journal')
    .option('--require-checksum', 'reject sentences that carry no checksum')
    .option('--fixes', 'print the fused fixes instead of events')
    .option('--json', 'print JSON Lines')
    .action(lazy(async () => (await import('./replay.js')).replayCommand as Handler));

  program
    .command('locate')
    .description('which zones contain a position and which boundaries are near it')
    .argument('[lat]', 'latitude, decimal degrees')
    .argument('[lon]', 'longitude, decimal degrees')
    .requiredOption('--zones <file>', 'zone file (GeoJSON); repeatable', collect)
    .option('--within <m>', 'report boundaries within this many metres', '10000')
    .action(lazy(async () => (await import('./locate.js')).locateCommand as Handler));

  program
    .command('check')
    .description('validate a configuration, zone or rules files and print their hash')
    .option('--config <file>', 'agent configuration file')
    .option('--zones <file>', 'zone file (GeoJSON); repeatable', collect)
    .option('--rules <file>', 'rules file (JSON or YAML)')
    .action(lazy(async () => (await import('./check.js')).checkCommand as Handler));

  program
    .command('run')
    .description('run the agent daemon (under systemd: Type=notify)')
    .requiredOption('--config <file>', 'agent configuration file (JSON or YAML)')
    .action(
      lazy(async () => {
        const { runCommand } = await import('./run.js');
        return ((options: { config: string }) => runCommand(options, packageVersion())) as Handler;
      }),
    );

  program
    .command('events')
    .description('print the events stored in an agent database')
    .requiredOption('--db <path>', 'the agent database (SQLite)')
    .option('--since <seq>', 'only events after this seq')
    .option('--vehicle <id>', 'only events of this vehicle')
    .option('--kind <kind>', 'only events of this kind (violation.opened, zone.entered, ...)')
    .option('--severity <s>', 'only events of this severity (critical, warning, info)')
    .option('--json', 'print JSON Lines')
    .action(lazy(async () => (await import('./events.js')).eventsCommand as Handler));

  program
    .command('verify')
    .description('check the hash chain of the stored events; exit 3 naming the first broken one')
    .requiredOption('--db <path>', 'the agent database (SQLite)')
    .action(lazy(async () => (await import('./verify.js')).verifyCommand as Handler));

  program
    .command('export')
    .description('write an evidence bundle: events, track, zones and rules in force, hashes')
    .requiredOption('--db <path>', 'the agent database (SQLite)')
    .requiredOption('--from <time>', 'start, ISO 8601 with zone, or a date (from 00:00Z)')
    .requiredOption('--to <time>', 'end, ISO 8601 with zone, or a date (to the end of that day)')
    .requiredOption('--out <dir>', 'a new or empty directory for the bundle')
    .action(lazy(async () => (await import('./export.js')).exportCommand as Handler));

  const sim = program
    .command('sim')
    .description('simulate missions to files, PTYs or TCP ports; move a recorded track');
  sim
    .command('run')
    .description('simulate a mission: one NMEA file per feed, a manifest with the ground truth')
    .argument('<mission>', 'mission file (YAML or JSON)')
    .option('--seed <n>', 'seed of the noise and faults: the same seed, the same bytes', '1')
    .option('--out <path>', 'a directory (or a file, for a one-feed mission)')
    .option('--pty <[feed=]path>', 'play a feed to a PTY (socat makes one); repeatable', collect)
    .option('--tcp <[feed=]port>', 'serve a feed on 127.0.0.1:PORT; repeatable', collect)
    .option('--rate <x>', 'playback speed, simulated seconds per second', '1')
    .option('--stamp', 'begin each line of the files with its logger time (ISO 8601)')
    .action(lazy(async () => (await import('./sim.js')).simRunCommand as Handler));
  sim
    .command('relocate')
    .description('move a recorded track to another place, keeping its speeds and noise')
    .argument('<log>', 'recorded NMEA log')
    .requiredOption('--to <lat,lon>', 'where the first fix goes, decimal degrees')
    .requiredOption('--out <file>', 'the relocated log')
    .action(lazy(async () => (await import('./sim.js')).simRelocateCommand as Handler));

  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; everything else is bad usage.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    process.stderr.write(formatError(err));
    process.exitCode = exitCodeOf(err);
  }
}

await main(process.argv);
