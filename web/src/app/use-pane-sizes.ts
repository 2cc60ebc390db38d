import { useCallback, useState } from 'react';
import { z } from 'zod';
import { storedValue } from './stored-state.js';

const paneSizesSchema = z.object({ left: z.number(), right: z.number(), editor: z.number(), flow: z.number() });
type PaneSizes = z.infer<typeof paneSizesSchema>;
const DEFAULT_SIZES: PaneSizes = { left: 24, right: 40, editor: 48, flow: 52 };
const stored = storedValue('pane-sizes', paneSizesSchema);

/** Pane sizes in percent, remembered across reloads. */
export function usePaneSizes() {
  const [sizes, setSizes] = useState<PaneSizes>(() => stored.get() ?? DEFAULT_SIZES);
  const setSize = useCallback((pane: keyof PaneSizes, value: number) => {
    setSizes((old) => {
      const next = { ...old, [pane]: value };
      stored.set(next);
      return next;
    });
  }, []);
  return [sizes, setSize] as const;
}
