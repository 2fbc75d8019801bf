import { useEffect, useState } from "preact/hooks";
import { isAbort } from "./errors";

export type LoadState<T> =
  | { status: "loading" }
  | { status: "ready"; value: T }
  | { status: "failed"; error: unknown };

/**
 * Runs `load` when the component mounts and whenever `deps` change. Each run gets its own
 * AbortSignal, fired when the deps change again or the component unmounts, so a stale or
 * abandoned request is cancelled rather than left to finish. `replace` swaps in a newer value
 * (e.g. the sequence a patch answered).
 */
export function useLoad<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): { state: LoadState<T>; replace: (value: T) => void } {
  const [state, setState] = useState<LoadState<T>>({ status: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: "loading" });
    load(controller.signal).then(
      (value) => controller.signal.aborted || setState({ status: "ready", value }),
      (error: unknown) => controller.signal.aborted || isAbort(error) || setState({ status: "failed", error }),
    );
    return () => controller.abort();
    // `load` is a fresh closure on every render: the caller lists what it reads in `deps`.
  }, deps);
  return { state, replace: (value) => setState({ status: "ready", value }) };
}
