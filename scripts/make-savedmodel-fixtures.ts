// Writes the SavedModel fixtures of test/imports (fixtures/imports/savedmodel/*/saved_model.pb),
// hand-built with protobufjs by test/helpers/savedmodel.ts (TensorFlow is not installable where
// the fixtures are made). Deterministic; run `npx tsx scripts/make-savedmodel-fixtures.ts` after
// changing them and commit the files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { CLASSIFIER, HALF_PLUS_TWO, savedModel } from '../test/helpers/savedmodel.js';

const OUT = new URL('../fixtures/imports/savedmodel/', import.meta.url);
for (const [name, graphs] of [
  ['classifier', CLASSIFIER],
  ['half_plus_two', HALF_PLUS_TWO],
] as const) {
  mkdirSync(new URL(`${name}/`, OUT), { recursive: true });
  const bytes = savedModel([...graphs]);
  writeFileSync(new URL(`${name}/saved_model.pb`, OUT), bytes);
  console.log(`${name}/saved_model.pb: ${bytes.length} bytes`);
}
