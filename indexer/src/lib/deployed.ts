import { loadDeployment } from "../../deployment.js";

const deployment = loadDeployment();

/** Whether an optional contract is in the deployment (and so in the config): register its handlers only then. */
export const isIndexed = {
  DisputeGame: deployment.disputeGame !== undefined,
  Governor: deployment.governor !== undefined,
  DelegationPool: deployment.delegationPool !== undefined,
  AskBook: deployment.askBook !== undefined,
} as const;
