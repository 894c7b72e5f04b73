import { market, parameter, parameterChange, provider } from "ponder:schema";
import { verityGovernorAbi } from "@verity/sdk/abis";
import { and, eq, gte, lt } from "ponder";
import {
  type Address,
  decodeFunctionData,
  encodeAbiParameters,
  getAddress,
  type Hex,
  hexToBigInt,
  keccak256,
  numberToHex,
} from "viem";
import { loadDeployment } from "../../deployment.js";
import { type Db, type EventMeta, logColumns } from "./store.js";

const { governor, timelock } = loadDeployment();

/** Parameters whose uint256 value is an address (`uint160(address)` in the event). */
const ADDRESS_PARAMETERS = new Set(["treasury", "governor.timelock"]);

function asAddress(name: string, value: bigint): Address | null {
  return ADDRESS_PARAMETERS.has(name) ? getAddress(numberToHex(value, { size: 20 })) : null;
}

/** Records a parameter's new value and the change that set it. */
export async function recordParameter(
  db: Db,
  event: EventMeta & { transaction: { from: Address; to: Address | null; input: Hex } },
  name: string,
  oldValue: bigint,
  newValue: bigint,
) {
  const timestamp = event.block.timestamp;
  await db
    .insert(parameter)
    .values({
      name,
      value: newValue,
      address: asAddress(name, newValue),
      changeCount: 1,
      updatedAt: timestamp,
      updatedBlock: event.block.number,
    })
    .onConflictDoUpdate((row) => ({
      value: newValue,
      address: asAddress(name, newValue),
      changeCount: row.changeCount + 1,
      updatedAt: timestamp,
      updatedBlock: event.block.number,
    }));
  await db.insert(parameterChange).values({
    id: event.id,
    name,
    oldValue,
    newValue,
    sender: changedBy(event.transaction),
    executor: event.transaction.from,
    oldAddress: asAddress(name, oldValue),
    newAddress: asAddress(name, newValue),
    proposalId: executedProposal(event.transaction),
    ...logColumns(event),
  });
}

/**
 * The account that made a change: only their owner changes Parameters and the Governor's
 * settings, and under governance that is the timelock (whoever sent the `execute`). At
 * deployment (a contract creation) it is the deployer.
 */
function changedBy(transaction: { from: Address; to: Address | null }): Address {
  if (transaction.to === null || timelock === undefined) return transaction.from;
  return timelock;
}

/**
 * The proposal a transaction executes, when it is a direct call of the
 * Governor's `execute` (the proposal id is the hash of its arguments). The
 * Governor's ProposalExecuted, later in the same transaction, covers the
 * other ways in.
 */
function executedProposal(transaction: { to: Address | null; input: Hex }): bigint | null {
  if (governor === undefined || transaction.to?.toLowerCase() !== governor.toLowerCase())
    return null;
  try {
    const call = decodeFunctionData({ abi: verityGovernorAbi, data: transaction.input });
    if (call.functionName !== "execute") return null;
    const [targets, values, calldatas, descriptionHash] = call.args;
    return hexToBigInt(
      keccak256(
        encodeAbiParameters(
          [{ type: "address[]" }, { type: "uint256[]" }, { type: "bytes[]" }, { type: "bytes32" }],
          [targets, values, calldatas, descriptionHash],
        ),
      ),
    );
  } catch {
    return null;
  }
}

/**
 * Eligibility depends on the minimum stake: re-grades every registered
 * provider in two set-based statements (rare: only a vote changes it).
 * A raw write makes Ponder distrust its in-memory cache for the rest of the
 * run, so it is skipped while there is nobody to re-grade (at deployment).
 */
export async function regradeProviders(db: Db, minStake: bigint) {
  const state = await db.find(market, { id: "market" });
  if (state === null || state.providerCount === 0) return;
  await db.sql
    .update(provider)
    .set({ status: "Active" })
    .where(and(eq(provider.registered, true), gte(provider.bonded, minStake)));
  await db.sql
    .update(provider)
    .set({ status: "Underbonded" })
    .where(and(eq(provider.registered, true), lt(provider.bonded, minStake)));
}
