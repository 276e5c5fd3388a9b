/**
 * Dash AG Grid's JavaScript-in-strings (`getRowId`, `{"function": "..."}` props, style
 * conditions), run by a small interpreter instead of `eval`: the page needs no `unsafe-eval`,
 * and an expression reaches only what it is given (`params`), a few plain built-ins and the
 * functions the app registered in `window.dashAgGridFunctions`.
 *
 * The language is JavaScript expressions without assignment, functions or `this`:
 * literals (numbers, strings, templates, `true`, `false`, `null`, `undefined`, arrays, objects),
 * member access and optional chaining, calls, `new` of Date and Intl formatters, unary `! - +`,
 * `* / % + -`, comparisons, `&& || ??` and `? :`.
 *
 * These strings come from the app's own layout, so this is not a sandbox for untrusted code;
 * it refuses the usual ways out (`constructor`, `__proto__`, `prototype` and other `__` names).
 *
 * @example
 * ```ts
 * compileExpression("params.value > 100 ? 'high' : 'low'")({ params: { value: 120 } }); // "high"
 * ```
 */

type Expr =
  | { kind: "literal"; value: unknown }
  | { kind: "name"; name: string }
  | { kind: "member"; object: Expr; property: Expr; optional: boolean }
  | { kind: "call"; callee: Expr; args: Expr[]; optional: boolean }
  | { kind: "new"; callee: Expr; args: Expr[] }
  | { kind: "unary"; op: string; operand: Expr }
  | { kind: "binary"; op: string; left: Expr; right: Expr }
  | { kind: "conditional"; test: Expr; then: Expr; otherwise: Expr }
  | { kind: "array"; items: Expr[] }
  | { kind: "object"; entries: [string, Expr][] }
  | { kind: "template"; parts: (string | Expr)[] };

type Token =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "tpl"; v: (string | Expr)[] }
  | { t: "id"; v: string }
  | { t: "op"; v: string };

/** Longest first, so that `===` is not read as `==` then `=`. */
const OPERATORS = ["===", "!==", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", ".", "[", "]", "(", ")", "{", "}", ",", ":", "?", "+", "-", "*", "/", "%", "<", ">", "!"];

const LITERAL_NAMES: Record<string, unknown> = { true: true, false: false, null: null, undefined: undefined };

/** Binary operators by precedence, lowest first; each level is left-associative. */
const BINARY_LEVELS = [["??"], ["||"], ["&&"], ["===", "!==", "==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"]];

/** Plain built-ins an expression may name. */
const GLOBALS: Record<string, unknown> = {
  String,
  Number,
  Boolean,
  Math,
  JSON,
  Date,
  Intl,
  parseInt,
  parseFloat,
  isNaN,
  isFinite,
};

/** What `new` may construct. */
const CONSTRUCTORS = new Set<unknown>([Date, Intl.NumberFormat, Intl.DateTimeFormat, Intl.Collator]);

function isForbidden(property: string): boolean {
  return property === "constructor" || property === "prototype" || property.startsWith("__");
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const rest = source.slice(i);
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9]/.test(c) || (c === "." && /^\.[0-9]/.test(rest))) {
      const m = /^(?:[0-9]*\.?[0-9]+|[0-9]+\.)(?:[eE][-+]?[0-9]+)?/.exec(rest)!;
      tokens.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest)!;
      tokens.push({ t: "id", v: m[0] });
      i += m[0].length;
    } else if (c === '"' || c === "'") {
      const [value, end] = readQuoted(source, i + 1, c);
      tokens.push({ t: "str", v: value });
      i = end;
    } else if (c === "`") {
      const [parts, end] = readTemplate(source, i + 1);
      tokens.push({ t: "tpl", v: parts });
      i = end;
    } else {
      const op = OPERATORS.find((o) => rest.startsWith(o));
      // `?.` followed by a digit is `? .5`, as in JavaScript
      if (op === undefined || (op === "?." && /^\?\.[0-9]/.test(rest))) {
        if (c === "?") {
          tokens.push({ t: "op", v: "?" });
          i++;
          continue;
        }
        throw new SyntaxError(`unsupported ${JSON.stringify(rest.slice(0, 2))} at ${i} in ${JSON.stringify(source)}`);
      }
      tokens.push({ t: "op", v: op });
      i += op.length;
    }
  }
  return tokens;
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", "0": "\0" };

