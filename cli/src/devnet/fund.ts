/**
 * Devnet funding: VRT from the deployer (who holds the supply), tUSD minted by
 * the test stablecoin's open faucet, and ether where an account has none.
 */
import type { Address } from "viem";
import { testStablecoinAbi, verityTokenAbi } from "../../abis/generated.js";
import { write } from "../../actions/internal/write.js";
import type { VerityCoreClient } from "../../client.js";

export type FundParameters = {
  to: Address;
  /** VRT wei to transfer from the deployer. */
  vrt?: bigint | undefined;
  /** tUSD wei to mint. */
  usd?: bigint | undefined;
};

/** `deployer` must be a client of the account that holds the VRT supply. */
export async function fund(
  deployer: VerityCoreClient,
  { to, vrt, usd }: FundParameters,
): Promise<void> {
  if (vrt !== undefined && vrt > 0n) {
    await write(deployer, "transfer VRT", (account) =>
      deployer.publicClient.simulateContract({
        address: deployer.deployment.token,
        abi: verityTokenAbi,
        functionName: "transfer",
        args: [to, vrt],
        account,
      }),
    );
  }
  if (usd !== undefined && usd > 0n) {
    await write(deployer, "mint tUSD", (account) =>
      deployer.publicClient.simulateContract({
        address: deployer.deployment.paymentToken,
        abi: testStablecoinAbi,
        functionName: "mint",
        args: [to, usd],
        account,
      }),
    );
  }
}
