// NMEA over TCP, as vessel networks and multiplexers serve it: the same reconnect loop as a
// serial device.
import { connect } from 'node:net';

import { ReconnectingSource, type Connection, type ReconnectOptions } from './reconnecting.js';
import type { FeedHandlers, FeedSource } from './source.js';

export interface TcpFeedOptions extends ReconnectOptions {
  host: string;
  port: number;
}

function openTcp(
  options: TcpFeedOptions,
  onData: (chunk: Buffer) => void,
  onEnd: (reason: string) => void,
): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: options.host, port: options.port });
    let open = false;
    const end = (reason: string): void => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      if (open) onEnd(reason);
      else reject(Object.assign(new Error(reason), { code: reason }));
      open = false;
    };
    socket.once('connect', () => {
      open = true;
      socket.on('data', onData);
      resolve({ close: () => socket.destroy() });
    });
    socket.on('error', (e: NodeJS.ErrnoException) => end(e.code ?? e.message));
    socket.on('close', () => end('closed'));
  });
}

/** Parses `tcp://host:port`; null when the text is not such a URL. */
export function parseTcpUrl(text: string): { host: string; port: number } | null {
  const match = /^tcp:\/\/([^:/]+):(\d{1,5})$/.exec(text);
  if (!match) return null;
  const port = Number(match[2]);
  return port > 0 && port < 65_536 ? { host: match[1] ?? '', port } : null;
}

/** A TCP client feed with reconnection and silence detection. */
export function tcpFeed(options: TcpFeedOptions, handlers: FeedHandlers): FeedSource {
  return new ReconnectingSource(
    (onData, onEnd) => openTcp(options, onData, onEnd),
    handlers,
    options,
  );
}
