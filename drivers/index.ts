/**
 * The drivers layer's public face: framing byte streams into lines, decoding lines into
 * readings, pressure to depth, and NMEA encoding for the simulator and tests.
 */
export type * from './types.js';
export { depthFromPressure, ATMOSPHERE_DBAR, DBAR_PER_PSI } from './pressure.js';
export type { FeedHandlers, FeedSource, FeedState, FeedStatus, Timers } from './feeds/source.js';
export { systemTimers } from './feeds/source.js';
export { serialFeed, listSerialPorts, type SerialFeedOptions } from './feeds/serial.js';
export { tcpFeed, parseTcpUrl, type TcpFeedOptions } from './feeds/tcp.js';
