import { expect } from 'vitest';
import { InputError } from '../../src/core/errors.js';

/** The InputError `f` throws; fails the test when it throws nothing, or anything else. */
export function thrown(f: () => unknown): InputError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}
