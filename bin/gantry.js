#!/usr/bin/env node
// Gantry runs on the Node.js 24 that `npm install` puts in node_modules (the "node" package). Started by an
// older system node (`./bin/gantry.js`, a global link), it hands over to that one, with the same arguments.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const REQUIRED_MAJOR = 24;
const bundled = join(__dirname, '..', 'node_modules', 'node', 'bin', 'node');
const major = Number(process.versions.node.split('.')[0]);

if (major < REQUIRED_MAJOR && existsSync(bundled)) {
  const { spawnSync } = require('node:child_process');
  const run = spawnSync(bundled, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (run.error) throw run.error;
  process.exit(run.status ?? 1);
} else if (major < REQUIRED_MAJOR) {
  process.stderr.write(`gantry: Node.js ${REQUIRED_MAJOR} or newer is needed (this is ${process.version}); run npm install first.\n`);
  process.exit(2);
} else {
  require('../dist/src/cli/main.js').main();
}
