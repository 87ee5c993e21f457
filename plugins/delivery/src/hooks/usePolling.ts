import { useEffect, useRef } from 'react';

/**
 * Calls `refresh` every `intervalMs` while the page is visible, so a
 * progressing rollout keeps moving on screen without reloading.
 */
export function usePolling(refresh: () => void, intervalMs: number) {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) {
        latest.current();
      }
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
}
