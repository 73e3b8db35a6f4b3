// Serial feeds through `serialport`. An unplugged USB adapter shows as an error, a close or a
// hangup (hangup-binding.ts), and sometimes as nothing at all: the reconnect loop's silence limit
// covers that case.
import { SerialPortStream } from '@serialport/stream';

import { hangupAwareBinding } from './hangup-binding.js';
import { ReconnectingSource, type Connection, type ReconnectOptions } from './reconnecting.js';
import type { FeedHandlers, FeedSource } from './source.js';

export interface SerialFeedOptions extends ReconnectOptions {
  path: string;
  /** Ignored by pseudo-terminals; real ports need the instrument's rate. */
  baud: number;
}

function openSerial(
  options: SerialFeedOptions,
  onData: (chunk: Buffer) => void,
  onEnd: (reason: string) => void,
): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const port = new SerialPortStream({
      binding: hangupAwareBinding,
      path: options.path,
      baudRate: options.baud,
      autoOpen: false,
    });
    let ended = false;
    const end = (reason: string): void => {
      if (ended) return;
      ended = true;
      port.removeAllListeners();
      port.on('error', () => undefined);
      if (port.isOpen) port.close(() => undefined);
      onEnd(reason);
    };
    port.open((err) => {
      if (err) {
        port.removeAllListeners();
        reject(err);
        return;
      }
      port.on('data', onData);
      port.on('error', (e: NodeJS.ErrnoException) => end(e.code ?? e.message));
      // a close with an error is the device's loss, not the agent's doing
      port.on('close', (err?: Error | null) => end(err ? err.message : 'closed'));
      resolve({ close: () => end('closed by agent') });
    });
  });
}

/** A serial device read with reconnection and silence detection. */
export function serialFeed(options: SerialFeedOptions, handlers: FeedHandlers): FeedSource {
  return new ReconnectingSource(
    (onData, onEnd) => openSerial(options, onData, onEnd),
    handlers,
    options,
  );
}

/** Serial ports the system knows (needs udevadm on Linux). */
export async function listSerialPorts(): Promise<{ path: string; manufacturer?: string }[]> {
  return hangupAwareBinding.list();
}
