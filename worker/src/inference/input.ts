/**
 * A job's input as int8 values: inline bytes from the JobPosted event, or the
 * bytes behind `inputUri` (data: or http(s):), which must hash to the job's
 * input hash.
 */

import { BaseError } from "@verity/sdk";
import { type Hex, hexToBytes, keccak256 } from "viem";
import type { JobRecord } from "../store/records.js";

const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export class InputUnavailableError extends BaseError {
  override name = "InputUnavailableError";
}

async function fetchUri(uri: string): Promise<Uint8Array> {
  if (uri.startsWith("data:")) {
    const comma = uri.indexOf(",");
    if (comma < 0) throw new InputUnavailableError(`malformed data URI`);
    const meta = uri.slice(5, comma);
    const body = uri.slice(comma + 1);
    return meta.endsWith(";base64")
      ? new Uint8Array(Buffer.from(body, "base64"))
      : new TextEncoder().encode(decodeURIComponent(body));
  }
  if (!/^https?:\/\//.test(uri))
    throw new InputUnavailableError(`unsupported input URI scheme: ${uri.split(":")[0]}`);
  let response: Response;
  try {
    response = await fetch(uri, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new InputUnavailableError(`cannot fetch the job input`, {
      cause: error,
      retryable: true,
    });
  }
  if (!response.ok) {
    throw new InputUnavailableError(`input URI answered HTTP ${response.status}`, {
      retryable: response.status >= 500,
    });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_INPUT_BYTES)
    throw new InputUnavailableError(`input larger than ${MAX_INPUT_BYTES} bytes`);
  return bytes;
}

export async function jobInputBytes(job: JobRecord): Promise<Uint8Array> {
  const bytes =
    job.input !== undefined
      ? hexToBytes(job.input)
      : job.inputUri !== undefined && job.inputUri !== ""
        ? await fetchUri(job.inputUri)
        : new Uint8Array();
  const hash = keccak256(bytes);
  if (hash.toLowerCase() !== job.inputHash.toLowerCase()) {
    throw new InputUnavailableError(
      `the input does not hash to the job's input hash ${job.inputHash}`,
    );
  }
  return bytes;
}

export async function jobInput(job: JobRecord): Promise<Int8Array> {
  const bytes = await jobInputBytes(job);
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

export function hexToInt8(hex: Hex): Int8Array {
  const bytes = hexToBytes(hex);
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
