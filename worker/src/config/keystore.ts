/**
 * Web3 secret-storage v3 keystores (the format geth, cast and ethers write):
 * scrypt (or pbkdf2 when reading) derives a 32-byte key from the password;
 * AES-128-CTR with its first half encrypts the private key; the MAC is
 * keccak256(second half ++ ciphertext). Built on node:crypto only.
 */
import {
  createCipheriv,
  createDecipheriv,
  pbkdf2Sync,
  randomBytes,
  randomUUID,
  scryptSync,
  timingSafeEqual,
} from "node:crypto";
import { readFile } from "node:fs/promises";
import { bytesToHex, type Hex, hexToBytes, keccak256 } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { KeystoreError } from "../errors.js";
import { writeFileDurable } from "../store/durable.js";

export type KeystoreV3 = {
  version: 3;
  id: string;
  address: string;
  crypto: {
    cipher: "aes-128-ctr";
    cipherparams: { iv: string };
    ciphertext: string;
    kdf: "scrypt" | "pbkdf2";
    kdfparams: Record<string, number | string>;
    mac: string;
  };
};

export type ScryptParams = { n: number; r: number; p: number };

/** geth's "standard" scrypt cost: about a second and 256 MiB on a laptop. */
export const STANDARD_SCRYPT: ScryptParams = { n: 2 ** 18, r: 8, p: 1 };

function strip(hex: string): string {
  return hex.startsWith("0x") ? hex.slice(2) : hex;
}

function deriveKey(
  password: string,
  kdf: KeystoreV3["crypto"]["kdf"],
  params: Record<string, number | string>,
): Buffer {
  const salt = Buffer.from(strip(String(params.salt)), "hex");
  const dklen = Number(params.dklen ?? 32);
  if (dklen !== 32) throw new KeystoreError(`Unsupported keystore dklen ${dklen}`);
  if (kdf === "scrypt") {
    const N = Number(params.n);
    const r = Number(params.r);
    const p = Number(params.p);
    return scryptSync(Buffer.from(password, "utf8"), salt, dklen, {
      N,
      r,
      p,
      maxmem: 256 * N * r + 1024 * 1024,
    });
  }
  if (kdf === "pbkdf2") {
    if (params.prf !== "hmac-sha256")
      throw new KeystoreError(`Unsupported pbkdf2 prf ${String(params.prf)}`);
    return pbkdf2Sync(Buffer.from(password, "utf8"), salt, Number(params.c), dklen, "sha256");
  }
  throw new KeystoreError(`Unsupported keystore kdf ${String(kdf)}`);
}

function mac(derived: Buffer, ciphertext: Buffer): Buffer {
  return Buffer.from(hexToBytes(keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext]))));
}

export function encryptKeystore(
  privateKey: Hex,
  password: string,
  scrypt: ScryptParams = STANDARD_SCRYPT,
): KeystoreV3 {
  const key = Buffer.from(hexToBytes(privateKey));
  if (key.length !== 32) throw new KeystoreError("A private key is 32 bytes");
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const kdfparams = {
    dklen: 32,
    n: scrypt.n,
    r: scrypt.r,
    p: scrypt.p,
    salt: salt.toString("hex"),
  };
  const derived = deriveKey(password, "scrypt", kdfparams);
  const cipher = createCipheriv("aes-128-ctr", derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(key), cipher.final()]);
  return {
    version: 3,
    id: randomUUID(),
    address: strip(privateKeyToAddress(privateKey)).toLowerCase(),
    crypto: {
      cipher: "aes-128-ctr",
      cipherparams: { iv: iv.toString("hex") },
      ciphertext: ciphertext.toString("hex"),
      kdf: "scrypt",
      kdfparams,
      mac: mac(derived, ciphertext).toString("hex"),
    },
  };
}

export function decryptKeystore(keystore: KeystoreV3, password: string): Hex {
  if (keystore.version !== 3)
    throw new KeystoreError(`Unsupported keystore version ${String(keystore.version)}`);
  const { crypto } = keystore;
  if (crypto.cipher !== "aes-128-ctr")
    throw new KeystoreError(`Unsupported keystore cipher ${String(crypto.cipher)}`);
  const derived = deriveKey(password, crypto.kdf, crypto.kdfparams);
  const ciphertext = Buffer.from(strip(crypto.ciphertext), "hex");
  const expected = Buffer.from(strip(crypto.mac), "hex");
  const actual = mac(derived, ciphertext);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new KeystoreError("Wrong keystore password (MAC mismatch)");
  }
  const decipher = createDecipheriv(
    "aes-128-ctr",
    derived.subarray(0, 16),
    Buffer.from(strip(crypto.cipherparams.iv), "hex"),
  );
  const key = bytesToHex(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  if (
    keystore.address &&
    strip(privateKeyToAddress(key)).toLowerCase() !== strip(keystore.address).toLowerCase()
  ) {
    throw new KeystoreError("The keystore's address does not match its decrypted key");
  }
  return key;
}

export async function readKeystore(path: string): Promise<KeystoreV3> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new KeystoreError(`Cannot read keystore ${path}`, { cause: error });
  }
  try {
    return JSON.parse(text) as KeystoreV3;
  } catch (error) {
    throw new KeystoreError(`Keystore ${path} is not valid JSON`, { cause: error });
  }
}

export async function writeKeystore(path: string, keystore: KeystoreV3): Promise<void> {
  await writeFileDurable(path, `${JSON.stringify(keystore, null, 2)}\n`);
}
