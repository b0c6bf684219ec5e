// One collator for every natural-order comparison ("node2" before "node10"):
// `localeCompare` with options builds a new collator per call.
export const naturalCompare = new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'}).compare;
