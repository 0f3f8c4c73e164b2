/**
 * The catalogue: every interface rule and every traversal, in one list each.
 * Adding a rule is one file in rules/, one line here, and one fixture folder.
 */
import type { Rule, Traversal } from './rule.js';
import { additionalPropertiesNarrowed } from './rules/additional-properties-narrowed.js';
import { additionalPropertiesWidened } from './rules/additional-properties-widened.js';
import { annotationChanged } from './rules/annotation-changed.js';
import { defaultChanged } from './rules/default-changed.js';
import { enumIntroduced } from './rules/enum-introduced.js';
import { enumLifted } from './rules/enum-lifted.js';
import { enumReplaced } from './rules/enum-replaced.js';
import { enumValueAdded } from './rules/enum-value-added.js';
import { enumValueRemoved } from './rules/enum-value-removed.js';
import { fixedLengthChanged } from './rules/fixed-length-changed.js';
import { itemCountLoosened } from './rules/item-count-loosened.js';
import { itemCountTightened } from './rules/item-count-tightened.js';
import { keywordChanged } from './rules/keyword-changed.js';
import { lengthLoosened } from './rules/length-loosened.js';
import { lengthTightened } from './rules/length-tightened.js';
import { propertyAdded } from './rules/property-added.js';
import { propertyAddedToClosed } from './rules/property-added-to-closed.js';
import { propertyRemoved } from './rules/property-removed.js';
import { propertyRemovedFromClosed } from './rules/property-removed-from-closed.js';
import { rangeLoosened } from './rules/range-loosened.js';
import { rangeTightened } from './rules/range-tightened.js';
import { requiredAdded } from './rules/required-added.js';
import { requiredRemoved } from './rules/required-removed.js';
import { typeChanged } from './rules/type-changed.js';
import { typeNarrowed } from './rules/type-narrowed.js';
import { typeWidened } from './rules/type-widened.js';
import { additionalPropertiesTraversal } from './traversals/additional-properties.js';
import { itemsTraversal } from './traversals/items.js';
import { propertiesTraversal } from './traversals/properties.js';

export const RULES: readonly Rule[] = [
  annotationChanged,
  defaultChanged,
  typeWidened,
  typeNarrowed,
  typeChanged,
  enumValueAdded,
  enumValueRemoved,
  enumReplaced,
  enumIntroduced,
  enumLifted,
  rangeTightened,
  rangeLoosened,
  lengthTightened,
  lengthLoosened,
  itemCountTightened,
  itemCountLoosened,
  fixedLengthChanged,
  propertyAdded,
  propertyAddedToClosed,
  propertyRemoved,
  propertyRemovedFromClosed,
  requiredAdded,
  requiredRemoved,
  additionalPropertiesNarrowed,
  additionalPropertiesWidened,
  keywordChanged,
];

export const TRAVERSALS: readonly Traversal[] = [propertiesTraversal, itemsTraversal, additionalPropertiesTraversal];

/** Keywords the walk itself handles: references, identifiers and definitions. */
export const STRUCTURAL_KEYWORDS = ['$ref', '$defs', 'definitions', '$schema', '$id', '$anchor', '$dynamicAnchor', '$vocabulary'];

const CLAIMED = new Set([...STRUCTURAL_KEYWORDS, ...RULES.flatMap((r) => r.keywords), ...TRAVERSALS.flatMap((t) => t.keywords)]);
keywordChanged.unclaimed = (keyword) => !CLAIMED.has(keyword);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
