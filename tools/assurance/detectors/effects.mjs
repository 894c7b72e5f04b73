// The ordered effects of one function: the state-changing external calls it makes, the storage it
// writes and the reverts it can take, in the order they happen, internal and library functions
// inlined. Order is source order with each assignment's right side before its write and each call's
// arguments before the call; branches are not told apart, so a call in one branch followed by a
// write in another counts as call-then-write (conservative: the allowlist says why such a pair is
// safe).
import { children, find, lineOf, NonterminalKind, resolve, TerminalKind } from "./solidity.mjs";

// Low-level members that hand control to the callee. staticcall cannot change state, so a
// `staticcall` (and a call to a view or pure function) is a read, not a call that can re-enter.
const LOW_LEVEL_CALLS = new Set(["call", "delegatecall", "send", "transfer"]);
const YUL_CALLS = new Set(["call", "callcode", "delegatecall"]);
const ARRAY_WRITES = new Set(["push", "pop"]);
const WRITE_OPERATORS = new Set(["++", "--", "delete"]);

/**
 * @returns {{ type: "call" | "write" | "revert", fileId: string, line: number, text: string, via: string[] }[]}
 */
export function effectsOf(unit, fileId, functionCursor) {
  const events = [];
  const body = find(functionCursor, NonterminalKind.Block);
  if (body)
    walk({ unit, fileId, events, via: [], inlining: new Set([functionCursor.node.id]) }, body);
  return events;
}

function emit(ctx, type, cursor, text) {
  // The node's text with its comments dropped and its whitespace folded, for messages.
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/[^\n]*/g, "")
    .replace(/\s+/g, " ")
    .trim();
  ctx.events.push({ type, fileId: ctx.fileId, line: lineOf(cursor), text: code, via: ctx.via });
}

function walk(ctx, cursor) {
  const kind = cursor.node.kind;
  if (kind === NonterminalKind.AssignmentExpression) return assignment(ctx, cursor);
  if (kind === NonterminalKind.PrefixExpression || kind === NonterminalKind.PostfixExpression) {
    return unary(ctx, cursor);
  }
  if (kind === NonterminalKind.FunctionCallExpression) return call(ctx, cursor);
  if (kind === NonterminalKind.RevertStatement) {
    walkChildren(ctx, cursor);
    return emit(ctx, "revert", cursor, cursor.node.unparse());
  }
  if (kind === NonterminalKind.YulFunctionCallExpression) return yulCall(ctx, cursor);
  walkChildren(ctx, cursor);
}

function walkChildren(ctx, cursor) {
  for (const child of children(cursor)) if (child.node.isNonterminalNode()) walk(ctx, child);
}

function assignment(ctx, cursor) {
  const [lhs, , rhs] = children(cursor);
  walk(ctx, rhs);
  walkInsideTarget(ctx, lhs);
  if (writesStorage(ctx.unit, lhs)) emit(ctx, "write", cursor, cursor.node.unparse());
}

function unary(ctx, cursor) {
  const parts = children(cursor);
  const operator = parts.find((c) => c.node.isTerminalNode());
  const operand = parts.find((c) => c.node.isNonterminalNode());
  // `++x`, `x--`, `delete x` write their operand; `!f()`, `-x`, `~x` only evaluate it.
  if (!WRITE_OPERATORS.has(operator.node.unparse().trim())) return walk(ctx, operand);
  walkInsideTarget(ctx, operand);
  if (writesStorage(ctx.unit, operand)) emit(ctx, "write", cursor, cursor.node.unparse());
}

/** Walks the index expressions of an assignment target (they may call), not the target itself. */
function walkInsideTarget(ctx, target) {
  for (const index of collect(target, NonterminalKind.IndexAccessExpression)) {
    const parts = children(index).filter((c) => c.node.kind === NonterminalKind.Expression);
    for (const part of parts.slice(1)) walk(ctx, part);
  }
}

function collect(cursor, kind, out = []) {
  if (cursor.node.kind === kind) out.push(cursor);
  for (const child of children(cursor))
    if (child.node.isNonterminalNode()) collect(child, kind, out);
  return out;
}

