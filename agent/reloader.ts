// Hot reload of zones and rules (DESIGN.md §8): on SIGHUP, and when a zone or rules file
// changes, the new set is read and validated whole, then swapped in; a set with any problem is
// refused and the one in force stays.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

import { loadRulesetFiles, type LoadedRuleset } from './ruleset-files.js';

/** Editors save by several writes or a rename: wait for the files to settle. */
const SETTLE_MS = 200;

export interface ReloaderOptions {
  zoneFiles: readonly string[];
  rulesFile: string;
  onLoaded: (ruleset: LoadedRuleset, reason: string) => void;
  onRejected: (problems: string[], reason: string) => void;
}

/** Reloads on request and on file changes; `close()` stops watching. */
export class Reloader {
  #options: ReloaderOptions;
  #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> = Promise.resolve();

  constructor(options: ReloaderOptions) {
    this.#options = options;
  }

  /**
   * Watches the folders of the zone and rules files: an editor that saves by renaming a new
   * file over the old one would leave a watch on the file itself looking at a deleted inode.
   */
  watch(): void {
    const files = [...this.#options.zoneFiles, this.#options.rulesFile];
    for (const dir of new Set(files.map((f) => dirname(f)))) {
      const names = new Set(files.filter((f) => dirname(f) === dir).map((f) => basename(f)));
      try {
        const watcher = watch(dir, (_event, name) => {
          if (name !== null && names.has(name)) this.#soon(`${name} changed`);
        });
        watcher.on('error', () => undefined);
        this.#watchers.push(watcher);
      } catch {
        // a folder that cannot be watched is still reloaded on SIGHUP
      }
    }
  }

  /** Reloads now (SIGHUP); resolves when this reload is done. */
  reload(reason: string): Promise<void> {
    this.#running = this.#running.then(() => this.#load(reason));
    return this.#running;
  }

  close(): void {
    for (const watcher of this.#watchers) watcher.close();
    this.#watchers = [];
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #soon(reason: string): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.reload(reason);
    }, SETTLE_MS);
  }

  async #load(reason: string): Promise<void> {
    try {
      const ruleset = await loadRulesetFiles(this.#options.zoneFiles, this.#options.rulesFile);
      this.#options.onLoaded(ruleset, reason);
    } catch (err) {
      const listed = (err as { problems?: unknown }).problems;
      const problems = Array.isArray(listed) ? listed.map(String) : [(err as Error).message];
      this.#options.onRejected(problems, reason);
    }
  }
}
