import { useCallback, useEffect, useState } from 'react';

/** Advances the step on a timer while playing; stops by itself at the last step. */
export function usePlayback(at: number, total: number, goTo: (index: number) => void) {
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);

  useEffect(() => {
    if (!playing) return;
    if (at >= total - 1) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => goTo(at + 1), 1000 / speed);
    return () => clearTimeout(timer);
  }, [playing, at, total, speed, goTo]);

  const toggle = () => {
    // Play from the start when sitting at the end, like a media player.
    if (!playing && at >= total - 1) goTo(0);
    setPlaying((p) => !p);
  };

  const stop = useCallback(() => setPlaying(false), []);
  return { playing, speed, setSpeed, toggle, stop };
}
