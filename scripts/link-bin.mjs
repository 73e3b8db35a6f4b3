// Runs after the build (npm's `prepare`, so `npm ci` runs it): npm links the `bin` of the
// packages a project depends on, never the project's own, so `node_modules/.bin/deepseaguard`
// is made here, pointing at the built command line.
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist/agent/cli/main.js');
const link = join(root, 'node_modules/.bin/deepseaguard');

chmodSync(target, 0o755);
mkdirSync(dirname(link), { recursive: true });
rmSync(link, { force: true });
symlinkSync('../../dist/agent/cli/main.js', link);
