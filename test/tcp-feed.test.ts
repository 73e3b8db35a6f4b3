import { createServer, type Server, type Socket } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { parseTcpUrl, tcpFeed, type FeedStatus } from '../drivers/index.js';
import { until } from './helpers/wait.js';

/** A multiplexer-like NMEA server on loopback that can be stopped and restarted. */
async function nmeaServer(port = 0): Promise<{ server: Server; port: number; clients: Socket[] }> {
  const clients: Socket[] = [];
  const server = createServer((socket) => clients.push(socket));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port, clients };
}

async function stop(server: Server, clients: Socket[]): Promise<void> {
  for (const c of clients) c.destroy();
  await new Promise((r) => server.close(r));
}

describe('TCP feed on loopback', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('reads sentences, notices the server going away and reconnects when it returns', async () => {
    const first = await nmeaServer();
    const received: string[] = [];
    const statuses: FeedStatus[] = [];
    const feed = tcpFeed(
      { host: '127.0.0.1', port: first.port, silenceMs: 10_000 },
      { onData: (c) => received.push(c.toString()), onStatus: (s) => statuses.push(s) },
    );
    cleanups.push(() => feed.close());
    feed.start();

    await until(() => first.clients.length === 1);
    first.clients[0]?.write('$GPHDT,87.25,T*3D\r\n');
    await until(() => received.join('').includes('87.25'));
    await stop(first.server, first.clients);
    await until(() => statuses.length === 2);
    const second = await nmeaServer(first.port);
    cleanups.push(() => stop(second.server, second.clients));
    await until(() => second.clients.length === 1);
    second.clients[0]?.write('$GPHDT,88.00,T*35\r\n');
    await until(() => received.join('').includes('88.00'));

    expect(statuses.map((s) => s.state)).toEqual(['connected', 'disconnected', 'connected']);
  });

  it('parses tcp:// feed paths and refuses others', () => {
    expect(parseTcpUrl('tcp://10.0.0.5:4001')).toEqual({ host: '10.0.0.5', port: 4001 });
    expect(parseTcpUrl('tcp://mux:0')).toBeNull();
    expect(parseTcpUrl('/dev/ttyUSB0')).toBeNull();
  });
});
