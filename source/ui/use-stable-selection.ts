import {useRef, useSyncExternalStore} from 'react';
import type {StoreApi} from 'zustand/vanilla';
import {sameData} from './same-data.js';

/**
 * What a component draws, selected from a store: worked out again on every change of
 * the store (or of `select`, which closes over the component's own inputs), and kept,
 * the same object, while it says the same as before (`same`, structural by default).
 * React renders and commits only when the value is a new one, so a refresh that
 * changes nothing on screen draws no frame.
 */
export function useStableSelection<S, T>(store: StoreApi<S>, select: (state: S) => T, same: (a: T, b: T) => boolean = sameData): T {
  const last = useRef<{state: S; select: (state: S) => T; value: T} | undefined>(undefined);
  const current = (): T => {
    const state = store.getState();
    const kept = last.current;
    if (kept && kept.state === state && kept.select === select) return kept.value;
    const next = select(state);
    const value = kept && same(kept.value, next) ? kept.value : next;
    last.current = {state, select, value};
    return value;
  };
  return useSyncExternalStore(store.subscribe, current, current);
}
