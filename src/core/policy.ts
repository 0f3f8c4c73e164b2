/** A finding accepted with a reason until a date (`waivers` in a contract or in the policy file). */
export interface Waiver {
  finding: string;
  pointer?: string;
  direction?: 'input' | 'output';
  interface?: string;
  reason: string;
  /** The last day it applies, YYYY-MM-DD. */
  expires: string;
  'approved-by'?: string;
}

/** A waiver in the policy file: for one model (`model`), or for every model when absent. */
export interface PolicyWaiver extends Waiver {
  model?: string;
}

/** The switches a workflow can turn. Every default is the safe one. */
export interface Policy {
  /** `at-least`: declaring more than required passes with a note. `exact`: it fails. */
  bump: 'at-least' | 'exact';
  /** An optional input property added to an open object: `lenient` MINOR, `strict` MAJOR. */
  openContent: 'lenient' | 'strict';
  /** An enum value added to an output: MAJOR by default (consumers switch over the values). */
  outputEnumExtension: 'major' | 'minor';
  /** A deleted contract passes when this is true. */
  allowModelRemoval: boolean;
  /** Whose owners the PR comment mentions: consumers touched by MAJOR findings, by MAJOR or MINOR ones, or nobody. */
  notify: 'major' | 'minor' | 'never';
  /**
   * Days an output field, enum value or API version must have been deprecated (`deprecated: true`
   * with `x-deprecated-since`) before it may be removed; 0 turns the window off.
   */
  deprecationDays: number;
  /**
   * `true`: every removal the window guards needs a deprecation first (the strict rule). `false`
   * (default): only what was marked deprecated is held to its window; a removal of something never
   * deprecated is MAJOR and passes when MAJOR is declared.
   */
  requireDeprecation: boolean;
  /** `never`: a contract or policy that lists waivers fails the gate, and none applies. */
  waivers?: 'allow' | 'never';
  /** Waivers the policy file lists (besides each contract's own). */
  waiverList?: PolicyWaiver[];
}

export const DEFAULT_POLICY: Policy = {
  bump: 'at-least',
  openContent: 'lenient',
  outputEnumExtension: 'major',
  allowModelRemoval: false,
  notify: 'major',
  deprecationDays: 30,
  requireDeprecation: false,
  waivers: 'allow',
  waiverList: [],
};
