/**
 * The builder's working copy of a rule: the same tree with an id on every node (stable React keys while conditions
 * are added and removed) and values as typed (a number field may be empty). Pure, shared by the builder and its tests;
 * `toRule` gives back plain JSON that app/segments/rule.ts validates.
 */
import {
  ATTRIBUTE_OPERATORS,
  FIELD_OPERATORS,
  MAX_DEPTH,
  attributeIdOf,
  isAttributeField,
  valueKindOf,
  type BuiltinField,
  type Operator,
  type SegmentGroup,
  type SegmentNode,
} from "./rule";

export type EditorCondition = { id: string; type: "condition"; field: string; operator: Operator; value: unknown };
export type EditorGroup = { id: string; type: "group"; op: "and" | "or"; children: EditorNode[] };
export type EditorNode = EditorCondition | EditorGroup;

/** What the builder knows of an attribute: its type decides the operators. */
export type AttributeTypeOf = (definitionId: string) => keyof typeof ATTRIBUTE_OPERATORS | undefined;

let counter = 0;
const nextId = () => `n${++counter}`;

export function toEditor(node: SegmentGroup): EditorGroup;
export function toEditor(node: SegmentNode): EditorNode;
export function toEditor(node: SegmentNode): EditorNode {
  if (node.type === "group") return { id: nextId(), type: "group", op: node.op, children: node.children.map((c) => toEditor(c)) };
  return { id: nextId(), type: "condition", field: node.field, operator: node.operator, value: node.value };
}

/** The rule as JSON for the server (values as typed: the server's validation says what is missing). */
export function toRule(node: EditorGroup): unknown {
  return {
    type: "group",
    op: node.op,
    children: node.children.map((child) =>
      child.type === "group" ? toRule(child) : { type: "condition", field: child.field, operator: child.operator, value: child.value },
    ),
  };
}

/** The operators a field offers in the builder. */
export function operatorsOf(field: string, typeOf: AttributeTypeOf): readonly Operator[] {
  if (isAttributeField(field)) {
    const type = typeOf(attributeIdOf(field));
    return type ? ATTRIBUTE_OPERATORS[type] : [];
  }
  return FIELD_OPERATORS[field as BuiltinField] ?? [];
}

/** An empty value of the operator's kind. */
export function emptyValue(operator: Operator): unknown {
  switch (valueKindOf(operator)) {
    case "strings":
    case "months":
      return [];
    case "range":
      return ["", ""];
    case "none":
      return null;
    default:
      return "";
  }
}

export function newCondition(field = "tags", typeOf: AttributeTypeOf = () => undefined): EditorCondition {
  const operator = operatorsOf(field, typeOf)[0] ?? "isSet";
  return { id: nextId(), type: "condition", field, operator, value: emptyValue(operator) };
}

export function newGroup(op: "and" | "or" = "and"): EditorGroup {
  return { id: nextId(), type: "group", op, children: [newCondition()] };
}

/** A new field keeps nothing of the old condition but its place; a new operator keeps the value when its kind allows. */
export function withField(condition: EditorCondition, field: string, typeOf: AttributeTypeOf): EditorCondition {
  const operator = operatorsOf(field, typeOf)[0] ?? "isSet";
  return { ...condition, field, operator, value: emptyValue(operator) };
}

export function withOperator(condition: EditorCondition, operator: Operator): EditorCondition {
  const same = valueKindOf(operator) === valueKindOf(condition.operator);
  return { ...condition, operator, value: same ? condition.value : emptyValue(operator) };
}

/** The tree with the node of `id` replaced by `update(node)` (null removes it). */
export function replaceNode(root: EditorGroup, id: string, update: (node: EditorNode) => EditorNode | null): EditorGroup {
  const walk = (group: EditorGroup): EditorGroup => ({
    ...group,
    children: group.children.flatMap((child) => {
      if (child.id === id) {
        const next = update(child);
        return next ? [next] : [];
      }
      return child.type === "group" ? [walk(child)] : [child];
    }),
  });
  return root.id === id ? (update(root) as EditorGroup) : walk(root);
}

/** Whether a group at this depth (the root is 1) may hold another group. */
export const canNest = (depth: number) => depth < MAX_DEPTH;

/** The node at a rule path such as "children.1.children.0" (from a validation error), for showing the error there. */
export function nodeAtPath(root: EditorGroup, path: string): EditorNode | null {
  if (!path) return root;
  const parts = path.split(".");
  let node: EditorNode = root;
  for (let i = 0; i < parts.length; i += 2) {
    if (parts[i] !== "children" || node.type !== "group") return null;
    const next: EditorNode | undefined = node.children[Number(parts[i + 1])];
    if (!next) return null;
    node = next;
  }
  return node;
}

/** How many conditions the tree holds. */
export function conditionCount(node: EditorNode): number {
  return node.type === "group" ? node.children.reduce((n, c) => n + conditionCount(c), 0) : 1;
}