function readQuoted(source: string, start: number, quote: string): [string, number] {
  let value = "";
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === quote) return [value, i + 1];
    if (c === "\\") {
      i++;
      const e = source[i] ?? "";
      value += ESCAPES[e] ?? e;
    } else {
      value += c;
    }
  }
  throw new SyntaxError(`unterminated string in ${JSON.stringify(source)}`);
}

function readTemplate(source: string, start: number): [(string | Expr)[], number] {
  const parts: (string | Expr)[] = [];
  let text = "";
  for (let i = start; i < source.length; i++) {
    const c = source[i];
    if (c === "`") {
      if (text) parts.push(text);
      return [parts, i + 1];
    }
    if (c === "\\") {
      i++;
      const e = source[i] ?? "";
      text += ESCAPES[e] ?? e;
    } else if (c === "$" && source[i + 1] === "{") {
      let depth = 1;
      let j = i + 2;
      for (; j < source.length && depth > 0; j++) {
        if (source[j] === "{") depth++;
        else if (source[j] === "}") depth--;
      }
      if (depth > 0) throw new SyntaxError(`unterminated \${ in ${JSON.stringify(source)}`);
      if (text) parts.push(text);
      text = "";
      parts.push(parse(source.slice(i + 2, j - 1)));
      i = j - 1;
    } else {
      text += c;
    }
  }
  throw new SyntaxError(`unterminated template literal in ${JSON.stringify(source)}`);
}

