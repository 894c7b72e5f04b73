import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hex, keccak256 } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchUri, jobInputBytes } from "../../src/inference/input.js";
import type { JobRecord } from "../../src/store/records.js";
import { StateStore } from "../../src/store/state.js";

const MB = 1024 * 1024;

describe("URI inputs", () => {
  let server: Server;
  let base: string;
  let tmp: string;
  /** Bytes the server managed to write of the 40 MB body before the client hung up. */
  let hugeWritten = 0;
  let hugeClosed: Promise<void>;
  let served = 0;
  const input = new Uint8Array([1, 2, 3, 250, 251, 0, 7, 8]);

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), "verity-input-"));
    let closed: () => void = () => {};
    hugeClosed = new Promise((resolve) => {
      closed = resolve;
    });
    server = createServer((req, res) => {
      if (req.url === "/once") {
        served++;
        if (served > 1) {
          res.writeHead(404);
          res.end();
          return;
        }
        res.end(Buffer.from(input));
      } else if (req.url === "/declared-huge") {
        res.writeHead(200, { "content-length": String(40 * MB) });
        res.end();
      } else if (req.url === "/huge") {
        // Chunked, no length announced: only reading can tell it is too big.
        res.writeHead(200, { "content-type": "application/octet-stream" });
        const chunk = Buffer.alloc(64 * 1024);
        const pump = () => {
          while (hugeWritten < 40 * MB) {
            hugeWritten += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        res.on("close", closed);
        pump();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(tmp, { recursive: true, force: true });
  });

  it("stops a body without a length at the limit instead of downloading it whole", async () => {
    await expect(fetchUri(`${base}/huge`, 16 * MB)).rejects.toThrow(/larger than 16777216 bytes/);
    await hugeClosed;
    expect(hugeWritten).toBeLessThan(40 * MB);
  });

  it("refuses a declared length above the limit before reading", async () => {
    await expect(fetchUri(`${base}/declared-huge`, 1024)).rejects.toThrow(/larger than 1024/);
  });

  it("keeps the checked bytes and never fetches again", async () => {
    const store = new StateStore(join(tmp, "state"));
    const job: JobRecord = {
      jobId: 7n,
      modelId: 1n,
      inputHash: keccak256(input),
      inputUri: `${base}/once`,
      maxPrice: 1n,
      executionWindow: 60n,
      postedBlock: 1n,
    };
    expect(await jobInputBytes(job, { maxBytes: 8, store })).toEqual(input);
    // The requester now withholds it: the kept bytes still answer, from a fresh store too.
    const restarted = new StateStore(join(tmp, "state"));
    expect(await jobInputBytes(job, { maxBytes: 8, store: restarted })).toEqual(input);
    expect(served).toBe(1);
    await restarted.dropInput(7n);
    await expect(jobInputBytes(job, { store: restarted })).rejects.toThrow(/HTTP 404/);
  });

  it("refuses an input wider than the model and one that does not hash to the job's hash", async () => {
    const job: JobRecord = {
      jobId: 8n,
      modelId: 1n,
      inputHash: keccak256(input),
      inputUri: `data:application/octet-stream;base64,${Buffer.from(input).toString("base64")}`,
      maxPrice: 1n,
      executionWindow: 60n,
      postedBlock: 1n,
    };
    await expect(jobInputBytes(job, { maxBytes: 4 })).rejects.toThrow(/larger than 4 bytes/);
    await expect(
      jobInputBytes({ ...job, inputHash: keccak256("0x00" as Hex) }, { maxBytes: 8 }),
    ).rejects.toThrow(/does not hash/);
  });
});
