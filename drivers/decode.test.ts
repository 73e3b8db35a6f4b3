import { readFileSync } from 'node:fs';

import { parseNmeaSentence } from 'nmea-simple';
import { describe, expect, it } from 'vitest';

import { decodeLine } from './decode.js';
import { LineFramer } from './framing.js';
import { checksum, sentence } from './nmea/encode.js';
import { DECODED_SENTENCES } from './nmea/table.js';

const GGA = '$GPGGA,142305.00,1030.1234,N,11654.5678,W,2,12,0.8,12.3,M,3.1,M,5.0,0123*53';

function fixtureLines(name: string): string[] {
  const framer = new LineFramer();
  const bytes = readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
  return [...framer.push(bytes), ...framer.flush()].map((frame) => frame.text);
}

describe('checksums', () => {
  it('accepts a checksum in upper or lower case hex', () => {
    const lower = '$KIDPT,4419.96,8.20,12000.0*7e';
    const upper = '$KIDPT,4419.96,8.20,12000.0*7E';

    expect(decodeLine(lower)).toMatchObject({ ok: true, checksum: 'ok' });
    expect(decodeLine(upper)).toMatchObject({ ok: true, checksum: 'ok' });
  });

  it('rejects a wrong checksum, naming the sentence (firefly-II GGA)', () => {
    const line = '$GPGGA,005947.00,3715.6616,N,12157.6709,W,,11,0.8,86.0,M,-30.1,M,,*54';

    expect(decodeLine(line)).toEqual({ ok: false, reason: 'bad_checksum', sentence: 'GGA' });
  });

  it('rejects a checksum that is not two hex digits ending the line', () => {
    const body = GGA.slice(1, -3);
    const lines = [`$${body}*5`, `$${body}*5G`, `$${body}*531`, `$${body}*`, `$${body}*53*53`];

    for (const line of lines) expect(decodeLine(line)).toMatchObject({ reason: 'bad_checksum' });
  });

  it('accepts a sentence without a checksum, marked absent', () => {
    expect(decodeLine(GGA.slice(0, -3))).toMatchObject({ ok: true, checksum: 'absent' });
  });

  it('rejects a sentence without a checksum when checksums are required', () => {
    const result = decodeLine(GGA.slice(0, -3), { requireChecksum: true });

    expect(result).toEqual({ ok: false, reason: 'missing_checksum', sentence: 'GGA' });
  });

  it('agrees with every DOMAIN.md example: their checksums are right', () => {
    const examples = [
      GGA,
      '$GNRMC,142305.00,A,1030.1234,N,11654.5678,W,0.4,87.2,151022,,,D,V*1D',
      '$GPGLL,1030.1234,N,11654.5678,W,142305.00,A,D*72',
      '$GNGNS,142305.00,1030.1234,N,11654.5678,W,DDNN,14,0.6,12.3,3.1,5.0,0123,V*16',
      '$GPVTG,87.2,T,,M,0.4,N,0.7,K,D*36',
      '$GPZDA,142305.00,15,10,2022,00,00*60',
      '$SDDBT,15754.6,f,4802.0,M,2625.8,F*07',
      '$SDDPT,4802.0,7.5,12000*74',
      '$SDDBS,15779.2,f,4809.5,M,2629.9,F*08',
      '$HEHDT,87.25,T*27',
      '$HETHS,191.75,A*16',
      '$PSIMSSB,142305.12,B01,A,,C,N,M,-123.4,456.7,4795.2,2.1,N,,*72',
      '$PTSAG,#04127,142305.120,15,10,2022,1,1030.05123,N,11654.61234,W,F,4795.20,2,4795.10*34',
      '$PSONLLD,142305.120,1,A,10.50085,-116.91020,4795.2,,,,,,,,*21',
      '$PIXSE,POSITI,10.50085400,243.08980000,-4795.200*40',
    ];

    for (const line of examples) {
      const star = line.indexOf('*');
      expect(checksum(line.slice(1, star)), line).toBe(line.slice(star + 1));
      expect(decodeLine(line), line).toMatchObject({ ok: true, checksum: 'ok' });
    }
  });
});

