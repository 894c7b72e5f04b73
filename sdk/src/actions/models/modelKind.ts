import { type ModelKindName, modelKinds } from "../../abis/enums.js";

/** Model kinds by the names of contracts/src/types/ModelKind.sol, in enum order (generated). */
export { type ModelKindName, modelKinds };

export function modelKindName(kind: number): ModelKindName {
  const name = modelKinds[kind];
  if (name === undefined) throw new RangeError(`unknown model kind ${kind}`);
  return name;
}
