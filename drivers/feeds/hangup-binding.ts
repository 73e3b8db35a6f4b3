// serialport's own binding, with one change: a read that returns no bytes ends the port.
//
// The binding opens a tty non-blocking with VMIN=1, so a live tty with nothing to say answers
// EAGAIN, never 0. A tty that has been hung up (its USB adapter unplugged, its PTY master closed)
// answers 0 to every read. serialport reads again at once when it gets 0, so when the hangup
// lands between its poller waking and its read, the port spins a core on empty reads and never
// reports the loss (on a PTY, 22 of 300 unplugs; test/serial-feed.test.ts). Here, 0 bytes is the
// end of the device: the read fails, the stream closes, and the feed reconnects.
import { read } from 'node:fs';
import { promisify } from 'node:util';

import { autoDetect, BindingsError } from '@serialport/bindings-cpp';
// the binding interface's types, as bindings-cpp re-exports them
import type {
  BindingInterface,
  BindingPortInterface,
  OpenOptions,
  PortInfo,
  SetOptions,
  UpdateOptions,
} from '@serialport/bindings-cpp';

type ReadResult = { buffer: Buffer; bytesRead: number };

/** The parts of serialport's Linux and macOS port bindings that reading needs. */
interface UnixPort extends BindingPortInterface {
  fd: number | null;
  poller: { once(event: 'readable', callback: (err: Error | null) => void): unknown };
}

/** What fs.read answers; injected in tests. */
export type ReadFd = (
  fd: number,
  buffer: Buffer,
  offset: number,
  length: number,
) => Promise<{ bytesRead: number }>;

const readAsync = promisify(read);
const readFd: ReadFd = (fd, buffer, offset, length) => readAsync(fd, buffer, offset, length, null);

// the errno codes of a non-blocking read with nothing to read yet
const TRY_AGAIN = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);

/** The error a read of a hung-up tty fails with. */
export class HangupError extends Error {
  readonly code = 'DSG_SERIAL_HANGUP';

  constructor(path: string) {
    super(`serial device ${path} hung up: a read returned no bytes, expected data or EAGAIN`);
    this.name = 'HangupError';
  }
}

function isUnixPort(port: BindingPortInterface): port is UnixPort {
  return 'poller' in port && 'fd' in port;
}

function readable(port: UnixPort): Promise<void> {
  return new Promise((resolve, reject) => {
    port.poller.once('readable', (err) => (err ? reject(err) : resolve()));
  });
}

/** Reads at least one byte, waiting on the port's poller; no bytes at all is a hangup. */
export async function readTty(
  port: UnixPort,
  target: { buffer: Buffer; offset: number; length: number },
  readBytes: ReadFd = readFd,
): Promise<ReadResult> {
  const { buffer, offset, length } = target;
  for (;;) {
    // the stream ignores a canceled read: the port was closed on purpose
    if (port.fd === null) throw new BindingsError('Port is not open', { canceled: true });
    const bytesRead = await readBytes(port.fd, buffer, offset, length).then(
      (result) => result.bytesRead,
      (err: NodeJS.ErrnoException) => {
        if (TRY_AGAIN.has(err.code ?? '')) return null;
        throw err;
      },
    );
    if (bytesRead === 0) throw new HangupError(port.openOptions.path);
    if (bytesRead !== null) return { buffer, bytesRead };
    await readable(port);
  }
}

/** A port of serialport's binding whose reads end at a hangup. */
class HangupAwarePort implements BindingPortInterface {
  readonly #port: BindingPortInterface;
  /** The same port when it reads through a poller (Linux, macOS); else null. */
  readonly #unix: UnixPort | null;

  constructor(port: BindingPortInterface) {
    this.#port = port;
    this.#unix = isUnixPort(port) ? port : null;
  }

  get openOptions(): Required<OpenOptions> {
    return this.#port.openOptions;
  }

  get isOpen(): boolean {
    return this.#port.isOpen;
  }

  read(buffer: Buffer, offset: number, length: number): Promise<ReadResult> {
    if (this.#unix === null) return this.#port.read(buffer, offset, length);
    return readTty(this.#unix, { buffer, offset, length });
  }

  close = (): Promise<void> => this.#port.close();
  write = (buffer: Buffer): Promise<void> => this.#port.write(buffer);
  update = (options: UpdateOptions): Promise<void> => this.#port.update(options);
  set = (options: SetOptions): Promise<void> => this.#port.set(options);
  get = (): ReturnType<BindingPortInterface['get']> => this.#port.get();
  getBaudRate = (): ReturnType<BindingPortInterface['getBaudRate']> => this.#port.getBaudRate();
  flush = (): Promise<void> => this.#port.flush();
  drain = (): Promise<void> => this.#port.drain();
}

const platform = autoDetect() as BindingInterface;

/** serialport's binding for this platform, with reads that end at a hangup. */
export const hangupAwareBinding: BindingInterface<HangupAwarePort, OpenOptions, PortInfo> = {
  list: () => platform.list(),
  open: async (options: OpenOptions) => new HangupAwarePort(await platform.open(options)),
};
