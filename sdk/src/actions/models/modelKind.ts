/** Model kinds by the names of contracts/src/types/ModelKind.sol, in enum order. */
export const modelKinds = ["Float", "IntegerDense"] as const;
export type ModelKindName = (typeof modelKinds)[number];

export function modelKindName(kind: number): ModelKindName {
  const name = modelKinds[kind];
  if (name === undefined) throw new RangeError(`unknown model kind ${kind}`);
  return name;
}
