import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Step } from '../../../server/contract/trace.js';
import { useStepping } from '../../../web/src/flow/use-stepping.js';

const log = (seq: number): Step => ({ seq, kind: 'log', node: 'handler', startMs: seq, durationMs: 0, data: { message: `log ${seq}` } });
const trace = (length: number) => Array.from({ length }, (_, i) => log(i));

describe('stepping through a trace', () => {
  it('starts at the last step, moves with the arrow keys, and starts again at the end of another trace', () => {
    const first = trace(4);
    const { result, rerender } = renderHook(({ steps }) => useStepping(steps), { initialProps: { steps: first } });
    expect(result.current.at).toBe(3);

    act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' })));
    act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft' })));
    expect(result.current.at).toBe(1);
    expect(result.current.step).toBe(first[1]);
    act(() => void window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home' })));
    expect(result.current.at).toBe(0);

    rerender({ steps: first });
    expect(result.current.at).toBe(0);
    rerender({ steps: trace(6) });
    expect(result.current.at).toBe(5);
    act(() => result.current.goTo(2));
    expect(result.current.at).toBe(2);
    expect(performance.getEntriesByName('gudang:step', 'measure').length).toBeGreaterThan(0);
  });
});
