import { BaseError } from "./base.js";

export type MissingContractErrorType = MissingContractError & { name: "MissingContractError" };

/** The deployment has no address for a contract the action needs (e.g. governance not deployed). */
export class MissingContractError extends BaseError {
  override name = "MissingContractError" as const;
  constructor(contract: string, action: string) {
    super(
      `${action} needs the ${contract} contract, but the deployment has no \`${contract}\` address.`,
      {
        metaMessages: [
          "Redeploy with the current contracts/script/Deploy.s.sol, or add the address to the deployment JSON.",
        ],
      },
    );
  }
}
