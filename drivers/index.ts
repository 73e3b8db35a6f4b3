/**
 * The drivers layer's public face: framing byte streams into lines, decoding lines into
 * readings, pressure to depth, and NMEA encoding for the simulator and tests.
 */
export type * from './types.js';
export { LineFramer, MAX_LINE_BYTES } from './framing.js';
export type { FramerCounts } from './framing.js';
export { decodeLine } from './decode.js';
export type { DecodeOptions } from './decode.js';
export { DECODED_SENTENCES } from './nmea/table.js';
export { depthFromPressure, ATMOSPHERE_DBAR, DBAR_PER_PSI, toDbar } from './pressure.js';
export {
  checksum,
  sentence,
  encodeGga,
  encodeRmc,
  encodeZda,
  encodeVtg,
  encodeHdt,
  encodeDbt,
  encodeDpt,
  encodePsimssb,
  encodePtsag,
  encodePsonlld,
  encodePixsePositi,
  encodePixseDepin,
  encodeDigiquartz,
  encodeValeport,
  encodeSbe37,
} from './nmea/encode.js';
export type { GgaFields, RmcFields, PsimssbFields, PtsagFields } from './nmea/encode.js';
export type { FeedHandlers, FeedSource, FeedState, FeedStatus, Timers } from './feeds/source.js';
export { systemTimers } from './feeds/source.js';
export { serialFeed, listSerialPorts, type SerialFeedOptions } from './feeds/serial.js';
export { tcpFeed, parseTcpUrl, type TcpFeedOptions } from './feeds/tcp.js';
export { fileFeed, type FileFeedOptions } from './feeds/file.js';
