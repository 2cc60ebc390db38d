import type { KeyboardEvent, PointerEvent } from 'react';

export interface SplitterProps {
  orientation: 'vertical' | 'horizontal';
  /** Size of the pane before the splitter, in percent of the container. */
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  label: string;
}

/** A draggable, keyboard-operable divider (WAI-ARIA window splitter). */
export function Splitter({ orientation, value, min, max, onChange, label }: SplitterProps) {
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    const container = event.currentTarget.parentElement!.getBoundingClientRect();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    const move = (e: globalThis.PointerEvent) => {
      const ratio = orientation === 'vertical' ? (e.clientX - container.left) / container.width : (e.clientY - container.top) / container.height;
      onChange(clamp(ratio * 100));
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const back = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
    const forward = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
    if (event.key === back || event.key === forward) {
      event.preventDefault();
      event.stopPropagation();
      onChange(clamp(value + (event.key === forward ? 2 : -2)));
    }
  };
  return (
    <div
      className={`splitter splitter--${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-valuenow={Math.round(value)}
      aria-valuemin={min}
      aria-valuemax={max}
      aria-label={label}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
