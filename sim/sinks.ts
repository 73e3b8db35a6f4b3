/**
 * Sinks for live playback: an existing pseudo-terminal (or any device or FIFO) by path, a PTY
 * pair made by socat for the agent to open, and a TCP server on 127.0.0.1 serving every client
 * that connects.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  constants,
  createWriteStream,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  type WriteStream,
} from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Sink } from './playback.js';

/** A sink that could not be set up: a path that cannot be opened, a port taken. */
export class SinkError extends Error {
  readonly code: string;

  constructor(message: string, code: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'SinkError';
    this.code = code;
  }
}

function streamSink(stream: WriteStream, onClose?: () => Promise<void>): Sink {
  return {
    write: (text) =>
      new Promise((resolve, reject) => {
        stream.write(text, 'latin1', (err) => (err ? reject(err) : resolve()));
      }),
    close: async () => {
      await new Promise<void>((resolve) => stream.end(resolve));
      await onClose?.();
    },
  };
}

/** Writes to an existing PTY, device or FIFO. O_NOCTTY: the terminal never becomes ours. */
export function openPathSink(path: string): Sink {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NOCTTY);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new SinkError(
      `${path}: expected a writable PTY or device, got ${reason}`,
      'DSG_SIM_PTY',
      err,
    );
  }
  return streamSink(createWriteStream('', { fd, encoding: 'latin1' }));
}

const SOCAT_READY_MS = 5000;

/**
 * Makes a PTY pair with socat: the agent opens `path`, the simulator writes to the other end.
 * Both ends are raw, so no byte is translated on the way. socat is stopped on close.
 */
export async function socatPtySink(path: string): Promise<Sink> {
  const writerDir = mkdtempSync(join(tmpdir(), 'dsg-sim-'));
  const writerPath = join(writerDir, 'pty');
  const socat = spawn(
    'socat',
    [`pty,raw,echo=0,link=${path}`, `pty,raw,echo=0,link=${writerPath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  socat.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const spawnError = new Promise<Error>((resolve) => socat.once('error', resolve));

  const ready = await waitFor(
    () => existsSync(path) && existsSync(writerPath),
    SOCAT_READY_MS,
    spawnError,
  );
  if (ready !== true) {
    socat.kill('SIGTERM');
    rmSync(writerDir, { recursive: true, force: true });
    const reason = ready instanceof Error ? ready.message : stderr.trim() || 'no PTY after 5 s';
    throw new SinkError(`socat for ${path}: expected a PTY pair, got ${reason}`, 'DSG_SIM_SOCAT');
  }
  const sink = openPathSink(writerPath);
  return {
    write: sink.write,
    close: async () => {
      await sink.close();
      await stop(socat);
      rmSync(writerDir, { recursive: true, force: true });
    },
  };
}

async function waitFor(
  test: () => boolean,
  timeoutMs: number,
  failure: Promise<Error>,
): Promise<true | Error | false> {
  let failed: Error | null = null;
  void failure.then((err) => (failed = err));
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (failed !== null) return failed;
    if (test()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** Lets socat pass on what it holds (it ends by itself at our EOF), then makes sure it ends. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGTERM'), 1000);
  await exited;
  clearTimeout(timer);
}

/**
 * Serves lines on 127.0.0.1:`port` to every connected client. `ready` resolves once the first
 * client is connected, so a test or an agent started alongside misses nothing.
 */
export async function tcpSink(
  port: number,
): Promise<Sink & { ready: Promise<void>; port: number }> {
  const clients = new Set<Socket>();
  let firstClient: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (firstClient = resolve));
  const server = createServer((socket) => {
    clients.add(socket);
    socket.on('close', () => clients.delete(socket));
    socket.on('error', () => clients.delete(socket));
    firstClient();
  });
  await listen(server, port);
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;

  return {
    port: bound,
    ready,
    write: async (text) => {
      await Promise.all([...clients].map((c) => writeTo(c, text)));
    },
    close: async () => {
      await Promise.all([...clients].map((c) => new Promise<void>((r) => c.end(r))));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new SinkError(
          `127.0.0.1:${port}: expected a free port, got ${err.code}`,
          'DSG_SIM_TCP',
          err,
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

/** A client that has gone is dropped, not waited on. */
function writeTo(socket: Socket, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.write(text, 'latin1', () => resolve());
  });
}
