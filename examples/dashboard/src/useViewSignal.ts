import { useEffect, useState } from "preact/hooks";

/**
 * An AbortSignal that fires when the calling view unmounts: every request the view starts
 * takes it, so leaving the view cancels what it still has in flight.
 */
export function useViewSignal(): AbortSignal {
  const [controller] = useState(() => new AbortController());
  useEffect(() => () => controller.abort(), [controller]);
  return controller.signal;
}
