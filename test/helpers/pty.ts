// A pair of pseudo-terminals joined by socat: the agent opens `device`, the test writes to
// `writer`. Killing socat removes both links, as an unplugged USB adapter removes its device.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

export interface PtyPair {
  device: string;
  writer: string;
  /** Writes bytes to the writer end. */
  write(text: string | Buffer): Promise<void>;
  /** Unplugs: ends socat, so both links disappear. */
  unplug(): Promise<void>;
  /** Plugs back in at the same paths. */
  plug(): Promise<void>;
  close(): Promise<void>;
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function ptyPair(dir: string, name = 'tty'): Promise<PtyPair> {
  const device = join(dir, `${name}-device`);
  const writer = join(dir, `${name}-writer`);
  let socat: ChildProcess | null = null;
  let handle: FileHandle | null = null;

  const plug = async (): Promise<void> => {
    socat = spawn('socat', [`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${writer}`], {
      stdio: 'ignore',
    });
    await waitFor(() => existsSync(device) && existsSync(writer), 5000, `socat links ${device}`);
    handle = await open(writer, 'w');
  };

  const unplug = async (): Promise<void> => {
    await handle?.close();
    handle = null;
    const child = socat;
    socat = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    await waitFor(() => !existsSync(device), 5000, `${device} to disappear`);
  };

  await plug();
  return {
    device,
    writer,
    write: async (text) => {
      if (!handle) throw new Error('pty is unplugged');
      await handle.write(typeof text === 'string' ? Buffer.from(text) : text);
    },
    unplug,
    plug,
    close: unplug,
  };
}
