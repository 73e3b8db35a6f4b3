/**
 * Scheduled faults. Some change what a sensor says (silence, a clock step, a second talker, a
 * position jump) and act on observations; others damage the written line (a flipped bit, a
 * cut-off line, a wrong checksum). Each acts on the samples in `[at_s, at_s + duration_s)`.
 */
import type { FaultSpec, FaultType, SensorSpec } from './mission-types.js';
import type { Random } from './random.js';
import type { Modifier, Observation } from './sensors/observation.js';

/** One line of a feed at its simulated time (milliseconds from the mission start). */
export interface TimedLine {
  tMs: number;
  text: string;
}

/** A fault as it was applied: its window and how many lines it touched. */
export interface AppliedFault {
  feed: string;
  type: FaultType;
  fromMs: number;
  /** Null: to the end of the mission. */
  toMs: number | null;
  /** Lines dropped, damaged, changed or added. */
  lines: number;
  spec: FaultSpec;
}

/** Which sensors each fault makes sense for: a clock step needs a stated time, and so on. */
export function faultApplies(type: FaultType, sensor: SensorSpec): boolean {
  switch (type) {
    case 'silence':
    case 'corrupt':
    case 'cut':
      return true;
    case 'bad_checksum':
      return sensor.type !== 'pressure';
    case 'clock_step':
      return (
        ['gnss', 'usbl'].includes(sensor.type) ||
        (sensor.type === 'ins' && (sensor.depin || sensor.zda)) ||
        (sensor.type === 'pressure' && sensor.format === 'sbe37')
      );
    case 'duplicate_talker':
      return (
        ['gnss', 'heading', 'echosounder'].includes(sensor.type) ||
        (sensor.type === 'ins' && sensor.zda)
      );
    case 'position_jump':
      return ['gnss', 'usbl', 'ins'].includes(sensor.type);
  }
}

function within(f: FaultSpec, tMs: number): boolean {
  const from = f.atS * 1000;
  return tMs >= from && (f.durationS === null || tMs < from + f.durationS * 1000);
}

/** The lines of one feed with its faults applied, and what each fault did. */
export function writeFeed(
  observations: readonly Observation[],
  faults: readonly FaultSpec[],
  random: Random,
): { lines: TimedLine[]; applied: AppliedFault[] } {
  const counts = new Map<FaultSpec, number>(faults.map((f) => [f, 0]));
  const bump = (f: FaultSpec, n: number): void => void counts.set(f, (counts.get(f) ?? 0) + n);
  const lines: TimedLine[] = [];

  for (const obs of observations) {
    const active = faults.filter((f) => within(f, obs.tMs));
    const silence = active.find((f) => f.type === 'silence');
    if (silence) {
      bump(silence, obs.encode(modifierOf([])).length);
      continue;
    }
    const mod = modifierOf(active);
    let texts = obs.encode(mod);
    for (const f of active) if (changesContent(f.type)) bump(f, texts.length);

    const second = active.find((f) => f.type === 'duplicate_talker');
    if (second) {
      // only sentences with a talker repeat: an INS's PIXSE lines have none
      const copies = obs.encode({ ...mod, talker: second.talker });
      const original = texts;
      texts = original.flatMap((t, i) => (copies[i] && copies[i] !== t ? [t, copies[i]] : [t]));
      bump(second, texts.length - original.length);
    }
    for (const f of active) texts = damage(f, texts, random, bump);
    for (const text of texts) lines.push({ tMs: obs.tMs, text });
  }
  return { lines, applied: faults.map((f) => appliedFault(f, counts.get(f) ?? 0)) };
}

function changesContent(type: FaultType): boolean {
  return type === 'clock_step' || type === 'position_jump';
}

function modifierOf(active: readonly FaultSpec[]): Modifier {
  const mod = { clockStepMs: 0, talker: null, jumpEastM: 0, jumpNorthM: 0 };
  for (const f of active) {
    if (f.type === 'clock_step') mod.clockStepMs += f.stepS * 1000;
    if (f.type === 'position_jump') {
      mod.jumpEastM += f.eastM;
      mod.jumpNorthM += f.northM;
    }
  }
  return mod;
}

function damage(
  f: FaultSpec,
  texts: string[],
  random: Random,
  bump: (f: FaultSpec, n: number) => void,
): string[] {
  const hurt =
    f.type === 'bad_checksum'
      ? badChecksum
      : f.type === 'corrupt'
        ? flipBit
        : f.type === 'cut'
          ? cutOff
          : null;
  if (hurt === null) return texts;
  bump(f, texts.length);
  return texts.map((t) => hurt(t, random));
}

/** The checksum digits replaced by another value, the sentence left as it was. */
export function badChecksum(text: string, random: Random): string {
  const star = text.lastIndexOf('*');
  if (star < 0 || star + 3 !== text.length) return text;
  const given = parseInt(text.slice(star + 1), 16);
  const wrong = (given ^ (1 + random.int(255))) & 0xff;
  return `${text.slice(0, star + 1)}${wrong.toString(16).toUpperCase().padStart(2, '0')}`;
}

/** One bit flipped in one character of the body, as line noise does; never into a framing
 * character, so the line stays one line and the checksum is what catches it. */
export function flipBit(text: string, random: Random): string {
  const star = text.lastIndexOf('*');
  const end = star > 0 ? star : text.length;
  const first = text.startsWith('$') ? 1 : 0;
  for (;;) {
    const at = first + random.int(Math.max(1, end - first));
    const code = text.charCodeAt(at) ^ (1 << random.int(7));
    const c = String.fromCharCode(code);
    if (code >= 0x20 && code < 0x7f && !'$*!'.includes(c)) {
      return text.slice(0, at) + c + text.slice(at + 1);
    }
  }
}

/** The line cut off before its checksum, as a receiver reset or an overflowing buffer leaves it. */
export function cutOff(text: string, random: Random): string {
  const star = text.lastIndexOf('*');
  const end = star > 0 ? star : text.length - 1;
  const keep = Math.min(end, 3 + random.int(Math.max(1, end - 3)));
  return text.slice(0, keep);
}

function appliedFault(f: FaultSpec, lines: number): AppliedFault {
  const fromMs = f.atS * 1000;
  const toMs = f.durationS === null ? null : fromMs + f.durationS * 1000;
  return { feed: f.feed, type: f.type, fromMs, toMs, lines, spec: f };
}
