import {
  type Address,
  bytesToHex,
  type Hash,
  type Hex,
  isHex,
  keccak256,
  type TransactionReceipt,
} from "viem";
import { jobMarketAbi } from "../../abis/generated.js";
import type { VerityCoreClient } from "../../client.js";
import { BaseError } from "../../errors/base.js";
import type { VerityContractErrorType } from "../../errors/contract.js";
import type { WalletRequiredErrorType } from "../../errors/wallet.js";
import { type ApproveMode, ensureAllowance } from "../internal/approve.js";
import { write } from "../internal/write.js";
import { getModel } from "../models/getModel.js";
import { getModelWidths } from "../models/getModelWidths.js";
import { jobsPostedIn } from "./jobsPostedIn.js";

/** The execution window (seconds) a job gets when its post names none. */
export const DEFAULT_EXECUTION_WINDOW = 600;

type Common = {
  modelId: bigint | number;
  /** Escrowed maximum price in payment-token wei; the auction's winning bid is paid from it. */
  maxPrice: bigint;
  /**
   * Seconds the winner has from settlement (a fast job: from the post) to submit; default 600.
   * A fast job must give at least the ask's `minExecutionWindow`.
   */
  executionWindow?: number | bigint | undefined;
  /** A contract implementing IVerityConsumer, called back on finalization. */
  consumer?: Address | undefined;
  /**
   * Gas forwarded to `consumer` (needs a consumer); a fast job's is at most the ask's
   * `maxCallbackGas`.
   */
  callbackGasLimit?: number | bigint | undefined;
  /** Open a new auction round when the winner misses its deadline or is proven wrong. */
  reauction?: boolean | undefined;
  /**
   * Least collateral (protocol-token wei) the winner must lock: the assurance level of a
   * result that moves more value than its price. The market locks the largest of this,
   * `maxPrice × collateralRatio` and the protocol's per-job floor. Default 0 (no extra).
   */
  minCollateral?: bigint | undefined;
  /**
   * Reliability floor: the least share of its ended jobs (completed, missed, convicted) a
   * provider must have completed to bid or have its ask taken, in basis points (0..10,000);
   * a provider with no ended job passes. Default 0 (none).
   */
  minReliabilityBps?: number | undefined;
  /** Refuse any provider ever convicted of a wrong result; default false. */
  noConviction?: boolean | undefined;
  /** Approve the job market for `maxPrice` of the payment token when needed; default true (exact). */
  approve?: ApproveMode | undefined;
  /**
   * Refuse an inline input whose length is not the integer model's input width
   * (such a job has no correct result, and a wrong one could not be disputed at
   * layer 1); default true. Inputs by URI cannot be checked: make sure yourself.
   */
  checkInputWidth?: boolean | undefined;
};

export type PostJobParameters = Common &
  (
    | {
        /** Input bytes, emitted in the JobPosted event (only their hash is stored). */ input:
          | Hex
          | Uint8Array;
        inputUri?: undefined;
        inputHash?: undefined;
      }
    | {
        input?: undefined /** Where a large input lives. */;
        inputUri: string /** keccak256 of the bytes at `inputUri`. */;
        inputHash: Hex;
      }
  );

export type PostJobReturnType = {
  jobId: bigint;
  hash: Hash;
  receipt: TransactionReceipt;
  inputHash: Hex;
  /** Protocol-token collateral fixed at post: every bidder locks it at commit, the winner keeps it. */
  collateral: bigint;
  commitDeadline: number;
  revealDeadline: number;
  /** The approval sent first, if one was needed. */
  approvalHash: Hash | undefined;
};

export type PostJobErrorType =
  | VerityContractErrorType
  | WalletRequiredErrorType
  | InvalidJobInputErrorType;

export type InvalidJobInputErrorType = InvalidJobInputError & { name: "InvalidJobInputError" };
export class InvalidJobInputError extends BaseError {
  override name = "InvalidJobInputError" as const;
}

/** What one post sends, checked: the job request and its input (inline bytes or a URI). */
export type PostJobCall = {
  request: {
    modelId: bigint;
    maxPrice: bigint;
    executionWindow: bigint;
    consumer: Address;
    callbackGasLimit: bigint;
    reauction: boolean;
    minCollateral: bigint;
    minReliabilityBps: bigint;
    noConviction: boolean;
  };
  inputHash: Hex;
  input: Hex | undefined;
  inputUri: string | undefined;
};

/**
 * Checks a job before anything is approved or sent (price, input, and an inline input's width
 * against the model: `widths` caches that lookup per model across a batch).
 */
