/**
 * The catalogue: every interface rule and every traversal, in one list each.
 * Adding a rule is one file in rules/, one line here, and one fixture folder.
 */
import type { Rule, Traversal } from './rule.js';
import { additionalPropertiesNarrowed } from './rules/additional-properties-narrowed.js';
import { additionalPropertiesWidened } from './rules/additional-properties-widened.js';
import { allOfMemberAdded } from './rules/all-of-member-added.js';
import { allOfMemberRemoved } from './rules/all-of-member-removed.js';
import { annotationChanged } from './rules/annotation-changed.js';
import { complexTypeChanged } from './rules/complex-type-changed.js';
import { conditionChanged } from './rules/condition-changed.js';
import { containsChanged } from './rules/contains-changed.js';
import { oneOfOverlapChanged } from './rules/one-of-overlap-changed.js';
import { contentAdded } from './rules/content-added.js';
import { contentChanged } from './rules/content-changed.js';
import { contentRemoved } from './rules/content-removed.js';
import { conditionalAdded } from './rules/conditional-added.js';
import { conditionalRemoved } from './rules/conditional-removed.js';
import { containsAdded } from './rules/contains-added.js';
import { containsCountLoosened } from './rules/contains-count-loosened.js';
import { containsCountTightened } from './rules/contains-count-tightened.js';
import { containsRemoved } from './rules/contains-removed.js';
import { contentTypeChanged } from './rules/content-type-changed.js';
import { defaultChanged } from './rules/default-changed.js';
import { dependentRequiredAdded } from './rules/dependent-required-added.js';
import { dependentRequiredRemoved } from './rules/dependent-required-removed.js';
import { dependentSchemaAdded } from './rules/dependent-schema-added.js';
import { dependentSchemaRemoved } from './rules/dependent-schema-removed.js';
import { deprecatedMarked } from './rules/deprecated-marked.js';
import { dtypeChanged } from './rules/dtype-changed.js';
import { dtypeConverted } from './rules/dtype-converted.js';
import { enumIntroduced } from './rules/enum-introduced.js';
import { enumLifted } from './rules/enum-lifted.js';
import { enumReplaced } from './rules/enum-replaced.js';
import { enumValueAdded } from './rules/enum-value-added.js';
import { enumValueRemoved } from './rules/enum-value-removed.js';
import { fixedLengthChanged } from './rules/fixed-length-changed.js';
import { formatAdded } from './rules/format-added.js';
import { formatChanged } from './rules/format-changed.js';
import { formatNarrowed } from './rules/format-narrowed.js';
import { formatRemoved } from './rules/format-removed.js';
import { formatWidened } from './rules/format-widened.js';
import { itemCountLoosened } from './rules/item-count-loosened.js';
import { itemCountTightened } from './rules/item-count-tightened.js';
import { keywordChanged } from './rules/keyword-changed.js';
import { extensionChanged } from './rules/extension-changed.js';
import { CLAIMED_EXTENSIONS, SCHEMA_VOCABULARY } from './vocabulary.js';
import { unevaluatedCoverageChanged } from './rules/unevaluated-coverage-changed.js';
import { lengthLoosened } from './rules/length-loosened.js';
import { lengthTightened } from './rules/length-tightened.js';
import { multipleOfAdded } from './rules/multiple-of-added.js';
import { multipleOfChanged } from './rules/multiple-of-changed.js';
import { multipleOfNarrowed } from './rules/multiple-of-narrowed.js';
import { multipleOfRemoved } from './rules/multiple-of-removed.js';
import { multipleOfWidened } from './rules/multiple-of-widened.js';
import { notAdded } from './rules/not-added.js';
import { notRemoved } from './rules/not-removed.js';
import { oneOfEnforced } from './rules/one-of-enforced.js';
import { oneOfRelaxed } from './rules/one-of-relaxed.js';
import { patternAdded } from './rules/pattern-added.js';
import { patternChanged } from './rules/pattern-changed.js';
import { patternPropertyAdded } from './rules/pattern-property-added.js';
import { patternPropertyRemoved } from './rules/pattern-property-removed.js';
import { patternRemoved } from './rules/pattern-removed.js';
import { propertyAdded } from './rules/property-added.js';
import { propertyAddedToClosed } from './rules/property-added-to-closed.js';
import { propertyCountLoosened } from './rules/property-count-loosened.js';
import { propertyCountTightened } from './rules/property-count-tightened.js';
import { propertyNamesAdded } from './rules/property-names-added.js';
import { propertyNamesRemoved } from './rules/property-names-removed.js';
import { propertyRemoved } from './rules/property-removed.js';
import { propertyRemovedFromClosed } from './rules/property-removed-from-closed.js';
import { rangeLoosened } from './rules/range-loosened.js';
import { rangeTightened } from './rules/range-tightened.js';
import { requiredAdded } from './rules/required-added.js';
import { requiredRemoved } from './rules/required-removed.js';
import { schemaAllowed } from './rules/schema-allowed.js';
import { schemaForbidden } from './rules/schema-forbidden.js';
import { typeChanged } from './rules/type-changed.js';
import { typeNarrowed } from './rules/type-narrowed.js';
import { typeWidened } from './rules/type-widened.js';
import { unionBranchAdded } from './rules/union-branch-added.js';
import { unionBranchRemoved } from './rules/union-branch-removed.js';
import { uniqueItemsAdded } from './rules/unique-items-added.js';
import { uniqueItemsRemoved } from './rules/unique-items-removed.js';
import { additionalPropertiesTraversal } from './traversals/additional-properties.js';
import { allOfTraversal, liftTraversal, unionTraversal } from './traversals/combinators.js';
import {
  conditionalTraversal,
  containsTraversal,
  dependentSchemasTraversal,
  notTraversal,
  patternPropertiesTraversal,
  propertyNamesTraversal,
} from './traversals/schemas.js';
import { itemsTraversal } from './traversals/items.js';
import { propertiesTraversal } from './traversals/properties.js';

