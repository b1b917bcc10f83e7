import { useCallback, useEffect, useState } from "react";

import {
  formatViewParams,
  parseViewParams,
  type ViewParams,
} from "./viewParams";

/**
 * The view kept in the page's address, so a tournament screen can be set
 * up with a link (`?game=valorant&metric=kills&limit=10`).
 */
export function useViewParams(): [
  ViewParams,
  (next: Partial<ViewParams>) => void,
] {
  const [view, setView] = useState(() =>
    parseViewParams(window.location.search),
  );

  useEffect(() => {
    const url = `${window.location.pathname}${formatViewParams(view)}`;
    window.history.replaceState(null, "", url);
  }, [view]);

  const update = useCallback((next: Partial<ViewParams>) => {
    setView((current) => ({ ...current, ...next }));
  }, []);

  return [view, update];
}
