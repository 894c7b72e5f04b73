import { getParameters, type ProtocolParameters, type VerityClient } from "@verity/sdk";

/** The protocol parameters, re-read at most once a `ttlMs`: they change only by governance vote. */
export function cachedParameters(
  sdk: VerityClient,
  ttlMs = 60_000,
): () => Promise<ProtocolParameters> {
  let cache: { at: number; value: ProtocolParameters } | undefined;
  return async () => {
    if (cache !== undefined && Date.now() - cache.at < ttlMs) return cache.value;
    const value = await getParameters(sdk);
    cache = { at: Date.now(), value };
    return value;
  };
}
