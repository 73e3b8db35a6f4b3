// The service unit as the tests and the live-agent benchmark read it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const UNIT_PATH = fileURLToPath(
  new URL('../../systemd/deepseaguard.service', import.meta.url),
);

/** The node flags the unit runs the agent with: the words between `node` and the script. */
export function serviceNodeFlags(unitText = readFileSync(UNIT_PATH, 'utf8')): string[] {
  const execStart = /^ExecStart=(.*)$/m.exec(unitText)?.[1];
  if (execStart === undefined) throw new Error(`${UNIT_PATH}: no ExecStart line`);
  const words = execStart.trim().split(/\s+/);
  const script = words.findIndex((word) => word.endsWith('.js'));
  if (script < 1) throw new Error(`${UNIT_PATH}: ExecStart runs no script: "${execStart}"`);
  return words.slice(1, script);
}
