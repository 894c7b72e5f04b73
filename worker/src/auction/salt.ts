/** A fresh 32-byte secret for a sealed bid. */
import { randomBytes } from "node:crypto";
import { bytesToHex, type Hex } from "viem";

export function randomSalt(): Hex {
  return bytesToHex(new Uint8Array(randomBytes(32)));
}
