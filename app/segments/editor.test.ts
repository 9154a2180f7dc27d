import { describe, expect, it } from "vitest";
import { conditionCount, newCondition, newGroup, nodeAtPath, operatorsOf, replaceNode, toEditor, toRule, withField, withOperator } from "./editor";
import { validateRule, type SegmentGroup } from "./rule";

const saved: SegmentGroup = {
  type: "group",
  op: "and",
  children: [
    { type: "condition", field: "tags", operator: "includesAny", value: ["VIP"] },
    { type: "group", op: "or", children: [{ type: "condition", field: "ordersCount", operator: "gte", value: 2 }] },
  ],
};
const typeOf = (id: string) => (id === "bday" ? ("date" as const) : undefined);

describe("the builder's working copy", () => {
  it("round-trips a saved rule", () => {
    expect(toRule(toEditor(saved))).toEqual(saved);
  });

  it("adds, changes and removes nodes by id, keeping the others", () => {
    let tree = toEditor(saved);
    const group = tree.children[1]!;
    tree = replaceNode(tree, group.id, (g) => (g.type === "group" ? { ...g, children: [...g.children, newCondition("rfmClass", typeOf)] } : g));
    expect(conditionCount(tree)).toBe(3);
    const added = nodeAtPath(tree, "children.1.children.1");
    expect(added).toMatchObject({ field: "rfmClass", operator: "in", value: [] });
    tree = replaceNode(tree, tree.children[0]!.id, () => null);
    expect(conditionCount(tree)).toBe(2);
    expect(tree.children[0]!.id).toBe(group.id);
  });

  it("resets the value when the field or the kind of value changes, and keeps it otherwise", () => {
    const tags = { ...newCondition("tags", typeOf), value: ["VIP"] };
    expect(withOperator(tags, "excludesAll").value).toEqual(["VIP"]);
    expect(withOperator(tags, "isSet").value).toBeNull();
    expect(withField(tags, "ordersCount", typeOf)).toMatchObject({ operator: "gte", value: "" });
    expect(withField(tags, "attribute:bday", typeOf)).toMatchObject({ operator: "monthIs", value: [] });
  });

  it("offers the operators of the attribute's type, and none for an unknown attribute", () => {
    expect(operatorsOf("attribute:bday", typeOf)).toContain("monthIs");
    expect(operatorsOf("attribute:gone", typeOf)).toEqual([]);
  });

  it("gives a rule that is invalid until every value is filled", () => {
    const tree = newGroup();
    expect(validateRule(toRule(tree)).ok).toBe(false);
    const filled = replaceNode(tree, tree.children[0]!.id, (c) => (c.type === "condition" ? { ...c, value: ["VIP"] } : c));
    expect(validateRule(toRule(filled)).ok).toBe(true);
  });
});