export const RULES: readonly Rule[] = [
  annotationChanged,
  deprecatedMarked,
  defaultChanged,
  schemaForbidden,
  schemaAllowed,
  dtypeChanged,
  dtypeConverted,
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
  multipleOfAdded,
  multipleOfRemoved,
  multipleOfWidened,
  multipleOfNarrowed,
  multipleOfChanged,
  lengthTightened,
  lengthLoosened,
  patternAdded,
  patternRemoved,
  patternChanged,
  formatAdded,
  formatRemoved,
  formatWidened,
  formatNarrowed,
  formatChanged,
  contentAdded,
  contentRemoved,
  contentChanged,
  itemCountTightened,
  itemCountLoosened,
  fixedLengthChanged,
  uniqueItemsAdded,
  uniqueItemsRemoved,
  containsAdded,
  containsRemoved,
  containsChanged,
  containsCountTightened,
  containsCountLoosened,
  propertyAdded,
  propertyAddedToClosed,
  propertyRemoved,
  propertyRemovedFromClosed,
  requiredAdded,
  requiredRemoved,
  additionalPropertiesNarrowed,
  additionalPropertiesWidened,
  patternPropertyAdded,
  patternPropertyRemoved,
  propertyNamesAdded,
  propertyNamesRemoved,
  propertyCountTightened,
  propertyCountLoosened,
  dependentRequiredAdded,
  dependentRequiredRemoved,
  dependentSchemaAdded,
  dependentSchemaRemoved,
  unionBranchAdded,
  unionBranchRemoved,
  oneOfRelaxed,
  oneOfEnforced,
  oneOfOverlapChanged,
  allOfMemberAdded,
  allOfMemberRemoved,
  notAdded,
  notRemoved,
  conditionalAdded,
  conditionalRemoved,
  conditionChanged,
  complexTypeChanged,
  contentTypeChanged,
  unevaluatedCoverageChanged,
  keywordChanged,
  extensionChanged,
];

export const TRAVERSALS: readonly Traversal[] = [
  propertiesTraversal,
  additionalPropertiesTraversal,
  patternPropertiesTraversal,
  propertyNamesTraversal,
  dependentSchemasTraversal,
  itemsTraversal,
  containsTraversal,
  unionTraversal,
  liftTraversal,
  allOfTraversal,
  notTraversal,
  conditionalTraversal,
];

/** Keywords the walk itself handles: references, identifiers and definitions. */
export const STRUCTURAL_KEYWORDS = ['$ref', '$defs', 'definitions', '$schema', '$id', '$anchor', '$dynamicAnchor', '$vocabulary'];

const CLAIMED = new Set([...STRUCTURAL_KEYWORDS, ...RULES.flatMap((r) => r.keywords), ...TRAVERSALS.flatMap((t) => t.keywords)]);
keywordChanged.unclaimed = (keyword) => !CLAIMED.has(keyword);
// A keyword a rule reads is no annotation, in or out of the JSON Schema vocabulary.
for (const k of RULES.flatMap((r) => r.keywords)) if (!SCHEMA_VOCABULARY.has(k)) CLAIMED_EXTENSIONS.add(k);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
