/** Numeric formats form a lattice: a narrower format's values are all values of the wider one. */
const WIDER: Record<string, string[]> = {
  int8: ['int16', 'int32', 'int64'],
  int16: ['int32', 'int64'],
  int32: ['int64'],
  uint8: ['uint16', 'uint32', 'uint64', 'int16', 'int32', 'int64'],
  uint16: ['uint32', 'uint64', 'int32', 'int64'],
  uint32: ['uint64', 'int64'],
  float: ['double'],
  float16: ['float', 'double'],
  bfloat16: ['float', 'double'],
};

/** How two `format`s relate: equal, widened (old ⊂ new), narrowed (new ⊂ old) or changed. */
export function formatMove(old: string, neu: string): 'equal' | 'widened' | 'narrowed' | 'changed' {
  if (old === neu) return 'equal';
  if (WIDER[old]?.includes(neu)) return 'widened';
  if (WIDER[neu]?.includes(old)) return 'narrowed';
  return 'changed';
}
