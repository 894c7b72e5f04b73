import { shortHex } from "../format.js";
import { href } from "../route.js";

export const JobLink = ({ id }: { id: bigint | string }) => (
  <a href={href(`jobs/${id}`)}>#{String(id)}</a>
);

/** A provider's page, or the bare address for accounts the explorer has no page for. */
export function Address({ address, provider }: { address: string | null; provider?: boolean }) {
  if (address === null) return <span>—</span>;
  const label = (
    <span class="mono" title={address}>
      {shortHex(address)}
    </span>
  );
  return provider ? (
    <a href={href(`providers/${address.toLowerCase()}`)} aria-label={`provider ${address}`}>
      {label}
    </a>
  ) : (
    label
  );
}

export const StatusBadge = ({ status }: { status: string | null }) => (
  <span class={`badge badge-${(status ?? "none").toLowerCase()}`}>{status ?? "—"}</span>
);
