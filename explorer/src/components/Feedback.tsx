/** What a page shows when the indexer does not answer, and how fresh its data is. */
export function QueryError({ error }: { error: Error | undefined }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      The indexer did not answer: {error.message.split("\n")[0]}
    </p>
  );
}

export function Freshness({ updatedAt }: { updatedAt: number | undefined }) {
  return (
    <p class="freshness" aria-live="off">
      {updatedAt === undefined
        ? "Loading…"
        : `Live, checked every second; last change seen at ${new Date(updatedAt).toLocaleTimeString("en-GB", { hour12: false })}`}
    </p>
  );
}
