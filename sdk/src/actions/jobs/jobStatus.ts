import { type JobStatusName, jobStatuses } from "../../abis/enums.js";

/** The states of a job, by the names of contracts/src/types/JobStatus.sol, in enum order (generated). */
export { type JobStatusName, jobStatuses };

/** States a job never leaves. */
export const terminalStatuses: readonly JobStatusName[] = [
  "Finalized",
  "Cancelled",
  "Expired",
  "Rejected",
];
/** Terminal states without a result: the escrow was refunded. */
export const failedStatuses: readonly JobStatusName[] = ["Cancelled", "Expired", "Rejected"];

export function jobStatusName(status: number): JobStatusName {
  const name = jobStatuses[status];
  if (name === undefined) throw new RangeError(`unknown job status ${status}`);
  return name;
}
