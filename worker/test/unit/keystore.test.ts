import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { privateKeyToAddress } from "viem/accounts";
import { describe, expect, it } from "vitest";
import {
  decryptKeystore,
  encryptKeystore,
  type KeystoreV3,
  writeKeystore,
} from "../../src/config/keystore.js";
import { ROOT } from "../helpers/anvil.js";

// The pbkdf2 test vector of the Web3 Secret Storage Definition (password "testpassword"). Its scrypt
// vector (n=2^18, r=1) breaks RFC 7914's N < 2^(16r) and OpenSSL refuses it; geth and cast use r=8.
const KEY = "0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";
const PBKDF2 = {
  crypto: {
    cipher: "aes-128-ctr",
    cipherparams: { iv: "6087dab2f9fdbbfaddc31a909735c1e6" },
    ciphertext: "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
    kdf: "pbkdf2",
    kdfparams: {
      c: 262144,
      dklen: 32,
      prf: "hmac-sha256",
      salt: "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd",
    },
    mac: "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2",
  },
  id: "3198bc9c-6672-5ab3-d995-4942343ae5b6",
  version: 3,
} as unknown as KeystoreV3;
// Written by foundry's `cast wallet import` (scrypt n=8192, r=8, p=1), same key and password.
const CAST = {
  crypto: {
    cipher: "aes-128-ctr",
    cipherparams: { iv: "01c46adedf2fa830a0425108f814dbb2" },
    ciphertext: "2ddc7a45d692f2d3913fb678c0743216388e22c8e61b52d6f474228116d3af38",
    kdf: "scrypt",
    kdfparams: {
      dklen: 32,
      n: 8192,
      p: 1,
      r: 8,
      salt: "841e0cd0933ecdeb899a12093caf7bec21d2d736b65945a6956f107cbd3834b6",
    },
    mac: "7ae9ce6440a6f58ff6297d79270edc51fedbd2d140a5715d15348b0d40ba24c4",
  },
  id: "a4657a2e-297d-49c1-aeb6-bb023a9cd6f2",
  version: 3,
} as unknown as KeystoreV3;
const CAST_BIN = join(ROOT, "node_modules/@foundry-rs/cast-linux-amd64/bin/cast");

describe("web3 secret-storage v3 keystore", () => {
  it("decrypts the specification's pbkdf2 vector and a keystore written by cast", () => {
    expect(decryptKeystore(PBKDF2, "testpassword")).toBe(KEY);
    expect(decryptKeystore(CAST, "testpassword")).toBe(KEY);
  });

  it("writes keystores that cast decrypts", async () => {
    const dir = await mkdtemp(join(tmpdir(), "verity-ks-"));
    await writeKeystore(
      join(dir, "ours"),
      encryptKeystore(KEY, "testpassword", { n: 8192, r: 8, p: 1 }),
    );
    const { stdout } = await promisify(execFile)(CAST_BIN, [
      "wallet",
      "decrypt-keystore",
      "--keystore-dir",
      dir,
      "ours",
      "--unsafe-password",
      "testpassword",
    ]);
    expect(stdout).toContain(KEY);
  });

  it("round-trips and records the address", () => {
    const keystore = encryptKeystore(KEY, "correct horse", { n: 1024, r: 8, p: 1 });
    expect(`0x${keystore.address}`).toBe(privateKeyToAddress(KEY).toLowerCase());
    expect(JSON.stringify(keystore)).not.toContain(KEY.slice(2));
    expect(decryptKeystore(keystore, "correct horse")).toBe(KEY);
  });

  it("refuses a wrong password", () => {
    const keystore = encryptKeystore(KEY, "correct horse", { n: 1024, r: 8, p: 1 });
    expect(() => decryptKeystore(keystore, "wrong horse")).toThrow(/Wrong keystore password/);
  });

  it("refuses a keystore whose address does not match its key", () => {
    const keystore = encryptKeystore(KEY, "correct horse", { n: 1024, r: 8, p: 1 });
    expect(() =>
      decryptKeystore({ ...keystore, address: "00".repeat(20) }, "correct horse"),
    ).toThrow(/address/);
  });
});