function call(ctx, cursor) {
  const [calleeExpression, ...rest] = children(cursor);
  for (const part of rest) walk(ctx, part);
  let callee = unwrap(calleeExpression);
  if (callee.node.kind === NonterminalKind.CallOptionsExpression) {
    const [inner, ...options] = children(callee);
    for (const option of options) if (option.node.isNonterminalNode()) walk(ctx, option);
    callee = unwrap(inner);
  }
  if (callee.node.kind === TerminalKind.Identifier) return namedCall(ctx, cursor, callee);
  if (callee.node.kind !== NonterminalKind.MemberAccessExpression) return walk(ctx, callee);

  const [base, , member] = children(callee);
  walk(ctx, base);
  const name = member.node.unparse().trim();
  const definitions = resolve(ctx.unit, member);
  const definition = definitions.find((d) => !d.builtIn);
  if (!definition) {
    if (LOW_LEVEL_CALLS.has(name)) emit(ctx, "call", cursor, cursor.node.unparse());
    else if (ARRAY_WRITES.has(name) && writesStorage(ctx.unit, base))
      emit(ctx, "write", cursor, cursor.node.unparse());
    return;
  }
  if (definition.container?.kind === NonterminalKind.LibraryDefinition)
    return inline(ctx, cursor, definition);
  if (definition.kind !== NonterminalKind.FunctionDefinition) return; // a public getter: a read
  if (isSuper(base)) return inline(ctx, cursor, definition);
  if (!isReadOnly(definition.cursor)) emit(ctx, "call", cursor, cursor.node.unparse());
}

function namedCall(ctx, cursor, identifier) {
  const name = identifier.node.unparse().trim();
  if (name === "require") return emit(ctx, "revert", cursor, cursor.node.unparse());
  const definition = resolve(ctx.unit, identifier).find((d) => !d.builtIn);
  if (definition?.kind === NonterminalKind.FunctionDefinition) inline(ctx, cursor, definition);
}

function inline(ctx, cursor, definition) {
  const id = definition.cursor.node.id;
  if (ctx.inlining.has(id)) return; // recursion: its effects are already being listed
  const body = find(definition.cursor, NonterminalKind.Block);
  if (!body) return;
  const label = `${definition.container?.name ?? "?"}.${cursor.node.unparse().trim().split("(")[0].split(".").pop()} (${ctx.fileId}:${lineOf(cursor)})`;
  const inner = {
    ...ctx,
    fileId: definition.fileId,
    via: [...ctx.via, label],
    inlining: new Set([...ctx.inlining, id]),
  };
  walk(inner, body);
}

function yulCall(ctx, cursor) {
  walkChildren(ctx, cursor);
  const name = cursor.node.unparse().trim().split("(")[0].trim();
  if (YUL_CALLS.has(name)) emit(ctx, "call", cursor, `assembly ${cursor.node.unparse()}`);
  if (name === "sstore") emit(ctx, "write", cursor, `assembly ${cursor.node.unparse()}`);
}

function unwrap(expression) {
  let cursor = expression;
  while (cursor.node.kind === NonterminalKind.Expression) cursor = children(cursor)[0];
  return cursor;
}

function isSuper(base) {
  const inner = unwrap(base);
  return inner.node.isTerminalNode() && inner.node.unparse().trim() === "super";
}

function isReadOnly(functionCursor) {
  const attributes = find(functionCursor, NonterminalKind.FunctionAttributes);
  const text = attributes ? attributes.node.unparse() : "";
  return /\b(view|pure)\b/.test(text);
}

/** True when the expression's root variable is a state variable or a storage pointer. */
export function writesStorage(unit, target) {
  // `job = _jobs[id]` with a storage pointer `job` re-points it and writes nothing; `job.x = 1` writes.
  const bare = unwrap(target).node.kind === TerminalKind.Identifier;
  for (const root of roots(target)) {
    for (const definition of resolve(unit, root)) {
      if (definition.builtIn) continue;
      if (definition.kind === NonterminalKind.StateVariableDefinition) return true;
      if (bare) continue;
      const location = find(definition.cursor, NonterminalKind.StorageLocation);
      if (location && location.node.unparse().trim() === "storage") return true;
    }
  }
  return false;
}

function roots(expression) {
  const cursor = unwrap(expression);
  if (cursor.node.kind === TerminalKind.Identifier) return [cursor];
  if (cursor.node.kind === NonterminalKind.TupleExpression) {
    return collect(cursor, NonterminalKind.Expression)
      .filter((e) => children(e)[0]?.node.kind !== NonterminalKind.Expression)
      .flatMap((e) => {
        const inner = unwrap(e);
        return inner.node.kind === NonterminalKind.TupleExpression ? [] : roots(e);
      });
  }
  if (
    cursor.node.kind === NonterminalKind.IndexAccessExpression ||
    cursor.node.kind === NonterminalKind.MemberAccessExpression
  ) {
    return roots(children(cursor)[0]);
  }
  return [];
}