export async function postJobChecks(
  client: VerityCoreClient,
  parameters: Omit<PostJobParameters, "approve">,
  widths: Map<bigint, Promise<number | undefined>> = new Map(),
): Promise<PostJobCall> {
  const request = {
    modelId: BigInt(parameters.modelId),
    maxPrice: parameters.maxPrice,
    executionWindow: BigInt(parameters.executionWindow ?? DEFAULT_EXECUTION_WINDOW),
    consumer: parameters.consumer ?? "0x0000000000000000000000000000000000000000",
    callbackGasLimit: BigInt(parameters.callbackGasLimit ?? 0),
    reauction: parameters.reauction ?? false,
    minCollateral: parameters.minCollateral ?? 0n,
    minReliabilityBps: BigInt(parameters.minReliabilityBps ?? 0),
    noConviction: parameters.noConviction ?? false,
  } as const;
  if (request.minReliabilityBps > 10_000n) {
    throw new InvalidJobInputError(
      `minReliabilityBps is a share in basis points (0..10000), got ${request.minReliabilityBps}`,
    );
  }
  if (request.maxPrice <= 0n) {
    throw new InvalidJobInputError(`maxPrice must be positive, got ${request.maxPrice}`);
  }
  const inputHash = inputHashOf(parameters as PostJobParameters);
  const input = parameters.input === undefined ? undefined : toHex(parameters.input);
  if (input !== undefined && parameters.checkInputWidth !== false) {
    const length = (input.length - 2) / 2;
    await checkInputWidth(client, request.modelId, length, widths);
  }
  return { request, inputHash, input, inputUri: parameters.inputUri };
}

/**
 * Posts a job: approves the payment token if the allowance is short, escrows
 * `maxPrice` and opens the sealed-bid auction. Returns the job id and deadlines.
 * For many jobs at once, `postJobs` sends them without waiting between posts.
 */
export async function postJob(
  client: VerityCoreClient,
  parameters: PostJobParameters,
): Promise<PostJobReturnType> {
  const call = await postJobChecks(client, parameters);
  const approvalHash = await ensureAllowance(client, {
    token: client.deployment.paymentToken,
    spender: client.deployment.jobMarket,
    amount: call.request.maxPrice,
    mode: parameters.approve ?? true,
    action: "postJob",
  });
  const { hash, receipt, result } =
    call.input !== undefined
      ? await write(client, "postJob", (account) =>
          client.publicClient.simulateContract({
            address: client.deployment.jobMarket,
            abi: jobMarketAbi,
            functionName: "postJob",
            args: [call.request, call.input as Hex],
            account,
          }),
        )
      : await write(client, "postJobWithUri", (account) =>
          client.publicClient.simulateContract({
            address: client.deployment.jobMarket,
            abi: jobMarketAbi,
            functionName: "postJobWithUri",
            args: [call.request, call.inputUri ?? "", call.inputHash],
            account,
          }),
        );

  const [posted] = jobsPostedIn(receipt, client.deployment.jobMarket);
  const jobId = posted?.jobId ?? result;
  return {
    jobId,
    hash,
    receipt,
    inputHash: call.inputHash,
    collateral: posted?.collateral ?? 0n,
    commitDeadline: posted?.commitDeadline ?? 0,
    revealDeadline: posted?.revealDeadline ?? 0,
    approvalHash,
  };
}

function toHex(input: Hex | Uint8Array): Hex {
  return typeof input === "string" ? input : bytesToHex(input);
}

/** Checks the input before anything is approved or sent, and returns its hash. */
function inputHashOf(parameters: PostJobParameters): Hex {
  if (parameters.input !== undefined) {
    const input = toHex(parameters.input);
    if (!isHex(input, { strict: true })) {
      throw new InvalidJobInputError("input must be 0x-prefixed hex or a Uint8Array");
    }
    if (input === "0x") throw new InvalidJobInputError("input must not be empty");
    return keccak256(input);
  }
  if (parameters.inputUri === "") throw new InvalidJobInputError("inputUri must not be empty");
  if (!isHex(parameters.inputHash, { strict: true }) || parameters.inputHash.length !== 66) {
    throw new InvalidJobInputError(
      `inputHash must be the 32-byte keccak256 of the input, got ${parameters.inputHash}`,
    );
  }
  return parameters.inputHash;
}

async function checkInputWidth(
  client: VerityCoreClient,
  modelId: bigint,
  length: number,
  cache: Map<bigint, Promise<number | undefined>>,
): Promise<void> {
  let width = cache.get(modelId);
  if (width === undefined) {
    width = modelInputWidth(client, modelId);
    cache.set(modelId, width);
  }
  const expected = await width;
  if (expected !== undefined && length !== expected) {
    throw new InvalidJobInputError(
      `model ${modelId} takes ${expected} int8 values, but the input has ${length} bytes`,
      {
        metaMessages: [
          "Quantize the input for the model: one int8 per input element.",
          "(The market refuses it too, with MarketBadInputLength; checkInputWidth: false in the SDK and --skip-width-check on the CLI leave the check to it.)",
        ],
      },
    );
  }
}

/** An integer model's input width; undefined when the model is unknown or of another kind. */
async function modelInputWidth(
  client: VerityCoreClient,
  modelId: bigint,
): Promise<number | undefined> {
  const model = await getModel(client, { modelId }).catch(() => undefined);
  // An unknown model is the contract's to refuse (MarketModelInactive), with its own error.
  if (model === undefined || model.kind !== "IntegerDense") return undefined;
  return (await getModelWidths(client, { modelId }))?.[0];
}
