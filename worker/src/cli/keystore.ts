/** `verity-worker keystore create|import`: writes a web3 v3 keystore and prints only its address. */
import { readFileSync } from "node:fs";
import { generatePrivateKey, privateKeyToAddress } from "viem/accounts";
import { KEY_ENV, parsePrivateKey, readPassword } from "../config/account.js";
import { encryptKeystore, STANDARD_SCRYPT, writeKeystore } from "../config/keystore.js";
import { KeystoreError } from "../errors.js";

export type KeystoreCommand = {
  action: "create" | "import";
  out: string;
  scryptN: number | undefined;
};

function readImportedKey(env: Record<string, string | undefined>): string {
  const fromEnv = env[KEY_ENV.privateKey];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  // From standard input, so that the key never shows in a process listing or shell history.
  const stdin = readFileSync(0, "utf8").trim();
  if (stdin === "")
    throw new KeystoreError(`Give the key in ${KEY_ENV.privateKey} or on standard input`);
  return stdin;
}

export async function runKeystore(command: KeystoreCommand, env = process.env): Promise<string> {
  const password = await readPassword(env);
  if (password.length < 8)
    throw new KeystoreError("Use a keystore password of at least 8 characters");
  const key =
    command.action === "create" ? generatePrivateKey() : parsePrivateKey(readImportedKey(env));
  const scrypt =
    command.scryptN === undefined ? STANDARD_SCRYPT : { ...STANDARD_SCRYPT, n: command.scryptN };
  await writeKeystore(command.out, encryptKeystore(key, password, scrypt));
  return privateKeyToAddress(key);
}
