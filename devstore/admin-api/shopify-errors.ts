/**
 * Rewrites graphql-js validation and syntax errors into the shapes Shopify (graphql-ruby) answers with, so code that
 * inspects `errors[].extensions.code` behaves the same against the dev store as against Shopify.
 * Rare rules keep graphql-js's message (with location and path) rather than an invented Shopify wording.
 */
import {
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  Kind,
  visit,
} from "graphql";

export type ShopifyErrorLocation = { line: number; column: number };

export type ShopifyError = {
  message: string;
  locations?: ShopifyErrorLocation[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
};

type NodeContext = {
  path: string[];
  field: string | null;
  argument: string | null;
  operation: string;
};

/** Walks the document to find where `target` sits: graphql-ruby's error path and the enclosing field and argument. */
export function locateNode(doc: DocumentNode, target: ASTNode): NodeContext | null {
  let found: NodeContext | null = null;
  visit(doc, {
    enter(node, _key, parent, _path, ancestors) {
      if (found) return false;
      if (node !== target) return undefined;
      // `ancestors` leaves out the direct parent.
      const chain = [...ancestors, parent, node].filter((a): a is ASTNode => !Array.isArray(a) && typeof a === "object" && a !== null && "kind" in a);
      const path: string[] = [];
      let field: string | null = null;
      let argument: string | null = null;
      let operation = "anonymous query";
      for (const a of chain) {
        if (a.kind === Kind.OPERATION_DEFINITION) {
          path.push(a.name ? `${a.operation} ${a.name.value}` : a.operation);
          operation = a.name ? a.name.value : `anonymous ${a.operation}`;
        } else if (a.kind === Kind.FRAGMENT_DEFINITION) {
          path.push(`fragment ${a.name.value}`);
          operation = a.name.value;
        } else if (a.kind === Kind.FIELD) {
          path.push(a.alias?.value ?? a.name.value);
          field = a.name.value;
          argument = null;
        } else if (a.kind === Kind.INLINE_FRAGMENT) {
          path.push(a.typeCondition ? `... on ${a.typeCondition.name.value}` : "...");
        } else if (a.kind === Kind.ARGUMENT) {
          path.push(a.name.value);
          argument = a.name.value;
        }
      }
      found = { path, field, argument, operation };
      return false;
    },
  });
  return found;
}

function locations(err: GraphQLError): ShopifyErrorLocation[] | undefined {
  return err.locations?.map((l) => ({ line: l.line, column: l.column }));
}

function printValue(node: ASTNode | undefined): string {
  if (!node) return "";
  const source = node.loc?.source.body;
  return source && node.loc ? source.slice(node.loc.start, node.loc.end) : "";
}

/** Maps one graphql-js validation error to Shopify's shape. */
export function toShopifyValidationError(doc: DocumentNode, err: GraphQLError): ShopifyError {
  const node = err.nodes?.[0];
  const where = node ? locateNode(doc, node) : null;
  const base = { locations: locations(err), path: where?.path };
  const msg = err.message;
  let m: RegExpExecArray | null;

  if ((m = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(msg))) {
    return {
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      ...base,
      extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] },
    };
  }
  if ((m = /^Unknown argument "(\w+)" on field "\w+\.(\w+)"/.exec(msg))) {
    return {
      message: `Field '${m[2]}' doesn't accept argument '${m[1]}'`,
      ...base,
      extensions: { code: "argumentNotAccepted", name: m[2], typeName: "Field", argumentName: m[1] },
    };
  }
  if ((m = /^Field "(\w+)" argument "(\w+)" of type "[^"]+" is required/.exec(msg))) {
    return {
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      ...base,
      extensions: { code: "missingRequiredArguments", className: "Field", name: m[1], arguments: m[2] },
    };
  }
  if ((m = /^Variable "\$(\w+)" is not defined/.exec(msg))) {
    return {
      message: `Variable $${m[1]} is used by ${where?.operation ?? "anonymous query"} but not declared`,
      ...base,
      extensions: { code: "variableNotDefined", variableName: m[1] },
    };
  }
  if ((m = /^Variable "\$(\w+)" is never used in operation "(\w+)"/.exec(msg)) || (m = /^Variable "\$(\w+)" is never used\./.exec(msg))) {
    return {
      message: `Variable $${m[1]} is declared by ${m[2] ?? "anonymous query"} but not used`,
      locations: base.locations,
      path: where?.path.slice(0, 1),
      extensions: { code: "variableNotUsed", variableName: m[1] },
    };
  }
  if ((m = /^Variable "\$(\w+)" of type "([^"]+)" used in position expecting type "([^"]+)"/.exec(msg))) {
    const [, name, given, expected] = m as unknown as [string, string, string, string];
    const kind = given.replace(/!/g, "") === expected.replace(/!/g, "") ? "Nullability mismatch" : "Type mismatch";
    const argName = node ? findArgumentOfVariable(doc, node) : null;
    return {
      message: `${kind} on variable $${name} and argument ${argName ?? "?"} (${given} / ${expected})`,
      ...base,
      extensions: { code: "variableMismatch", variableName: name, typeName: given, argumentName: argName, errorMessage: kind },
    };
  }
  if ((m = /^Field "(\w+)" must not have a selection since type "([^"]+)" has no subfields/.exec(msg))) {
    return {
      message: `Selections can't be made on scalars (field '${m[1]}' returns ${m[2]} but has selections [${selectionNames(node)}])`,
      ...base,
      extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2] },
    };
  }
  if ((m = /^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/.exec(msg))) {
    return {
      message: `Field must have selections (field '${m[1]}' returns ${m[2]} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      ...base,
      extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2] },
    };
  }
  if ((m = /^Unknown fragment "(\w+)"/.exec(msg))) {
    return {
      message: `Fragment ${m[1]} was used, but not defined`,
      ...base,
      extensions: { code: "useAndDefineFragment", fragmentName: m[1] },
    };
  }
  if ((m = /^Unknown type "(\w+)"/.exec(msg))) {
    return {
      message: `No such type ${m[1]}, so it can't be a fragment condition`,
      ...base,
      extensions: { code: "undefinedType", typeName: m[1] },
    };
  }
  // Literal coercion failures ("Int cannot represent ...", "Value "FOO" does not exist in ... enum.", "Expected value
  // of type ...") all become argumentLiteralsIncompatible on the enclosing argument.
  const expected =
    /^(\w+) cannot represent/.exec(msg)?.[1] ??
    /does not exist in "(\w+)" enum/.exec(msg)?.[1] ??
    /^Expected value of type "([^"]+)"/.exec(msg)?.[1] ??
    /^Expected type "([^"]+)"/.exec(msg)?.[1];
  if (expected && where?.argument && where.field) {
    return {
      message: `Argument '${where.argument}' on Field '${where.field}' has an invalid value (${printValue(node)}). Expected type '${expected}'.`,
      ...base,
      extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: where.argument },
    };
  }
  return { message: msg, ...base };
}

