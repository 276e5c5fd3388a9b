/**
 * Read prop types from a suite's JavaScript sources without running them: find
 * `Component.propTypes = {...}` and turn each `PropTypes.x(...)` expression into a prop type,
 * keeping the `/** … *\/` comment above each prop as its description. Works on plain sources
 * (dash-bootstrap-components' `src/`) and on Babel's CommonJS output (dcc's `lib/*.react.js`,
 * where PropTypes is `_propTypes.default`), since only the validator's name is looked at.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as TS from "typescript";
import type { ComponentMetadata, PropType, PropTypeField } from "./metadata.js";

/**
 * The TypeScript parser, loaded on first use: it adds about 50 MiB to a process's RSS, and only a
 * suite described by nothing but its sources needs it (for its typed namespace and its
 * children_props); the bundled suites' children_props are tabled at gen time, so their apps never
 * load it. Every entry point of this module calls `loadTypescript()` before parsing. It is a
 * development dependency of dash-events: where it is not installed, this says what to do.
 */
let ts: typeof TS;
function loadTypescript(): void {
  if (ts) return;
  try {
    ts = createRequire(import.meta.url)("typescript") as typeof TS;
  } catch (error) {
    throw new Error("Reading a component suite's JavaScript sources needs the `typescript` package: npm install --save-dev typescript", {
      cause: error,
    });
  }
}

const SIMPLE = new Set(["string", "number", "bool", "object", "array", "any", "node", "element", "func", "symbol", "elementType"]);

/**
 * The props of the component a source file defines: of its `X.propTypes = …` assignments, the
 * one with the most props (files also assign propTypes to inner wrappers). `undefined` when the
 * file has none.
 *
 * @example
 * ```ts
 * readSourcePropTypes("node_modules/dash-bootstrap-components/src/components/card/Card.js", "Card")?.props[0];
 * // { name: "id", type: { name: "string" }, required: false, description: "The ID of this component, …" }
 * ```
 */
export function readSourcePropTypes(file: string, name: string): ComponentMetadata | undefined {
  loadTypescript();
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JSX);
  const reader = new SourceReader(source, text);
  let best: ComponentMetadata | undefined;
  const visit = (node: TS.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.name.text === "propTypes"
    ) {
      const props = reader.propsOf(node.right);
      if (props && (!best || props.length > best.props.length)) best = { name, props };
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return best;
}

/** The `export {default as Name} from './path'` lines of an index file: name → relative path. */
export function readIndexExports(file: string): Array<{ name: string; path: string }> {
  loadTypescript();
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Array<{ name: string; path: string }> = [];
  const imports = new Map<string, string>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const local = statement.importClause?.name?.text;
      if (local) imports.set(local, statement.moduleSpecifier.text);
    }
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      for (const element of statement.exportClause.elements) {
        const exported = element.name.text;
        const local = element.propertyName?.text ?? exported;
        const path = from !== undefined && local === "default" ? from : imports.get(local);
        if (path !== undefined) found.push({ name: exported, path });
      }
    }
  }
  return found;
}

class SourceReader {
  private readonly declarations = new Map<string, TS.Expression>();

