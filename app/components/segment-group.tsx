import { BlockStack, Box, Button, InlineStack, Select, Text } from "@shopify/polaris";
import { useTranslation } from "react-i18next";
import { canNest, newCondition, newGroup, type EditorGroup, type EditorNode } from "../segments/editor";
import { SegmentConditionRow, type ConditionContext } from "./segment-condition";

type Props = {
  group: EditorGroup;
  depth: number;
  ctx: ConditionContext;
  /** Replace a node (by id) in the whole tree; null removes it. */
  onNode: (id: string, update: (node: EditorNode) => EditorNode | null) => void;
  /** Error messages by node id (from the server's validation). */
  errors: Record<string, string>;
  /** Whether another condition may be added (the rule's limit). */
  canAdd: boolean;
};

/** A group of conditions joined by AND or OR, holding conditions and (up to the depth limit) more groups. */
export function SegmentGroupEditor({ group, depth, ctx, onNode, errors, canAdd }: Props) {
  const { t } = useTranslation();
  const isRoot = depth === 1;
  const add = (node: EditorNode) => onNode(group.id, (g) => (g.type === "group" ? { ...g, children: [...g.children, node] } : g));
  let conditionNumber = 0;

  const body = (
    <BlockStack gap="300">
      <InlineStack gap="200" blockAlign="center" align="space-between">
        <div style={{ minWidth: "16rem" }}>
          <Select
            label={t("segments.builder.groupOp")}
            labelInline
            options={(["and", "or"] as const).map((op) => ({ label: t(`segments.builder.op.${op}`), value: op }))}
            value={group.op}
            onChange={(op) => onNode(group.id, (g) => (g.type === "group" ? { ...g, op: op as "and" | "or" } : g))}
          />
        </div>
        {!isRoot ? (
          <Button variant="tertiary" tone="critical" onClick={() => onNode(group.id, () => null)}>
            {t("segments.builder.removeGroup")}
          </Button>
        ) : null}
      </InlineStack>
      {errors[group.id] ? (
        <div role="alert">
          <Text as="p" tone="critical">
            {errors[group.id]}
          </Text>
        </div>
      ) : null}
      {group.children.map((child, index) => {
        if (child.type === "condition") conditionNumber += 1;
        return (
          <BlockStack gap="200" key={child.id}>
            {index > 0 ? (
              <Text as="span" tone="subdued" variant="bodySm">
                {t(`segments.builder.joiner.${group.op}`)}
              </Text>
            ) : null}
            {child.type === "group" ? (
              <SegmentGroupEditor group={child} depth={depth + 1} ctx={ctx} onNode={onNode} errors={errors} canAdd={canAdd} />
            ) : (
              <div role="group" aria-label={`${t("segments.builder.rule")} ${conditionNumber}`} data-condition={child.id}>
                <SegmentConditionRow
                  condition={child}
                  ctx={ctx}
                  error={errors[child.id]}
                  onChange={(next) => onNode(child.id, () => next)}
                  onRemove={() => onNode(child.id, () => null)}
                />
              </div>
            )}
          </BlockStack>
        );
      })}
      <InlineStack gap="200">
        <Button onClick={() => add(newCondition("tags", ctx.typeOf))} disabled={!canAdd}>
          {t("segments.builder.addCondition")}
        </Button>
        {canNest(depth) ? (
          <Button variant="plain" onClick={() => add(newGroup(group.op === "and" ? "or" : "and"))} disabled={!canAdd}>
            {t("segments.builder.addGroup")}
          </Button>
        ) : null}
      </InlineStack>
    </BlockStack>
  );

  if (isRoot) return body;
  return (
    <div role="group" aria-label={t("segments.builder.group")}>
      <Box padding="300" borderWidth="025" borderColor="border" borderRadius="200" background="bg-surface-secondary">
        {body}
      </Box>
    </div>
  );
}
