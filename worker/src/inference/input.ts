/**
 * A job's input as int8 values: inline bytes from the JobPosted event, or the
 * bytes behind `inputUri` (data: or http(s):), which must hash to the job's
 * input hash. A URI input is fetched once, at bid time, and its checked bytes
 * kept in the state directory: execution reads them from there, so a requester
 * that serves the input to bidders and withholds it from the winner cannot
 * make the winner miss its deadline (issue 10, "Input availability").
 */

import { BaseError } from "@verity/sdk";
import { type Hex, hexToBytes, keccak256 } from "viem";
import type { JobRecord } from "../store/records.js";
import type { StateStore } from "../store/state.js";

/** No input is ever read past this many bytes, whatever the model (a model's width is smaller). */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export class InputUnavailableError extends BaseError {
  override name = "InputUnavailableError";
}

export type InputOptions = {
  /** Refuse an input longer than this (the model's input width); at most MAX_INPUT_BYTES. */
  maxBytes?: number | undefined;
  /** Where URI inputs are kept once checked, and read from first. */
  store?: Pick<StateStore, "keepInput" | "keptInput"> | undefined;
};

function tooLarge(limit: number): InputUnavailableError {
  return new InputUnavailableError(`input larger than ${limit} bytes`);
}

/** Reads a response body up to `limit` bytes, cancelling the download as soon as it passes it. */
async function readLimited(response: Response, limit: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel();
    throw tooLarge(limit);
  }
  const reader = response.body?.getReader();
  if (reader === undefined) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

export async function fetchUri(uri: string, limit = MAX_INPUT_BYTES): Promise<Uint8Array> {
  if (uri.startsWith("data:")) {
    const comma = uri.indexOf(",");
    if (comma < 0) throw new InputUnavailableError(`malformed data URI`);
    const meta = uri.slice(5, comma);
    const body = uri.slice(comma + 1);
    const bytes = meta.endsWith(";base64")
      ? new Uint8Array(Buffer.from(body, "base64"))
      : new TextEncoder().encode(decodeURIComponent(body));
    if (bytes.length > limit) throw tooLarge(limit);
    return bytes;
  }
  if (!/^https?:\/\//.test(uri))
    throw new InputUnavailableError(`unsupported input URI scheme: ${uri.split(":")[0]}`);
  const signal = AbortSignal.timeout(10_000);
  let response: Response;
  try {
    response = await fetch(uri, { signal });
  } catch (error) {
    throw new InputUnavailableError(`cannot fetch the job input`, {
      cause: error,
      retryable: true,
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new InputUnavailableError(`input URI answered HTTP ${response.status}`, {
      retryable: response.status >= 500,
    });
  }
  try {
    return await readLimited(response, limit);
  } catch (error) {
    if (error instanceof InputUnavailableError) throw error;
    throw new InputUnavailableError(`the job input's download failed`, {
      cause: error,
      retryable: true,
    });
  }
}

/** Whether `bytes` hash (keccak256) to `hash`: an input against its job's input hash. */
export function hashesTo(bytes: Uint8Array, hash: Hex): boolean {
  return keccak256(bytes).toLowerCase() === hash.toLowerCase();
}

function checkHash(job: JobRecord, bytes: Uint8Array): void {
  if (!hashesTo(bytes, job.inputHash)) {
    throw new InputUnavailableError(
      `the input does not hash to the job's input hash ${job.inputHash}`,
    );
  }
}

export async function jobInputBytes(
  job: JobRecord,
  options: InputOptions = {},
): Promise<Uint8Array> {
  const limit = Math.min(options.maxBytes ?? MAX_INPUT_BYTES, MAX_INPUT_BYTES);
  if (job.input !== undefined || job.inputUri === undefined || job.inputUri === "") {
    const bytes = job.input !== undefined ? hexToBytes(job.input) : new Uint8Array();
    checkHash(job, bytes);
    return bytes;
  }
  const kept = await options.store?.keptInput(job.jobId);
  if (kept !== undefined) {
    checkHash(job, kept);
    return kept;
  }
  const bytes = await fetchUri(job.inputUri, limit);
  checkHash(job, bytes);
  // Durable before any commitment can reach the chain: a won job never needs the URI again.
  await options.store?.keepInput(job.jobId, bytes);
  return bytes;
}

export async function jobInput(job: JobRecord, options: InputOptions = {}): Promise<Int8Array> {
  const bytes = await jobInputBytes(job, options);
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

export function hexToInt8(hex: Hex): Int8Array {
  const bytes = hexToBytes(hex);
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
