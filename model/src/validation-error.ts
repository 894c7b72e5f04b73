/**
 * The error every check of the model format throws, and the small field checks
 * shared by the layer kinds. `path` names the offending field as it appears in
 * the JSON form (`layers[2].pad`), so a message points at the line to fix.
 */

export type ModelValidationErrorType = ModelValidationError;

/** A model (or input) that breaks the spec; `path` names the offending field, e.g. `layers[1].M`. */
export class ModelValidationError extends Error {
  override name = "ModelValidationError";
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}

export function isIntIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

export function checkInt(
  path: string,
  value: unknown,
  min: number,
  max: number,
  what: string,
): void {
  if (!isIntIn(value, min, max)) {
    throw new ModelValidationError(
      path,
      `${what} must be an integer in [${min}, ${max}], got ${String(value)}`,
    );
  }
}

export function checkBoolean(path: string, value: unknown, what: string): void {
  if (typeof value !== "boolean") {
    throw new ModelValidationError(path, `${what} must be a boolean, got ${String(value)}`);
  }
}
