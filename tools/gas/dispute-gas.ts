/**
 * Gas of a whole dispute, by real transactions on anvil: a provider submits a
 * result whose trace is wrong from layer l on, a challenger proves it, every
 * transaction of both parties is measured. Widths 64..4096 at depth 2, depths
 * 2, 8, 32 at width 64. Usage: npx tsx tools/gas/dispute-gas.ts [--json]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devPrivateKeys } from "@verity/cli/devnet/accounts";
import { deploy, startChain, stopAll } from "@verity/cli/harness";
import { activationHashes, int8ToHex, weightCommitment } from "@verity/model/commitments";
import { execute, executeLayer } from "@verity/model/executor";
import { createRng, randomInt8s } from "@verity/model/random";
import type { IntegerModel, Layer } from "@verity/model/types";
import { activationWitness, neuronWitness } from "@verity/model/witness";
import {
  disputeGameAbi,
  jobMarketAbi,
  modelRegistryAbi,
  stakingAbi,
  testStablecoinAbi,
  verityTokenAbi,
} from "@verity/sdk";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  parseEventLogs,
  toHex,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";

const keys = devPrivateKeys;
const [deployer, provider, challenger, requester] = keys
  .slice(0, 4)
  .map((k) => privateKeyToAccount(k));

type Row = {
  width: number;
  depth: number;
  layer: number;
  submit: bigint;
  challenge: bigint;
  respond: bigint;
  proveNeuron: bigint;
  total: bigint;
};

function randomLayer(seed: number, K: number, N: number, relu: boolean): Layer {
  const rng = createRng(seed);
  const weights = randomInt8s(rng, K * N);
  const bias = Int32Array.from({ length: N }, () => rng.int(-1000, 1000));
  // Keeps outputs mostly inside int8 for a width-K dot product of int8 values.
  const s = 20 + Math.ceil(Math.log2(K));
  return { K, N, weights, bias, M: 2 ** 30, s: Math.min(s, 62), relu };
}

function randomModel(width: number, depth: number): IntegerModel {
  return {
    layers: Array.from({ length: depth }, (_, i) =>
      randomLayer(1000 * width + i, width, width, i < depth - 1),
    ),
  };
}

async function main() {
  const json = process.argv.includes("--json");
  const dir = await mkdtemp(join(tmpdir(), "verity-dispute-gas-"));
  const anvil = await startChain({
    dir,
    extraArgs: ["--silent", "--gas-limit", "1000000000", "--code-size-limit", "100000"],
  });
  const rpc = anvil.rpcUrl;
  try {
    const publicClient = createPublicClient({ chain: foundry, transport: http(rpc) });
    const testClient = createTestClient({ chain: foundry, mode: "anvil", transport: http(rpc) });
    const { deployment } = await deploy(anvil, {
      dir,
      privateKey: keys[0],
      env: { VERITY_GOVERNANCE: "none" },
    });
    const d = deployment as unknown as Record<string, Address>;
    const wallet = (account: typeof deployer) =>
      createWalletClient({ account, chain: foundry, transport: http(rpc) });
    const send = async (
      account: typeof deployer,
      req: { address: Address; abi: readonly unknown[]; functionName: string; args?: unknown[] },
    ) => {
      // biome-ignore lint/suspicious/noExplicitAny: one generic sender for many ABIs
      const hash = await wallet(account).writeContract({ ...(req as any), gas: 30_000_000n });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`${req.functionName} reverted`);
      return receipt;
    };
    const warp = async (seconds: number) => {
      await testClient.increaseTime({ seconds });
      await testClient.mine({ blocks: 1 });
    };

    // Fund and stake once.
    const vrt = 10n ** 24n;
    for (const who of [provider, challenger]) {
      await send(deployer, {
        address: d.token as Address,
        abi: verityTokenAbi,
        functionName: "transfer",
        args: [who.address, vrt],
      });
    }
    await send(provider, {
      address: d.staking as Address,
      abi: stakingAbi,
      functionName: "register",
      args: ["{}"],
    });
    await send(provider, {
      address: d.token as Address,
      abi: verityTokenAbi,
      functionName: "approve",
      args: [d.staking, vrt],
    });
    await send(provider, {
      address: d.staking as Address,
      abi: stakingAbi,
      functionName: "stake",
      args: [vrt / 2n],
    });
    await send(challenger, {
      address: d.token as Address,
      abi: verityTokenAbi,
      functionName: "approve",
      args: [d.disputeGame, vrt],
    });
    await send(deployer, {
      address: d.token as Address,
      abi: verityTokenAbi,
      functionName: "approve",
      args: [d.modelRegistry, vrt],
    });
    await send(requester, {
      address: d.paymentToken as Address,
      abi: testStablecoinAbi,
      functionName: "mint",
      args: [requester.address, 10n ** 12n],
    });
    await send(requester, {
      address: d.paymentToken as Address,
      abi: testStablecoinAbi,
      functionName: "approve",
      args: [d.jobMarket, 10n ** 12n],
    });

    const configs: Array<[number, number]> = [
      [64, 2],
      [256, 2],
      [1024, 2],
      [4096, 2],
      [64, 8],
      [64, 32],
    ];
    const rows: Row[] = [];
    for (const [width, depth] of configs) {
      if (!json) process.stderr.write(`width ${width} depth ${depth}: building model...\n`);
      const model = randomModel(width, depth);
      const widths = [width, ...model.layers.map((l) => l.N)];
      const artifact = keccak256(toHex(`gas-model-${width}-${depth}`));
      const reg = await send(deployer, {
        address: d.modelRegistry as Address,
        abi: modelRegistryAbi,
        functionName: "registerModel",
        args: [
          {
            artifactHash: artifact,
            uri: "gas://model",
            kind: 1,
            widths,
            weightCommitment: weightCommitment(model),
            computeUnits: BigInt(width * width * depth),
          },
        ],
      });
      const [registered] = parseEventLogs({
        abi: modelRegistryAbi,
        logs: reg.logs,
        eventName: "ModelRegistered",
      });
      const modelId = registered?.args.modelId as bigint;

      const input = randomInt8s(createRng(width + depth), width);
      const post = await send(requester, {
        address: d.jobMarket as Address,
        abi: jobMarketAbi,
        functionName: "postJob",
        args: [
          {
            modelId,
            maxPrice: 1_000_000n,
            executionWindow: 3600n,
            consumer: "0x0000000000000000000000000000000000000000",
            callbackGasLimit: 0n,
            reauction: false,
            minCollateral: 0n,
            minReliabilityBps: 0n,
            noConviction: false,
          },
          int8ToHex(input),
        ],
      });
      const [posted] = parseEventLogs({
        abi: jobMarketAbi,
        logs: post.logs,
        eventName: "JobPosted",
      });
      const jobId = posted?.args.jobId as bigint;
      const salt = keccak256(toHex(`salt-${jobId}`));
      const price = 500_000n;
      const commitment = (await publicClient.readContract({
        address: d.jobMarket as Address,
        abi: jobMarketAbi,
        functionName: "bidCommitment",
        args: [jobId, 0, provider.address, price, salt],
      })) as Hex;
      await send(provider, {
        address: d.jobMarket as Address,
        abi: jobMarketAbi,
        functionName: "commitBid",
        args: [jobId, commitment],
      });
      await warp(11);
      await send(provider, {
        address: d.jobMarket as Address,
        abi: jobMarketAbi,
        functionName: "revealBid",
        args: [jobId, price, salt],
      });
      await warp(11);
      await send(provider, {
        address: d.jobMarket as Address,
        abi: jobMarketAbi,
        functionName: "settleAuction",
        args: [jobId],
      });

      // The provider lies at layer l (the middle of the model) and computes honestly from there.
      const honest = execute(model, input);
      const l = Math.max(1, Math.ceil(depth / 2));
      const forged = honest.slice(0, l);
      const wrong = Int8Array.from(honest[l] as Int8Array);
      wrong[0] = (wrong[0] as number) === 127 ? 126 : (wrong[0] as number) + 1;
      forged.push(wrong);
      for (let i = l; i < depth; i++)
        forged.push(executeLayer(model.layers[i] as Layer, forged[i] as Int8Array));
      const hashes = activationHashes(forged);
      const hidden = hashes.slice(1, -1);
      const output = forged[depth] as Int8Array;
      const submit = await send(provider, {
        address: d.jobMarket as Address,
        abi: jobMarketAbi,
        functionName: "submitResult",
        args: [jobId, int8ToHex(output), hidden],
      });
      const [submitted] = parseEventLogs({
        abi: jobMarketAbi,
        logs: submit.logs,
        eventName: "ResultSubmitted",
      });
      const traceRoot = submitted?.args.traceRoot as Hex;

      const prev = activationWitness(forged, l - 1);
      const disputed = activationWitness(forged, l);
      const proofOf = (w: typeof prev) => (w.bound === "trace" ? w.proof : []);
      const challenge = await send(challenger, {
        address: d.disputeGame as Address,
        abi: disputeGameAbi,
        functionName: "challenge",
        args: [
          jobId,
          BigInt(l),
          hashes[depth],
          traceRoot,
          prev.hash,
          proofOf(prev),
          disputed.hash,
          proofOf(disputed),
        ],
      });
      const [opened] = parseEventLogs({
        abi: disputeGameAbi,
        logs: challenge.logs,
        eventName: "DisputeOpened",
      });
      if (!opened) throw new Error("no DisputeOpened event");
      const disputeId = (opened.args as { disputeId: bigint }).disputeId;
      const respond = await send(provider, {
        address: d.disputeGame as Address,
        abi: disputeGameAbi,
        functionName: "respond",
        args: [disputeId, int8ToHex(wrong)],
      });
      const w = neuronWitness(model, l, 0);
      const prove = await send(challenger, {
        address: d.disputeGame as Address,
        abi: disputeGameAbi,
        functionName: "proveNeuron",
        args: [
          disputeId,
          0n,
          int8ToHex(forged[l - 1] as Int8Array),
          int8ToHex(wrong),
          {
            K: w.layerFields.K,
            N: w.layerFields.N,
            M: w.layerFields.M,
            s: w.layerFields.s,
            relu: w.layerFields.relu,
            rowsRoot: w.layerFields.rowsRoot,
            layerProof: w.layerProof,
            row: w.row,
            bias: w.bias,
            rowProof: w.rowProof,
          },
        ],
      });
      const job = (await publicClient.readContract({
        address: d.jobMarket as Address,
        abi: jobMarketAbi,
        functionName: "getJob",
        args: [jobId],
      })) as { status: number };
      if (job.status !== 8)
        throw new Error(`job ${jobId} not rejected after the proof (status ${job.status})`);
      rows.push({
        width,
        depth,
        layer: l,
        submit: submit.gasUsed,
        challenge: challenge.gasUsed,
        respond: respond.gasUsed,
        proveNeuron: prove.gasUsed,
        total: challenge.gasUsed + respond.gasUsed + prove.gasUsed,
      });
    }

    if (json) {
      console.log(JSON.stringify(rows, (_, v) => (typeof v === "bigint" ? Number(v) : v), 2));
      return;
    }
    console.log(
      "| width | depth | disputed layer | submit (with trace hashes) | challenge | respond | proveNeuron (one step) | whole dispute |",
    );
    console.log("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of rows) {
      console.log(
        `| ${r.width} | ${r.depth} | ${r.layer} | ${r.submit} | ${r.challenge} | ${r.respond} | ${r.proveNeuron} | ${r.total} |`,
      );
    }
  } finally {
    await stopAll();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
