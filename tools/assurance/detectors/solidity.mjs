// Slang plumbing shared by the rule detectors: build a compilation unit (so that identifiers resolve
// to their definitions across imports), walk a node's children, and describe functions.
import { readFile } from "node:fs/promises";
import { dirname, join, normalize } from "node:path";
import { CompilationBuilder } from "@nomicfoundation/slang/compilation";
import { NonterminalKind, TerminalKind, TerminalKindExtensions } from "@nomicfoundation/slang/cst";

export { NonterminalKind, TerminalKind };

export const SOLIDITY_VERSION = "0.8.30";

// The remappings of foundry.toml: the detectors must resolve the same imports forge does.
const REMAPPINGS = [
  ["forge-std/", "node_modules/forge-std/lib/forge-std/"],
  ["@openzeppelin/contracts/", "node_modules/@openzeppelin/contracts/"],
];

/** Parses `files` (paths relative to `root`) and everything they import into one unit. */
export async function loadUnit(root, files) {
  const builder = CompilationBuilder.create({
    languageVersion: SOLIDITY_VERSION,
    readFile: async (id) => readFile(join(root, id), "utf8"),
    resolveImport: async (sourceId, importPath) => {
      const path = importPath.node.unparse().trim().slice(1, -1);
      for (const [from, to] of REMAPPINGS)
        if (path.startsWith(from)) return to + path.slice(from.length);
      return normalize(join(dirname(sourceId), path));
    },
  });
  for (const file of files) await builder.addFile(file);
  const unit = builder.build();
  for (const file of files) {
    const errors = unit.file(file)?.errors() ?? [];
    if (errors.length > 0) {
      const first = errors[0];
      throw new Error(
        `${file}:${first.textRange.start.line + 1}: Slang cannot parse it (${first.message}); the detectors need valid Solidity ${SOLIDITY_VERSION}`,
      );
    }
  }
  return unit;
}

/** The children of the node under `cursor`, as cursors, trivia (whitespace, comments) left out. */
export function children(cursor) {
  const out = [];
  const child = cursor.clone();
  if (!child.goToFirstChild()) return out;
  do {
    const node = child.node;
    if (node.isTerminalNode() && TerminalKindExtensions.isTrivia(node.kind)) continue;
    out.push(child.clone());
  } while (child.goToNextSibling());
  return out;
}

/** The first descendant (or self) of `cursor` whose node has `kind`, or undefined. */
export function find(cursor, kind) {
  if (cursor.node.kind === kind) return cursor.clone();
  for (const child of children(cursor)) {
    const hit = find(child, kind);
    if (hit) return hit;
  }
  return undefined;
}

/** Every descendant cursor (pre-order) whose node has `kind`. */
export function findAll(cursor, kind, out = []) {
  for (const child of children(cursor)) {
    if (child.node.kind === kind) out.push(child);
    findAll(child, kind, out);
  }
  return out;
}

/** 1-based line of the node under `cursor`, its leading trivia skipped. */
export function lineOf(cursor) {
  const first = cursor.clone();
  while (first.node.isNonterminalNode() || TerminalKindExtensions.isTrivia(first.node.kind)) {
    if (!first.goToNext()) break;
  }
  return first.textRange.start.line + 1;
}

/** The identifier naming a definition node (contract, function, modifier...). */
export function nameOf(cursor) {
  const id = children(cursor).find((c) => c.node.kind === TerminalKind.Identifier);
  if (id) return id.node.unparse();
  const nameNode = children(cursor).find((c) => c.node.kind === NonterminalKind.FunctionName);
  return nameNode ? children(nameNode)[0].node.unparse() : "";
}

const CONTAINERS = new Set([
  NonterminalKind.ContractDefinition,
  NonterminalKind.LibraryDefinition,
  NonterminalKind.InterfaceDefinition,
]);

/** Contracts, libraries and interfaces declared in one file of the unit. */
export function containersOf(unit, fileId) {
  const root = unit.file(fileId).createTreeCursor();
  const out = [];
  const walk = (cursor) => {
    for (const child of children(cursor)) {
      if (CONTAINERS.has(child.node.kind))
        out.push({ kind: child.node.kind, name: nameOf(child), cursor: child });
      else if (child.node.isNonterminalNode()) walk(child);
    }
  };
  walk(root);
  return out;
}

/** The functions a contract declares itself (not inherited), with what their header says. */
export function functionsOf(container) {
  return findAll(container.cursor, NonterminalKind.FunctionDefinition).map((cursor) => {
    const attributes = find(cursor, NonterminalKind.FunctionAttributes);
    const words = new Set();
    const modifiers = [];
    for (const attribute of attributes ? children(attributes) : []) {
      const inner = children(attribute)[0];
      if (inner.node.kind === NonterminalKind.ModifierInvocation) {
        modifiers.push(children(find(inner, NonterminalKind.IdentifierPath)).at(-1).node.unparse());
      } else {
        words.add(inner.node.unparse().trim());
      }
    }
    const visibility = ["external", "public", "internal", "private"].find((v) => words.has(v));
    return {
      name: nameOf(cursor),
      cursor,
      line: lineOf(cursor),
      visibility,
      modifiers,
      changesState: !words.has("view") && !words.has("pure"),
      isEntryPoint: visibility === "external" || visibility === "public",
      body: find(cursor, NonterminalKind.Block),
    };
  });
}

/**
 * What an identifier refers to: each definition with its node kind, file, and the contract,
 * library or interface it sits in. Built-ins (msg, abi, .call...) come back as `{ builtIn: true }`.
 */
export function resolve(unit, cursor) {
  const reference = unit.bindingGraph.referenceAt(cursor);
  if (!reference) return [];
  return reference.definitions().map((definition) => {
    const location = definition.definiensLocation;
    if (!location.isUserFileLocation()) return { builtIn: true };
    const definiens = location.cursor;
    let container;
    for (const ancestor of definiens.ancestors()) {
      if (CONTAINERS.has(ancestor.kind)) {
        const name = ancestor
          .children()
          .find((e) => e.node.isTerminalNode() && e.node.kind === TerminalKind.Identifier);
        container = { kind: ancestor.kind, name: name?.node.unparse() ?? "" };
        break;
      }
    }
    return {
      builtIn: false,
      kind: definiens.node.kind,
      fileId: location.fileId,
      cursor: definiens,
      container,
    };
  });
}
