/**
 * Vitest setup file: every fast-check property runs from a fixed seed unless FC_SEED says
 * otherwise, so the default `npm test` is deterministic. Random exploration is `npm run explore`,
 * which prints the seed it picked.
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : 20261129;
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
