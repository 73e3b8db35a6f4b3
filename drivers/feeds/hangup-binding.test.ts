import { EventEmitter } from 'node:events';

import { describe, expect, it } from 'vitest';

import { HangupError, readTty, type ReadFd } from './hangup-binding.js';

/** A port as serialport's Linux binding has it: an fd and a poller that signals readable. */
function fakePort(fd: number | null = 7) {
  const poller = new EventEmitter();
  const port = {
    fd,
    poller: {
      once: (event: 'readable', callback: (err: Error | null) => void) =>
        poller.once(event, callback),
    },
    openOptions: { path: '/dev/ttyUSB0' },
  };
  return { port: port as unknown as Parameters<typeof readTty>[0], poller };
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(code), { code });
}

/** Answers each read with the next of `answers`: a byte count or an errno code. */
function scripted(answers: (number | string)[]): { read: ReadFd; calls: () => number } {
  let calls = 0;
  const read: ReadFd = async () => {
    const answer = answers[calls++];
    if (typeof answer === 'string') throw errno(answer);
    return { bytesRead: answer ?? 0 };
  };
  return { read, calls: () => calls };
}

const target = () => ({ buffer: Buffer.alloc(16), offset: 0, length: 16 });

describe('readTty', () => {
  it('fails with a hangup error, naming the device, when a read returns no bytes', async () => {
    const { port } = fakePort();
    const { read, calls } = scripted([0, 5]);

    const result = readTty(port, target(), read);

    await expect(result).rejects.toBeInstanceOf(HangupError);
    await expect(result).rejects.toThrow('/dev/ttyUSB0 hung up');
    expect(calls()).toBe(1);
  });

  it('waits for the poller after EAGAIN, then returns what the next read gives', async () => {
    const { port, poller } = fakePort();
    const { read, calls } = scripted(['EAGAIN', 5]);

    const result = readTty(port, target(), read);
    await new Promise((r) => setImmediate(r));
    const callsBeforeReadable = calls();
    poller.emit('readable', null);

    expect(callsBeforeReadable).toBe(1);
    await expect(result).resolves.toMatchObject({ bytesRead: 5 });
  });

  it('passes an error of the poller on', async () => {
    const { port, poller } = fakePort();
    const { read } = scripted(['EAGAIN']);

    const result = readTty(port, target(), read);
    await new Promise((r) => setImmediate(r));
    poller.emit('readable', new Error('poll: bad file descriptor'));

    await expect(result).rejects.toThrow('bad file descriptor');
  });

  it('passes a read error other than try-again on', async () => {
    const { port } = fakePort();
    const { read } = scripted(['EIO']);

    await expect(readTty(port, target(), read)).rejects.toMatchObject({ code: 'EIO' });
  });

  it('answers a canceled error once the port is closed', async () => {
    const { port } = fakePort(null);
    const { read, calls } = scripted([5]);

    await expect(readTty(port, target(), read)).rejects.toMatchObject({ canceled: true });
    expect(calls()).toBe(0);
  });
});
