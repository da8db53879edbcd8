import { useEffect, useRef } from "react";

/** Calls `effect(value)` once `value` has not changed for `delayMs` (skipping the first render). */
export function useDebouncedEffect<T>(value: T, delayMs: number, effect: (value: T) => void): void {
  const first = useRef(true);
  const latest = useRef(effect);
  latest.current = effect;
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => latest.current(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
}
