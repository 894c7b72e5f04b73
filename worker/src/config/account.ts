/**
 * The worker's signing key: from the configured keystore file (`keystoreFile`
 * or VERITY_KEYSTORE) decrypted with VERITY_KEYSTORE_PASSWORD (or the file
 * named by VERITY_KEYSTORE_PASSWORD_FILE); only without a keystore from
 * VERITY_PRIVATE_KEY. The keystore wins because it is the deliberate choice
 * written into the configuration, and a key left in the environment must not
 * silently sign as another account. The key stays inside the viem account; it
 * is never logged or written anywhere else.
 */
import { readFile } from "node:fs/promises";
import type { Hex, LocalAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { KeystoreError } from "../errors.js";
import { decryptKeystore, readKeystore } from "./keystore.js";

export const KEY_ENV = {
  privateKey: "VERITY_PRIVATE_KEY",
  password: "VERITY_KEYSTORE_PASSWORD",
  passwordFile: "VERITY_KEYSTORE_PASSWORD_FILE",
} as const;

type Env = Record<string, string | undefined>;

export function parsePrivateKey(value: string): Hex {
  const hex = value.trim().startsWith("0x") ? value.trim() : `0x${value.trim()}`;
  if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) throw new KeystoreError("A private key is 32 bytes of hex");
  return hex as Hex;
}

export async function readPassword(env: Env): Promise<string> {
  const file = env[KEY_ENV.passwordFile];
  if (file !== undefined && file !== "") {
    try {
      return (await readFile(file, "utf8")).replace(/\r?\n$/, "");
    } catch (error) {
      throw new KeystoreError(`Cannot read the password file ${file}`, { cause: error });
    }
  }
  const password = env[KEY_ENV.password];
  if (password === undefined) {
    throw new KeystoreError(
      `Set ${KEY_ENV.password} or ${KEY_ENV.passwordFile} to unlock the keystore`,
    );
  }
  return password;
}

export async function loadAccount(
  keystoreFile: string | undefined,
  env: Env = process.env,
): Promise<LocalAccount> {
  if (keystoreFile !== undefined) {
    const keystore = await readKeystore(keystoreFile);
    return privateKeyToAccount(decryptKeystore(keystore, await readPassword(env)));
  }
  const raw = env[KEY_ENV.privateKey];
  if (raw !== undefined && raw !== "") return privateKeyToAccount(parsePrivateKey(raw));
  throw new KeystoreError(
    `No key: set keystoreFile in the configuration (or ${KEY_ENV.privateKey} in the environment)`,
  );
}
