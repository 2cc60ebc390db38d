import { useCallback, useState } from 'react';

/**
 * State that belongs to `key` (a lesson): under another key it starts again from `initial`, in the
 * same render, without an effect; a value set for a key left meanwhile (a late answer) is not shown.
 */
export function useKeyedState<T>(key: string | undefined, initial: () => T): [T, (value: T) => void] {
  const [held, setHeld] = useState(() => ({ key, value: initial() }));
  const set = useCallback((value: T) => setHeld({ key, value }), [key]);
  return [held.key === key ? held.value : initial(), set];
}
