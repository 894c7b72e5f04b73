/**
 * Proposals checked before they are made: the actions are simulated as the
 * timelock would make them on the current chain, one after the other, so a
 * change outside a parameter's bounds (or breaking a coupled rule with the
 * changes before it) is refused before anyone votes on it.
 */
import type { Address, Hex } from "viem";
import type { VerityCoreClient } from "../../client.js";
import { BaseError } from "../../errors/base.js";
import {
  decodeVerityError,
  revertDataOf,
  type VerityContractError,
} from "../../errors/contract.js";
import { MissingContractError, type MissingContractErrorType } from "../../errors/deployment.js";
import { getParameters } from "../parameters/getParameters.js";
import {
  type DecodedProposalAction,
  decodeProposalAction,
  describeProposalAction,
} from "./decodeProposalAction.js";
import {
  encodeParameterChange,
  type ParameterChange,
  type ProposalAction,
} from "./parameterChange.js";

export type CheckProposalParameters =
  | { parameterChanges: readonly ParameterChange[]; actions?: undefined }
  | { actions: readonly ProposalAction[]; parameterChanges?: undefined };

export type CheckedProposalAction = DecodedProposalAction & {
  /** The parameter's value now (before the proposal), for a parameter change. */
  oldValue: string | undefined;
  /** "protocolFeeBps 100 -> 250". */
  summary: string;
};
export type CheckProposalReturnType = {
  actions: CheckedProposalAction[];
  /** How the actions were checked: all in one simulated block, or each call alone (RPCs without eth_simulateV1). */
  simulation: "sequential" | "independent";
};
export type CheckProposalErrorType = ProposalWouldFailErrorType | MissingContractErrorType;

export type ProposalWouldFailErrorType = ProposalWouldFailError & {
  name: "ProposalWouldFailError";
};
/** An action of the proposal reverts when the timelock makes it: the proposal could never execute. */
export class ProposalWouldFailError extends BaseError {
  override name = "ProposalWouldFailError" as const;
  readonly actionIndex: number;
  readonly action: CheckedProposalAction;
  /** The decoded revert, when the contract reverted with a known error. */
  readonly reason: VerityContractError | undefined;
  constructor(
    index: number,
    action: CheckedProposalAction,
    reason: VerityContractError | undefined,
    cause: unknown,
  ) {
    const why = reason?.explanation ?? reason?.shortMessage ?? "it reverts";
    super(
      `The proposal would fail on execution: action ${index + 1} (${action.summary}): ${why}.`,
      {
        cause,
        metaMessages: [
          "Nothing was proposed. The actions were simulated as the timelock would make them on the current chain.",
        ],
      },
    );
    this.actionIndex = index;
    this.action = action;
    this.reason = reason;
  }
}

/**
 * Simulates a proposal's actions as the timelock; resolves with the decoded
 * actions (old and new values) or throws ProposalWouldFailError naming the action and why.
 */
export async function checkProposal(
  client: VerityCoreClient,
  parameters: CheckProposalParameters,
): Promise<CheckProposalReturnType> {
  const timelock = client.deployment.timelock;
  if (timelock === undefined) throw new MissingContractError("timelock", "checkProposal");
  const raw =
    parameters.actions ??
    parameters.parameterChanges.map((change) => encodeParameterChange(client.deployment, change));
  const current = await getParameters(client);
  const actions = raw.map((action) => {
    const decoded = decodeProposalAction(client.deployment, action);
    const oldValue = currentValue(current, decoded.parameter);
    return { ...decoded, oldValue, summary: describeProposalAction(decoded, oldValue) };
  });

  const failures = await simulate(client, timelock, actions);
  const failed = failures.findIndex((f) => f !== undefined);
  if (failed >= 0) {
    const failure = failures[failed];
    const data = failure?.data ?? revertDataOf(failure?.error);
    const reason =
      data === undefined
        ? undefined
        : decodeVerityError(data, { functionName: actions[failed]?.functionName });
    throw new ProposalWouldFailError(
      failed,
      actions[failed] as CheckedProposalAction,
      reason,
      failure?.error,
    );
  }
  return { actions, simulation: failures.simulation };
}

type Failure = { data: Hex | undefined; error: unknown } | undefined;

async function simulate(
  client: VerityCoreClient,
  timelock: Address,
  actions: readonly DecodedProposalAction[],
): Promise<Failure[] & { simulation: "sequential" | "independent" }> {
  const calls = actions.map((a) => ({ to: a.target, data: a.calldata, value: a.value }));
  try {
    const { results } = await client.publicClient.simulateCalls({ account: timelock, calls });
    const failures = results.map((r) =>
      r.status === "success"
        ? undefined
        : { data: (r.data as Hex | undefined) ?? revertDataOf(r.error), error: r.error },
    );
    return Object.assign(failures, { simulation: "sequential" as const });
  } catch {
    // No eth_simulateV1 on this RPC: each call alone (coupled rules between the actions go unchecked).
    const failures = await Promise.all(
      calls.map(async (call) => {
        try {
          await client.publicClient.call({ account: timelock, ...call });
          return undefined;
        } catch (error) {
          return { data: revertDataOf(error), error };
        }
      }),
    );
    return Object.assign(failures, { simulation: "independent" as const });
  }
}

function currentValue(
  current: Awaited<ReturnType<typeof getParameters>>,
  parameter: DecodedProposalAction["parameter"],
): string | undefined {
  if (parameter === undefined) return undefined;
  if (parameter === "slashShares")
    return `${current.challengerShareBps},${current.requesterShareBps}`;
  return String(current[parameter]);
}
