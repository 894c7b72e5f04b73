/**
 * `verity-worker init`: takes a new provider from a key to a worker ready to
 * start, checking each step against the chain and saying what to do when one
 * fails: the node serves the deployment's chain and its contracts; the account
 * has gas; the model files are exactly the registered ones; the account is
 * registered and has bonded at least the minimum stake the parameters require
 * (it registers and stakes what is missing); then it writes the configuration
 * with prices in whole payment tokens.
 */
import { access, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import {
  createVerityClient,
  getModel,
  getParameters,
  getStake,
  loadDeployment,
  register,
  stake,
} from "@verity/sdk";
import {
  createPublicClient,
  createWalletClient,
  erc20Abi,
  formatUnits,
  http,
  type LocalAccount,
  parseUnits,
} from "viem";
import { workerChain } from "../chain/clients.js";
import { loadAccount } from "../config/account.js";
import { parseConfig } from "../config/schema.js";
import { checkDeployment } from "../config/startup-checks.js";
import { ConfigError } from "../errors.js";
import { loadModel } from "../inference/models.js";

export type InitOptions = {
  rpcUrl: string;
  deploymentFile: string;
  /** Where to write the configuration. */
  out: string;
  /** An existing keystore (unlocked with VERITY_KEYSTORE_PASSWORD[_FILE]); else VERITY_PRIVATE_KEY. */
  keystoreFile?: string | undefined;
  /** `<id>=<file>` pairs: the registered models to serve and their ONNX files (in modelsDir). */
  models: { id: bigint; file: string }[];
  modelsDir: string;
  /** VRT to have bonded; at least the parameters' minimum ("min": exactly that). */
  stake: string;
  /** Whole payment tokens. */
  fixedCostPerJob: string;
  costPerComputeUnit: string;
  minPrice: string;
  marginBps: number;
  stateDir: string;
  metricsPort: number;
  /** Check only: send no transaction and write no file. */
  dryRun: boolean;
  /** Replace an existing configuration file. */
  force: boolean;
};

export type InitStep = { step: string; ok: boolean; detail: string };

/** Below this much ETH a provider runs out of gas within a few hundred transactions. */
const LOW_GAS = parseUnits("0.01", 18);

export async function runInit(
  options: InitOptions,
  env: Record<string, string | undefined> = process.env,
  report: (step: InitStep) => void = () => {},
): Promise<{ address: string; config: string; steps: InitStep[] }> {
  const steps: InitStep[] = [];
  const done = (step: string, detail: string) => {
    const entry = { step, ok: true, detail };
    steps.push(entry);
    report(entry);
  };

  // 1. The key.
  const account: LocalAccount = await loadAccount(options.keystoreFile, env);
  done(
    "key",
    `${account.address} (${options.keystoreFile ? `keystore ${options.keystoreFile}` : "VERITY_PRIVATE_KEY"})`,
  );

  // 2. The node and the deployment.
  const deployment = await loadDeployment({ source: options.deploymentFile });
  const probe = createPublicClient({ transport: http(options.rpcUrl, { retryCount: 2 }) });
  let chainId: number;
  try {
    chainId = await probe.getChainId();
  } catch (error) {
    throw new ConfigError(`Cannot reach the node at ${options.rpcUrl}`, {
      cause: error,
      metaMessages: ["Is it running? On a devnet: npm run devnet (it prints the RPC URL)."],
    });
  }
  if (chainId !== deployment.chainId) {
    throw new ConfigError(
      `${options.deploymentFile} is for chain ${deployment.chainId}, the node at ${options.rpcUrl} serves chain ${chainId}`,
    );
  }
  const chain = workerChain(chainId, options.rpcUrl);
  const client = createPublicClient({ chain, transport: http(options.rpcUrl) });
  await checkDeployment(client as never, deployment, {
    deploymentFile: options.deploymentFile,
    rpcUrl: options.rpcUrl,
    pricing: { costPerComputeUnit: "0", fixedCostPerJob: 0n, marginBps: 0, minPrice: 0n },
  });
  done(
    "node",
    `${options.rpcUrl}, chain ${chainId}, contracts of ${options.deploymentFile} present`,
  );

  // 3. Gas.
  const gas = await client.getBalance({ address: account.address });
  if (gas === 0n) {
    throw new ConfigError(`${account.address} holds no ETH to pay gas: send it some first`, {
      metaMessages: ["Every bid, reveal and result is a transaction the provider pays gas for."],
    });
  }
  done("gas", `${formatUnits(gas, 18)} ETH${gas < LOW_GAS ? " (low: top it up soon)" : ""}`);

  const sdk = createVerityClient({
    publicClient: client as never,
    walletClient: createWalletClient({ account, chain, transport: http(options.rpcUrl) }),
    deployment,
  });

  // 4. Models: the files must be exactly what the registry names.
  if (options.models.length === 0)
    throw new ConfigError("Name at least one model to serve: --model <id>=<file.onnx>");
  for (const { id, file } of options.models) {
    const model = await loadModel(
      id,
      join(options.modelsDir, file),
      await getModel(sdk, { modelId: id }),
    );
    done(
      "model",
      `model ${id}: ${file} matches the registry (${model.layerCount} layers, ${model.computeUnits} compute units)`,
    );
  }

  // 5. Registration and stake, as much as the parameters require.
  const { minStake } = await getParameters(sdk);
  const wanted = options.stake === "min" ? minStake : parseUnits(options.stake, 18);
  let target = minStake;
  if (wanted > target) target = wanted;
  let current = await getStake(sdk, { provider: account.address });
  const need = current.bonded >= target ? 0n : target - current.bonded;
  const held = await client.readContract({
    address: deployment.token,
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [account.address],
  });
  if (need > held) {
    throw new ConfigError(
      `Staking needs ${formatUnits(need, 18)} VRT more (minimum stake ${formatUnits(minStake, 18)} VRT, bonded ${formatUnits(current.bonded, 18)}); ${account.address} holds ${formatUnits(held, 18)} VRT`,
      { metaMessages: ["Get VRT first (on a devnet the spare account holds 1000 VRT)."] },
    );
  }
  if (!current.registered) {
    if (!options.dryRun)
      await register(sdk, { metadata: { models: options.models.map((m) => m.id.toString()) } });
    done("register", options.dryRun ? "would register as a provider" : "registered as a provider");
  }
  if (need > 0n) {
    if (!options.dryRun) await stake(sdk, { amount: need });
    done(
      "stake",
      `${options.dryRun ? "would bond" : "bonded"} ${formatUnits(need, 18)} VRT (minimum ${formatUnits(minStake, 18)} VRT)`,
    );
  }
  current = await getStake(sdk, { provider: account.address });
  if (!options.dryRun && !current.eligible)
    throw new ConfigError(`${account.address} is still not eligible to bid after staking`);
  done(
    "stake",
    `bonded ${formatUnits(current.bonded, 18)} VRT, free ${formatUnits(current.free, 18)} VRT, eligible: ${current.eligible}`,
  );

  // 6. The configuration, prices in whole payment tokens.
  const [decimals, symbol] = await Promise.all([
    client.readContract({
      address: deployment.paymentToken,
      abi: erc20Abi,
      functionName: "decimals",
    }),
    client.readContract({
      address: deployment.paymentToken,
      abi: erc20Abi,
      functionName: "symbol",
    }),
  ]);
  const out = resolve(options.out);
  const rel = (path: string) => relative(dirname(out), resolve(path)) || ".";
  const json = {
    rpcUrl: options.rpcUrl,
    deploymentFile: rel(options.deploymentFile),
    ...(options.keystoreFile ? { keystoreFile: rel(options.keystoreFile) } : {}),
    stateDir: rel(options.stateDir),
    modelsDir: rel(options.modelsDir),
    models: options.models.map((m) => ({ id: m.id.toString(), file: m.file })),
    pricing: {
      decimals,
      costPerComputeUnit: options.costPerComputeUnit,
      fixedCostPerJob: options.fixedCostPerJob,
      marginBps: options.marginBps,
      minPrice: options.minPrice,
    },
    metrics: { enabled: true, host: "127.0.0.1", port: options.metricsPort },
  };
  parseConfig(json); // what is written must load
  if (!options.dryRun) {
    if (!options.force && (await exists(out)))
      throw new ConfigError(`${out} exists: pass --force to replace it`);
    await writeFile(out, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600 });
  }
  done(
    "config",
    `${options.dryRun ? "would write" : "wrote"} ${out}: prices in ${symbol} (${decimals} decimals), fixed cost ${options.fixedCostPerJob} ${symbol} per job, minimum price ${options.minPrice} ${symbol}`,
  );
  return { address: account.address, config: out, steps };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
