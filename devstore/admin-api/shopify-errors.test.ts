import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "../schema";
import { defaultSchemaDir } from "../config";
import { prepareDocument } from "./execute";

const schema = loadAdminSchema(defaultSchemaDir(), "2026-10");
const errorsOf = (query: string) => prepareDocument(schema, query).errors ?? [];

describe("validation errors in Shopify's shapes", () => {
  it("refuses an unknown field the way Shopify does", () => {
    expect(errorsOf("{ customers(first: 1) { nodes { foo } } }")).toEqual([
      {
        message: "Field 'foo' doesn't exist on type 'Customer'",
        locations: [{ line: 1, column: 33 }],
        path: ["query", "customers", "nodes", "foo"],
        extensions: { code: "undefinedField", typeName: "Customer", fieldName: "foo" },
      },
    ]);
  });

  it("names a named operation in the path", () => {
    expect(errorsOf("query Recent { shop { nope } }")[0]?.path).toEqual(["query Recent", "shop", "nope"]);
  });

  it("refuses an argument the field does not accept", () => {
    expect(errorsOf("{ customers(first: 1, bar: 2) { nodes { id } } }")[0]).toMatchObject({
      message: "Field 'customers' doesn't accept argument 'bar'",
      path: ["query", "customers", "bar"],
      extensions: { code: "argumentNotAccepted", name: "customers", typeName: "Field", argumentName: "bar" },
    });
  });

  it("refuses a literal of the wrong type", () => {
    expect(errorsOf('{ customers(first: "x") { nodes { id } } }')[0]).toMatchObject({
      message: "Argument 'first' on Field 'customers' has an invalid value (\"x\"). Expected type 'Int'.",
      path: ["query", "customers", "first"],
      extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: "first" },
    });
  });

  it("refuses an enum value the schema does not have", () => {
    expect(errorsOf("{ customers(first: 1, sortKey: FOO) { nodes { id } } }")[0]).toMatchObject({
      message: "Argument 'sortKey' on Field 'customers' has an invalid value (FOO). Expected type 'CustomerSortKeys'.",
      extensions: { code: "argumentLiteralsIncompatible" },
    });
  });

  it("reports missing required arguments", () => {
    expect(errorsOf("{ customer { id } }")[0]).toMatchObject({
      message: "Field 'customer' is missing required arguments: id",
      extensions: { code: "missingRequiredArguments", className: "Field", name: "customer", arguments: "id" },
    });
  });

  it("reports an undeclared variable", () => {
    expect(errorsOf("query { customers(first: $n) { nodes { id } } }")[0]).toMatchObject({
      message: "Variable $n is used by anonymous query but not declared",
      extensions: { code: "variableNotDefined", variableName: "n" },
    });
  });

  it("reports a variable whose type does not fit the argument", () => {
    expect(errorsOf("query Q($n: String) { customers(first: $n) { nodes { id } } }")[0]).toMatchObject({
      message: "Type mismatch on variable $n and argument first (String / Int)",
      extensions: { code: "variableMismatch", variableName: "n", typeName: "String", argumentName: "first", errorMessage: "Type mismatch" },
    });
  });

  it("refuses selections on a scalar", () => {
    expect(errorsOf("{ customers(first: 1) { nodes { email { x } } } }")[0]).toMatchObject({
      message: "Selections can't be made on scalars (field 'email' returns String but has selections [x])",
      extensions: { code: "selectionMismatch", nodeName: "field 'email'", typeName: "String" },
    });
  });

  it("requires selections on an object", () => {
    expect(errorsOf("{ customers(first: 1) }")[0]).toMatchObject({
      message:
        "Field must have selections (field 'customers' returns CustomerConnection! but has no selections. Did you mean 'customers { ... }'?)",
      extensions: { code: "selectionMismatch", nodeName: "field 'customers'", typeName: "CustomerConnection!" },
    });
  });

  it("answers a syntax error with graphql-ruby's wording and location", () => {
    expect(errorsOf("{ customers(first: 1) { nodes { id } } } }")).toEqual([
      { message: 'syntax error, unexpected RCURLY ("}") at [1, 42]', locations: [{ line: 1, column: 42 }] },
    ]);
    expect(errorsOf("{ shop { name }")[0]?.message).toBe("syntax error, unexpected end of file at [1, 16]");
  });

  it("keeps graphql-js's message for rarer rules", () => {
    expect(errorsOf("{ ...F }")[0]).toMatchObject({ message: "Fragment F was used, but not defined" });
  });
});