function selectionNames(node: ASTNode | undefined): string {
  const set = node?.kind === Kind.FIELD ? node.selectionSet : node?.kind === Kind.SELECTION_SET ? node : undefined;
  if (!set) return "";
  return set.selections
    .map((s) => (s.kind === Kind.FIELD ? s.name.value : s.kind === Kind.FRAGMENT_SPREAD ? s.name.value : "..."))
    .join(", ");
}

function findArgumentOfVariable(doc: DocumentNode, variableNode: ASTNode): string | null {
  // graphql-js points at the variable definition and the usage; the usage sits inside an Argument.
  let name: string | null = null;
  const varName = variableNode.kind === Kind.VARIABLE_DEFINITION ? variableNode.variable.name.value : null;
  visit(doc, {
    Argument(arg) {
      if (name) return;
      if (arg.value.kind === Kind.VARIABLE && arg.value.name.value === varName) name = arg.name.value;
    },
  });
  return name;
}

const TOKEN_NAMES: Record<string, string> = {
  "}": "RCURLY",
  "{": "LCURLY",
  ")": "RPAREN",
  "(": "LPAREN",
  "]": "RBRACKET",
  "[": "LBRACKET",
  ":": "COLON",
  "=": "EQUALS",
  "$": "VAR_SIGN",
  "!": "BANG",
  "...": "ELLIPSIS",
  "@": "DIR_SIGN",
  "|": "PIPE",
  "&": "AMP",
};

/** Shopify answers syntax errors as `syntax error, unexpected RCURLY ("}") at [1, 42]`. */
export function toShopifySyntaxError(err: GraphQLError): ShopifyError {
  const loc = err.locations?.[0] ?? { line: 1, column: 1 };
  const found = /found (.+)\.$/.exec(err.message)?.[1] ?? /Unexpected (.+)\.$/.exec(err.message)?.[1] ?? "";
  let token: string;
  if (found === "<EOF>" || found === "") token = "end of file";
  else {
    const raw = found.replace(/^"(.*)"$/, "$1");
    const named = TOKEN_NAMES[raw];
    if (named) token = `${named} ("${raw}")`;
    else if (/^Name "/.test(found)) token = `IDENTIFIER ("${found.slice(6, -1)}")`;
    else if (/^Int "/.test(found)) token = `INT ("${found.slice(5, -1)}")`;
    else if (/^String "/.test(found)) token = `STRING (${found.slice(7)})`;
    else token = raw;
  }
  return {
    message: `syntax error, unexpected ${token} at [${loc.line}, ${loc.column}]`,
    locations: [{ line: loc.line, column: loc.column }],
  };
}