/** Parses an expression of the supported language; throws SyntaxError on anything else. */
function parse(source: string): Expr {
  const tokens = tokenize(source);
  let pos = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} in ${JSON.stringify(source)}`);
  };
  const isOp = (v: string): boolean => {
    const tok = tokens[pos];
    return tok !== undefined && tok.t === "op" && tok.v === v;
  };
  const expect = (v: string): void => {
    if (!isOp(v)) fail(`expected "${v}"`);
    pos++;
  };

  function conditional(): Expr {
    const test = binary(0);
    if (!isOp("?")) return test;
    pos++;
    const then = conditional();
    expect(":");
    return { kind: "conditional", test, then, otherwise: conditional() };
  }

  function binary(level: number): Expr {
    if (level === BINARY_LEVELS.length) return unary();
    let left = binary(level + 1);
    for (;;) {
      const tok = tokens[pos];
      if (tok?.t !== "op" || !BINARY_LEVELS[level].includes(tok.v)) return left;
      pos++;
      left = { kind: "binary", op: tok.v, left, right: binary(level + 1) };
    }
  }

  function unary(): Expr {
    for (const op of ["!", "-", "+"]) {
      if (isOp(op)) {
        pos++;
        return { kind: "unary", op, operand: unary() };
      }
    }
    return postfix();
  }

  function args(): Expr[] {
    const list: Expr[] = [];
    while (!isOp(")")) {
      list.push(conditional());
      if (!isOp(")")) expect(",");
    }
    pos++;
    return list;
  }

  function propertyName(): Expr {
    const tok = tokens[pos++];
    if (tok?.t !== "id") return fail("expected a property name");
    return { kind: "literal", value: tok.v };
  }

  function postfix(): Expr {
    let expr = primary();
    for (;;) {
      if (isOp(".")) {
        pos++;
        expr = { kind: "member", object: expr, property: propertyName(), optional: false };
      } else if (isOp("?.")) {
        pos++;
        if (isOp("(")) {
          pos++;
          expr = { kind: "call", callee: expr, args: args(), optional: true };
        } else if (isOp("[")) {
          pos++;
          const property = conditional();
          expect("]");
          expr = { kind: "member", object: expr, property, optional: true };
        } else {
          expr = { kind: "member", object: expr, property: propertyName(), optional: true };
        }
      } else if (isOp("[")) {
        pos++;
        const property = conditional();
        expect("]");
        expr = { kind: "member", object: expr, property, optional: false };
      } else if (isOp("(")) {
        pos++;
        expr = { kind: "call", callee: expr, args: args(), optional: false };
      } else {
        return expr;
      }
    }
  }

  function primary(): Expr {
    const tok = tokens[pos++];
    if (tok === undefined) return fail("unexpected end");
    if (tok.t === "num" || tok.t === "str") return { kind: "literal", value: tok.v };
    if (tok.t === "tpl") return { kind: "template", parts: tok.v };
    if (tok.t === "id") {
      if (tok.v === "new") {
        // `new X(...)`: X is a name or member path, then the arguments
        const name = tokens[pos++];
        if (name?.t !== "id") return fail("expected a constructor name after new");
        let callee: Expr = { kind: "name", name: name.v };
        while (isOp(".")) {
          pos++;
          callee = { kind: "member", object: callee, property: propertyName(), optional: false };
        }
        expect("(");
        return { kind: "new", callee, args: args() };
      }
      if (Object.prototype.hasOwnProperty.call(LITERAL_NAMES, tok.v)) return { kind: "literal", value: LITERAL_NAMES[tok.v] };
      return { kind: "name", name: tok.v };
    }
    if (tok.v === "(") {
      const inner = conditional();
      expect(")");
      return inner;
    }
    if (tok.v === "[") {
      const items: Expr[] = [];
      while (!isOp("]")) {
        items.push(conditional());
        if (!isOp("]")) expect(",");
      }
      pos++;
      return { kind: "array", items };
    }
    if (tok.v === "{") {
      const entries: [string, Expr][] = [];
      while (!isOp("}")) {
        const key = tokens[pos++];
        if (key === undefined || (key.t !== "id" && key.t !== "str" && key.t !== "num")) return fail("expected an object key");
        expect(":");
        entries.push([String(key.v), conditional()]);
        if (!isOp("}")) expect(",");
      }
      pos++;
      return { kind: "object", entries };
    }
    return fail(`unexpected "${tok.v}"`);
  }

  const expr = conditional();
  if (pos !== tokens.length) fail("unexpected trailing input");
  return expr;
}

/** Functions the app registered for Dash AG Grid, looked up when called. */
function registeredFunction(name: string): unknown {
  const registry = (globalThis as { dashAgGridFunctions?: Record<string, unknown> }).dashAgGridFunctions;
  return registry !== undefined && Object.prototype.hasOwnProperty.call(registry, name) ? registry[name] : undefined;
}

type Scope = Record<string, unknown>;

function lookup(name: string, scope: Scope): unknown {
  if (Object.prototype.hasOwnProperty.call(scope, name)) return scope[name];
  const registered = registeredFunction(name);
  if (registered !== undefined) return registered;
  if (Object.prototype.hasOwnProperty.call(GLOBALS, name)) return GLOBALS[name];
  throw new ReferenceError(`${name} is not defined (register functions in window.dashAgGridFunctions)`);
}

function readMember(object: unknown, property: unknown): unknown {
  const key = String(property);
  if (isForbidden(key)) throw new TypeError(`reading "${key}" is not allowed`);
  return (object as Record<string, unknown>)[key];
}

const OPTIONAL_MISS = Symbol("optional chain ended");

function evaluate(expr: Expr, scope: Scope): unknown {
  const value = evaluateChain(expr, scope);
  return value === OPTIONAL_MISS ? undefined : value;
}

/** Evaluates, letting a `?.` that met null/undefined end the whole chain (OPTIONAL_MISS). */
function evaluateChain(expr: Expr, scope: Scope): unknown {
  switch (expr.kind) {
    case "literal":
      return expr.value;
    case "name":
      return lookup(expr.name, scope);
    case "member": {
      const object = evaluateChain(expr.object, scope);
      if (object === OPTIONAL_MISS) return OPTIONAL_MISS;
      if (object === null || object === undefined) {
        if (expr.optional) return OPTIONAL_MISS;
        throw new TypeError(`cannot read "${String(evaluate(expr.property, scope))}" of ${String(object)}`);
      }
      return readMember(object, evaluate(expr.property, scope));
    }
    case "call": {
      let self: unknown;
      let fn: unknown;
      if (expr.callee.kind === "member") {
        self = evaluateChain(expr.callee.object, scope);
        if (self === OPTIONAL_MISS) return OPTIONAL_MISS;
        if (self === null || self === undefined) {
          if (expr.callee.optional) return OPTIONAL_MISS;
          throw new TypeError(`cannot call a method of ${String(self)}`);
        }
        fn = readMember(self, evaluate(expr.callee.property, scope));
      } else {
        fn = evaluateChain(expr.callee, scope);
        if (fn === OPTIONAL_MISS) return OPTIONAL_MISS;
      }
      if ((fn === null || fn === undefined) && expr.optional) return OPTIONAL_MISS;
      if (typeof fn !== "function") throw new TypeError("not a function");
      return Reflect.apply(fn, self, expr.args.map((arg) => evaluate(arg, scope)));
    }
    case "new": {
      const ctor = evaluate(expr.callee, scope);
      if (!CONSTRUCTORS.has(ctor)) throw new TypeError("new is only allowed for Date and Intl formatters");
      return Reflect.construct(ctor as new (...a: unknown[]) => unknown, expr.args.map((arg) => evaluate(arg, scope)));
    }
    case "unary": {
      const operand = evaluate(expr.operand, scope);
      if (expr.op === "!") return !operand;
      return expr.op === "-" ? -(operand as number) : +(operand as number);
    }
    case "binary":
      return binaryOp(expr.op, expr.left, expr.right, scope);
    case "conditional":
      return evaluate(expr.test, scope) ? evaluate(expr.then, scope) : evaluate(expr.otherwise, scope);
    case "array":
      return expr.items.map((item) => evaluate(item, scope));
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, value] of expr.entries) {
        if (isForbidden(key)) throw new TypeError(`key "${key}" is not allowed`);
        out[key] = evaluate(value, scope);
      }
      return out;
    }
    case "template":
      return expr.parts.map((part) => (typeof part === "string" ? part : String(evaluate(part, scope)))).join("");
  }
}

function binaryOp(op: string, leftExpr: Expr, rightExpr: Expr, scope: Scope): unknown {
  const left = evaluate(leftExpr, scope);
  // short-circuit operators evaluate their right side only when needed, as in JavaScript
  if (op === "&&") return left ? evaluate(rightExpr, scope) : left;
  if (op === "||") return left ? left : evaluate(rightExpr, scope);
  if (op === "??") return left ?? evaluate(rightExpr, scope);
  const right = evaluate(rightExpr, scope);
  // operands are whatever the data holds: JavaScript's own coercions are the intended meaning
  const l = left as number;
  const r = right as number;
  switch (op) {
    case "+":
      return l + r;
    case "-":
      return l - r;
    case "*":
      return l * r;
    case "/":
      return l / r;
    case "%":
      return l % r;
    case "<":
      return l < r;
    case ">":
      return l > r;
    case "<=":
      return l <= r;
    case ">=":
      return l >= r;
    case "===":
      return left === right;
    case "!==":
      return left !== right;
    case "==":
      return left == right;
    default:
      return left != right;
  }
}

/** A compiled expression: call it with the names it may use, e.g. `{ params }`. */
export type CompiledExpression = (scope: Scope) => unknown;

/**
 * Compiles an expression once; throws SyntaxError when it is outside the supported language.
 *
 * @example
 * ```ts
 * const label = compileExpression("`${params.data.make} ${params.data.model}`");
 * label({ params: { data: { make: "Ford", model: "T" } } }); // "Ford T"
 * ```
 */
export function compileExpression(source: string): CompiledExpression {
  const expr = parse(source);
  return (scope) => evaluate(expr, scope);
}