describe('sentence types and talkers', () => {
  it('keys on the type, not the talker', () => {
    const talkers = ['GP', 'GN', 'GL', 'GA', 'IN', 'II', 'EC', 'KI', '02'];

    const readings = talkers.map((talker) => decodeLine(sentence(`${talker}HDT,12.5,T`)));

    for (const [i, result] of readings.entries()) {
      expect(result).toMatchObject({ ok: true, reading: { talker: talkers[i], headingDeg: 12.5 } });
    }
  });

  it('calls a well-formed sentence it does not decode unknown, naming its type', () => {
    expect(decodeLine('$02MWV,327.6,R,1.89,N*62')).toEqual({
      ok: false,
      reason: 'unknown_sentence',
      sentence: 'MWV',
    });
    expect(decodeLine('!AIVDM,1,1,,A,139W82Q00bPvsmfO:G1<9aJD086s,0*09')).toMatchObject({
      reason: 'unknown_sentence',
      sentence: 'VDM',
    });
    expect(decodeLine('$PGLOR,SPL,20200201160144.0,STATUS,2*34')).toMatchObject({
      reason: 'unknown_sentence',
      sentence: 'PGLOR',
    });
  });

  it('checks the checksum before calling a sentence unknown', () => {
    expect(decodeLine('$02MWV,327.6,R,1.89,N*63')).toMatchObject({ reason: 'bad_checksum' });
  });

  it('lists what it decodes', () => {
    expect(DECODED_SENTENCES).toEqual(
      expect.arrayContaining(['GGA', 'DPT', 'THS', 'PSIMSSB', 'PTSAG', 'PSONLLD', 'PIXSE']),
    );
  });

  it('rejects a known sentence with fewer fields than its shortest version', () => {
    expect(decodeLine(sentence('GPGGA,142305.00,1030.1234,N,11654.5678,W,1'))).toEqual({
      ok: false,
      reason: 'malformed',
      sentence: 'GGA',
    });
  });
});

describe('lines that are not sentences', () => {
  it('says so for text, comments, a lone $ and an address with spaces or lower case', () => {
    const lines = ['', '   ', '# Note: Use of $AP prefix', '$', '$,,,', '$AP prefix', '$gpgga,1'];

    for (const line of lines) expect(decodeLine(line), line).toMatchObject({ ok: false });
    for (const line of lines) expect(decodeLine(line)).toHaveProperty('reason', 'not_a_sentence');
  });

  it('says so for a sentence holding a control or non-ASCII character', () => {
    expect(decodeLine('$GPHDT,1\u00002.5,T')).toMatchObject({ reason: 'not_a_sentence' });
    expect(decodeLine('$GPHDT,12.5°,T')).toMatchObject({ reason: 'not_a_sentence' });
  });

  it('calls a line over 1 KiB too long', () => {
    const long = `$GPTXT,${'x'.repeat(1100)}`;

    expect(decodeLine(long)).toEqual({ ok: false, reason: 'too_long' });
  });

  it('ignores the line end and a doubled $', () => {
    expect(decodeLine(`${GGA}\r\n`)).toMatchObject({ ok: true, checksum: 'ok' });
    expect(decodeLine(`$${GGA}`)).toMatchObject({ ok: true, checksum: 'ok' });
  });
});

describe('agreement with nmea-simple on real fixes', () => {
  it('gives the same coordinates, times and speeds for full RMC and GGA sentences', () => {
    const lines = [
      ...fixtureLines('avnav-nmea-20130630.log'),
      ...fixtureLines('gpsd-nmea-rtk.log'),
      ...fixtureLines('openrvdas-nbp1406-s330.log'),
    ].filter((line) => /^\$..(RMC|GGA),/.test(line));
    expect(lines.length).toBeGreaterThan(40);

    for (const line of lines) {
      const ours = decodeLine(line);
      const theirs = parseNmeaSentence(line);
      if (!ours.ok || ours.reading.kind !== 'position') throw new Error(`not decoded: ${line}`);
      if (theirs.sentenceId !== 'RMC' && theirs.sentenceId !== 'GGA') throw new Error(line);

      expect(ours.reading.latDeg).toBeCloseTo(theirs.latitude, 9);
      expect(ours.reading.lonDeg).toBeCloseTo(theirs.longitude, 9);
      if (theirs.sentenceId === 'RMC') {
        expect(ours.reading.sogMps).toBeCloseTo((theirs.speedKnots * 1852) / 3600, 9);
        const { dateMs, timeOfDayMs } = ours.reading;
        expect((dateMs ?? NaN) + (timeOfDayMs ?? NaN)).toBe(theirs.datetime.getTime());
      } else {
        expect(ours.reading.timeOfDayMs).toBe(theirs.time.getTime() % 86_400_000);
      }
    }
  });
});
