/**
 * Whether two sub-schemas mean the same, for the rules that compare a sub-schema whole rather
 * than through the walk (an `if` condition, `contains` under `maxContains`, the branches of an
 * overlapping `oneOf`, a `contentSchema`): annotations aside, `true` as `{}`, and references
 * followed at every level, so a refactor into `$defs` is no change and the same `$ref` text
 * pointing at a changed definition is one.
 */
import type { JsonObject } from '../../core/json.js';
import { sameTree } from '../../core/same-tree.js';
import { has, holdsReference, isObject, jsonEqual, objectId, structuralHash } from '../../core/json.js';
import { escapeToken } from '../../core/pointer.js';
import type { Located, Side } from './resolve.js';
import { isForeignKeyword } from './vocabulary.js';
import { NON_CONSTRAINING_IN_PLACE, SCHEMA_KEYWORDS, SCHEMA_LIST_KEYWORDS, SCHEMA_MAP_KEYWORDS } from './keywords.js';

/**
 * Iterative (any depth); each pair of schemas is compared once per question, so recursive schemas
 * terminate. `memo` (one per diff) keeps the answers by pair of schemas: a pair found different
 * makes every pair above it on the way different too, and a question answered "the same" makes
 * every pair it looked at the same, so nested questions (a `oneOf` in a `oneOf` …) cost no more
 * than one walk in all.
 */
export function sameMeaning(oldSide: Side, o: Located, newSide: Side, n: Located, memo: Map<string, boolean>): boolean {
  const visited: { key: string; parent: number }[] = [];
  const stack: [Located, Located, number][] = [[o, n, -1]];
  const seen = new Set<string>();
  const different = (from: number): false => {
    for (let i = from; i >= 0; i = visited[i]!.parent) memo.set(visited[i]!.key, false);
    return false;
  };
  while (stack.length > 0) {
    const [a, b, parent] = stack.pop()!;
    const key = `${objectId(a.schema)}|${objectId(b.schema)}`;
    const known = memo.get(key);
    if (known === false) return different(parent);
    if (known === true || seen.has(key)) continue;
    seen.add(key);
    const self = visited.push({ key, parent }) - 1;
    const x: JsonObject = a.schema;
    const y: JsonObject = b.schema;
    // Identical text without references: nothing below can differ.
    if (x === y || (sameTree(x, y) ?? (!holdsReference(x) && !holdsReference(y) && structuralHash(x) === structuralHash(y)))) continue;
    const kx = Object.keys(x).filter((k) => !NON_CONSTRAINING_IN_PLACE.has(k) && !isForeignKeyword(k) && !k.startsWith('x-'));
    const ky = Object.keys(y).filter((k) => !NON_CONSTRAINING_IN_PLACE.has(k) && !isForeignKeyword(k) && !k.startsWith('x-'));
    if (kx.length !== ky.length || !kx.every((k) => has(y, k))) return different(self);
    const both = (subPath: string) => stack.push([oldSide.sub(a, subPath), newSide.sub(b, subPath), self]);
    for (const k of kx) {
      const vx = x[k];
      const vy = y[k];
      const path = `/${escapeToken(k)}`;
      if (SCHEMA_LIST_KEYWORDS.has(k) && Array.isArray(vx) && Array.isArray(vy)) {
        if (vx.length !== vy.length) return different(self);
        vx.forEach((_, i) => both(`${path}/${i}`));
      } else if (SCHEMA_MAP_KEYWORDS.has(k) && isObject(vx) && isObject(vy)) {
        const names = Object.keys(vx);
        if (names.length !== Object.keys(vy).length || !names.every((name) => has(vy, name))) return different(self);
        for (const name of names) {
          // draft-07 `dependencies` holds lists of names beside schemas.
          if (Array.isArray(vx[name]) || Array.isArray(vy[name])) {
            if (!jsonEqual(vx[name], vy[name])) return different(self);
          } else both(`${path}/${escapeToken(name)}`);
        }
      } else if (SCHEMA_KEYWORDS.has(k) && !Array.isArray(vx) && !Array.isArray(vy)) both(path);
      else if (!jsonEqual(vx, vy)) return different(self);
    }
  }
  // Every pair looked at is the same (pairs met again on a cycle included: the walk closes on itself).
  for (const v of visited) memo.set(v.key, true);
  return true;
}
