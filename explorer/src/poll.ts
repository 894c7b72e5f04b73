/**
 * Live data: a query re-run every second while the page is visible, stopped while it is hidden
 * (a background tab costs the indexer nothing). A poll starts only after the previous answer,
 * so a slow indexer is never queued up, and the page re-renders only when the answer changed.
 */
import { graphqlRequest } from "@verity/sdk";
import { useContext, useEffect, useState } from "preact/hooks";
import { ConfigContext } from "./context.js";

export const POLL_INTERVAL_MS = 1000;

export type Polled<data> = {
  data: data | undefined;
  error: Error | undefined;
  /** When the last answer arrived (ms since the epoch). */
  updatedAt: number | undefined;
};

export function usePoll<raw, data>(
  query: string,
  variables: Record<string, unknown>,
  parse: (raw: raw) => data,
): Polled<data> {
  const { graphqlUrl } = useContext(ConfigContext);
  const key = JSON.stringify(variables);
  const [state, setState] = useState<Polled<data>>({
    data: undefined,
    error: undefined,
    updatedAt: undefined,
  });

  useEffect(() => {
    let stopped = false;
    let running = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: string | undefined;
    setState({ data: undefined, error: undefined, updatedAt: undefined });

    const visible = () => document.visibilityState === "visible";
    // At most one poll in flight and one timer; a hidden page keeps neither, and becoming
    // visible starts a poll at once.
    const tick = async () => {
      timer = undefined;
      if (stopped || running || !visible()) return;
      running = true;
      try {
        const raw = await graphqlRequest<raw>({
          url: graphqlUrl,
          query,
          variables: JSON.parse(key),
        });
        const text = JSON.stringify(raw);
        if (!stopped && text !== last) {
          last = text;
          setState({ data: parse(raw), error: undefined, updatedAt: Date.now() });
        }
      } catch (error) {
        if (!stopped) setState((s) => ({ ...s, error: error as Error }));
      } finally {
        running = false;
        if (!stopped && visible()) timer = setTimeout(tick, POLL_INTERVAL_MS);
      }
    };
    const onVisibility = () => {
      if (visible()) {
        if (timer === undefined && !running) void tick();
      } else if (timer !== undefined) {
        clearTimeout(timer);
        timer = undefined;
      }
    };
    document.addEventListener("visibilitychange", onVisibility);
    void tick();
    return () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
    // parse is a pure function of the answer: a new closure per render must not restart polling.
  }, [graphqlUrl, query, key]);

  return state;
}
