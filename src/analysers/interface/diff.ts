import type { Direction, Finding } from '../../core/finding.js';
import type { JsonObject } from '../../core/json.js';
import { isObject } from '../../core/json.js';
import type { Policy } from '../../core/policy.js';
import { maxBump, type Bump } from '../../core/bump.js';
import { escapeToken } from '../../core/pointer.js';
import { RULES, TRAVERSALS } from './catalogue.js';
import { bothMayBe } from './facts.js';
import { bumpOf, type RuleContext } from './rule.js';
import { asObjectSchema, resolveRef, type SchemaAt, type SchemaSet } from './schema-set.js';

/** Interface findings carry where they are, for the edge to turn into a file location. */
export interface InterfaceFinding extends Finding {
  at?: { side: 'base' | 'head'; doc: string; pointer: string };
}

const MAX_REF_HOPS = 64;

interface Resolved {
  schema: JsonObject;
  at: SchemaAt;
}

/** Follow `$ref` chains (siblings of `$ref` are kept, as 2019-09 and later read them). */
function deref(set: SchemaSet, value: unknown, at: SchemaAt): Resolved {
  let schema = asObjectSchema(value);
  let where = at;
  for (let hops = 0; typeof schema.$ref === 'string' && hops < MAX_REF_HOPS; hops++) {
    const doc = set.docs[where.doc];
    if (!doc) break;
    const target = resolveRef(set, doc, schema.$ref);
    if ('error' in target) break; // references were checked when the contract was read
    const { $ref: _ref, ...siblings } = schema;
    const resolved = asObjectSchema(target.value);
    schema = Object.keys(siblings).length === 0 ? resolved : { ...resolved, ...siblings };
    where = target.at;
  }
  return { schema, at: where };
}

function entryOf(set: SchemaSet): { value: unknown; at: SchemaAt } {
  const doc = set.docs[set.entry];
  if (!doc) throw new Error(`schema set has no entry document ${set.entry}`);
  return { value: doc.value, at: { doc: doc.id, pointer: '' } };
}

/**
 * The interface analyser: every rule of the catalogue on every pair of corresponding
 * sub-schemas, in the given direction. Pure; recursive schemas are compared once per pair.
 */
export function diffSchemas(oldSet: SchemaSet, newSet: SchemaSet, direction: Direction, policy: Policy): InterfaceFinding[] {
  const findings: InterfaceFinding[] = [];
  const seen = new Set<string>();
  const o0 = entryOf(oldSet);
  const n0 = entryOf(newSet);
  const stack = [{ old: o0.value, new: n0.value, oldAt: o0.at, newAt: n0.at, path: '', instancePath: '' }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const o = deref(oldSet, item.old, item.oldAt);
    const n = deref(newSet, item.new, item.newAt);
    const key = `${o.at.doc}#${o.at.pointer}|${n.at.doc}#${n.at.pointer}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ctx: RuleContext = {
      old: o.schema,
      new: n.schema,
      path: item.path,
      instancePath: item.instancePath,
      direction,
      policy,
      oldAt: o.at,
      newAt: n.at,
    };
    for (const rule of RULES) {
      if (rule.appliesTo && !bothMayBe(ctx, rule.appliesTo)) continue;
      for (const hit of rule.check(ctx)) {
        const side = hit.side ?? (hasAny(n.schema, rule.keywords) || !hasAny(o.schema, rule.keywords) ? 'new' : 'old');
        const sideAt = side === 'new' ? n.at : o.at;
        const sideSchema = side === 'new' ? n.schema : o.schema;
        const keyword = hit.keyword ?? rule.keywords.find((k) => Object.prototype.hasOwnProperty.call(sideSchema, k));
        const bump = bumpOf(rule, ctx);
        const finding: InterfaceFinding = {
          id: rule.id,
          bump,
          area: 'interface',
          direction,
          pointer: item.path + (hit.subPath ?? ''),
          instancePath: item.instancePath + (hit.subInstance ?? '') || '/',
          ...(hit.old !== undefined ? { old: hit.old } : {}),
          ...(hit.new !== undefined ? { new: hit.new } : {}),
          message: `${capitalize(direction)} ${hit.message}; ${uncapitalize(rule.why[direction])}`,
          ...(bump === 'major' && rule.hint ? { hint: rule.hint } : {}),
          at: {
            side: side === 'new' ? 'head' : 'base',
            doc: sideAt.doc,
            pointer: sideAt.pointer + (hit.subPath ?? (keyword ? `/${escapeToken(keyword)}` : '')),
          },
        };
        findings.push(finding);
      }
    }
    const children = TRAVERSALS.flatMap((t) => (t.appliesTo && !bothMayBe(ctx, t.appliesTo) ? [] : t.children(ctx)));
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i]!;
      stack.push({
        old: c.old,
        new: c.new,
        oldAt: { doc: o.at.doc, pointer: o.at.pointer + (c.oldSubPath ?? c.subPath) },
        newAt: { doc: n.at.doc, pointer: n.at.pointer + (c.newSubPath ?? c.subPath) },
        path: item.path + c.subPath,
        instancePath: item.instancePath + c.subInstance,
      });
    }
  }
  return findings;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function uncapitalize(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function hasAny(schema: JsonObject, keywords: string[]): boolean {
  return keywords.some((k) => Object.prototype.hasOwnProperty.call(schema, k));
}

export function requiredOf(findings: Finding[]): Bump {
  return maxBump(...findings.map((f) => f.bump));
}

/** A schema value on its own as a one-document set (tests, `diff-schema` on plain objects). */
export function singleSchemaSet(value: unknown, id = 'schema.json', dir = ''): SchemaSet {
  return { entry: id, docs: { [id]: { id, dir, value: isObject(value) || typeof value === 'boolean' ? value : {} } } };
}
