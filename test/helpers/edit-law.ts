/**
 * The law every importer keeps on a real document: with a few characters changed and the text cut
 * off anywhere, it reads an interface or refuses with one InputError, never anything else, and
 * never by the generic "cannot read the file as" (the format's own parser says what is wrong).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { InputError } from '../../src/core/errors.js';

export async function holdsUnderEdits(
  text: string,
  read: (edited: string) => Promise<unknown>,
  options: { characters: string[]; maxEdits: number; seed: number },
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.nat(text.length - 1), fc.constantFrom(...options.characters)), { maxLength: options.maxEdits }),
      fc.nat(text.length),
      async (edits, cut) => {
        const chars = text.slice(0, Math.max(cut, 1)).split('');
        for (const [i, c] of edits) if (i < chars.length) chars[i] = c;
        try {
          await read(chars.join(''));
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          expect((err as InputError).message).not.toMatch(/^cannot read the file as/);
        }
      },
    ),
    { seed: options.seed, numRuns: 150 },
  );
}
