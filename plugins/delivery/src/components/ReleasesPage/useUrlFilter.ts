import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A filter kept in the page's query string, so that a filtered Releases page
 * can be bookmarked, shared and reloaded as it is.
 */
export function useUrlFilter(name: string): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (value: string) =>
      setParams(
        current => {
          const next = new URLSearchParams(current);
          if (value) next.set(name, value);
          else next.delete(name);
          return next;
        },
        { replace: true },
      ),
    [name, setParams],
  );
  return [params.get(name) ?? '', set];
}