  constructor(
    source: TS.SourceFile,
    private readonly text: string,
  ) {
    // top-level `const x = PropTypes.…` helpers that propTypes refer to by name
    for (const statement of source.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer) {
          this.declarations.set(declaration.name.text, declaration.initializer);
        }
      }
    }
  }

  /** The props of a propTypes value: an object literal, a merge of them (`_objectSpread`, `Object.assign`), or a name for one. */
  propsOf(expression: TS.Expression, depth = 0): Array<PropTypeField & { name: string }> | undefined {
    const value = this.resolve(expression, depth);
    if (!value) return undefined;
    if (ts.isObjectLiteralExpression(value)) {
      const props: Array<PropTypeField & { name: string }> = [];
      for (const property of value.properties) {
        if (ts.isSpreadAssignment(property)) {
          props.push(...(this.propsOf(property.expression, depth + 1) ?? []));
          continue;
        }
        if (!ts.isPropertyAssignment(property)) continue;
        const name = propertyName(property.name);
        if (name === undefined) continue;
        const field = this.field(property.initializer, depth);
        const description = this.description(property);
        props.push({ name, ...field, ...(description ? { description } : {}) });
      }
      return props;
    }
    if (ts.isCallExpression(value)) {
      const merged = value.arguments.flatMap((argument) => this.propsOf(argument, depth + 1) ?? []);
      return merged.length > 0 ? merged : undefined;
    }
    return undefined;
  }

  private field(expression: TS.Expression, depth: number): PropTypeField {
    const value = this.resolve(expression, depth);
    if (value && ts.isPropertyAccessExpression(value) && value.name.text === "isRequired") {
      return { type: this.type(value.expression, depth), required: true };
    }
    return { type: value ? this.type(value, depth) : { name: "any" }, required: false };
  }

  private type(expression: TS.Expression, depth: number): PropType {
    const value = this.resolve(expression, depth);
    if (!value || depth > 20) return { name: "any" };
    if (ts.isPropertyAccessExpression(value)) {
      const name = value.name.text;
      if (name === "isRequired") return this.type(value.expression, depth + 1);
      if (SIMPLE.has(name)) return { name } as PropType;
      return { name: "any" };
    }
    if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression)) {
      const validator = value.expression.name.text;
      const argument = value.arguments[0] ? this.resolve(value.arguments[0], depth + 1) : undefined;
      switch (validator) {
        case "oneOf":
          return { name: "enum", value: argument && ts.isArrayLiteralExpression(argument) ? literals(argument) : [] };
        case "oneOfType":
          return {
            name: "union",
            value: argument && ts.isArrayLiteralExpression(argument) ? argument.elements.map((e) => this.type(e, depth + 1)) : [],
          };
        case "arrayOf":
        case "objectOf":
          return { name: validator, value: argument ? this.type(argument, depth + 1) : { name: "any" } };
        case "shape":
        case "exact": {
          const shape: { [key: string]: PropTypeField } = {};
          for (const prop of (argument && this.propsOf(argument, depth + 1)) ?? []) {
            const { name, ...field } = prop;
            shape[name] = field;
          }
          return { name: validator, value: shape };
        }
      }
    }
    return { name: "any" };
  }

  /** Follow names of top-level declarations (and `a = b = value` chains) to the expression they stand for. */
  private resolve(expression: TS.Expression, depth: number): TS.Expression | undefined {
    let value: TS.Expression | undefined = expression;
    for (let hops = 0; value && hops < 10 && depth < 30; hops++) {
      if (ts.isParenthesizedExpression(value)) value = value.expression;
      else if (ts.isIdentifier(value) && this.declarations.has(value.text)) value = this.declarations.get(value.text);
      else if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.EqualsToken) value = value.right;
      else return value;
    }
    return value;
  }

  /** The text of the last `/** … *\/` comment before a prop, without the stars. */
  private description(node: TS.Node): string | undefined {
    const ranges = ts.getLeadingCommentRanges(this.text, node.getFullStart()) ?? [];
    const last = ranges.filter((range) => this.text.startsWith("/**", range.pos)).pop();
    if (!last) return undefined;
    const body = this.text
      .slice(last.pos + 3, last.end - 2)
      .split("\n")
      .map((line) => line.replace(/^\s*\*\s?/, "").trimEnd())
      .join("\n")
      .trim();
    return body === "" ? undefined : body;
  }
}

function propertyName(name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

function literals(array: TS.ArrayLiteralExpression): Array<string | number | boolean | null> {
  const out: Array<string | number | boolean | null> = [];
  for (const element of array.elements) {
    if (ts.isStringLiteral(element) || ts.isNoSubstitutionTemplateLiteral(element)) out.push(element.text);
    else if (ts.isNumericLiteral(element)) out.push(Number(element.text));
    else if (ts.isPrefixUnaryExpression(element) && element.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(element.operand)) out.push(-Number(element.operand.text));
    else if (element.kind === ts.SyntaxKind.TrueKeyword) out.push(true);
    else if (element.kind === ts.SyntaxKind.FalseKeyword) out.push(false);
    else if (element.kind === ts.SyntaxKind.NullKeyword) out.push(null);
  }
  return out;
}
