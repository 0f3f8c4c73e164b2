import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/core/errors.js';
import type { SchemaSet } from '../../src/analysers/interface/schema-set.js';
import { rowsFromFile, type Row, type RowSource } from '../../src/readers/rows.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/behavior');
export const fixture = (...parts: string[]) => path.join(FIXTURES, ...parts);

export async function collect<V>(source: RowSource<V>): Promise<Row<V>[]> {
  const out: Row<V>[] = [];
  for await (const row of source.rows()) out.push(row);
  return out;
}

/** The InputError a promise rejects with (fails the test when it resolves or throws something else). */
export async function inputError(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

/** A schema set as the contract loader builds it: the schema inline in a contract at `dir`. */
export function inlineSchema(value: unknown, dir = 'models/m'): SchemaSet {
  const id = `${dir}/model-contract.yaml#/interface/output`;
  return { entry: id, docs: { [id]: { id, dir, value } } };
}

/** Predictions (any JSON value per line) of a fixture. */
export const predictions = (...parts: string[]) => rowsFromFile(fixture(...parts), { values: 'any', name: parts.join('/') });
export const inputs = (...parts: string[]) => rowsFromFile(fixture(...parts), { name: parts.join('/') });
