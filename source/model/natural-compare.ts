// One collator for every natural-order comparison ("node2" before "node10"):
// `localeCompare` with options builds a new collator per call.
export const naturalCompare = new Intl.Collator(undefined, {numeric: true, sensitivity: 'base'}).compare;

/**
 * Sorts lists in natural order of a name, remembering the last order: a list whose names
 * stand where they stood last time (a refresh that moved some services but renamed,
 * added and removed none) is put in that order again without comparing a name. At
 * 2,000 services the comparisons were most of a services pane's work per refresh.
 */
export class NaturalOrder<T> {
  private names: string[] = [];
  private order: number[] = [];

  constructor(private readonly nameOf: (item: T) => string) {}

  sort(items: readonly T[]): T[] {
    const names = items.map(this.nameOf);
    const same = names.length === this.names.length && names.every((name, index) => name === this.names[index]);
    if (!same) {
      this.order = names.map((_, index) => index).sort((a, b) => naturalCompare(names[a]!, names[b]!) || a - b);
      this.names = names;
    }
    return this.order.map(index => items[index]!);
  }
}
