import { BaseError } from "./base.js";

export type WalletRequiredErrorType = WalletRequiredError & { name: "WalletRequiredError" };

/** A write was asked of a client created without a wallet client (or one without an account). */
export class WalletRequiredError extends BaseError {
  override name = "WalletRequiredError" as const;
  constructor(action: string) {
    super(`${action} sends a transaction, but the client has no wallet account.`, {
      metaMessages: [
        "Pass `walletClient` (created with an `account`) to createVerityClient.",
        "On the CLI, give --private-key or set VERITY_PRIVATE_KEY (devnet commands default to anvil's dev keys).",
      ],
    });
  }
}

export type TransactionRevertedErrorType = TransactionRevertedError & {
  name: "TransactionRevertedError";
};

/** A transaction was mined but reverted (its simulation had passed: the state changed in between). */
export class TransactionRevertedError extends BaseError {
  override name = "TransactionRevertedError" as const;
  readonly hash: `0x${string}`;
  constructor(action: string, hash: `0x${string}`) {
    super(`${action} was mined but reverted (transaction ${hash}).`, {
      metaMessages: ["The chain state changed between simulation and inclusion; retry the action."],
    });
    this.hash = hash;
  }
}
