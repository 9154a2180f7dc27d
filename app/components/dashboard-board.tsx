import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  type Announcements,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { arrayMove, rectSortingStrategy, SortableContext, sortableKeyboardCoordinates, useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { useFetcher } from "@remix-run/react";
import { ActionList, Banner, BlockStack, Button, Card, Icon, InlineStack, Popover, Text } from "@shopify/polaris";
import { ChevronDownIcon, ChevronUpIcon, DragHandleIcon, PlusIcon, XIcon } from "@shopify/polaris-icons";
import { type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CARD_KEYS, type CardKey, cardOf, moveCard } from "../dashboard/cards";

type Props = {
  layout: CardKey[];
  canSave: boolean;
  renderCard: (key: CardKey) => ReactNode;
};

/**
 * The staff member's cards in their order: add from a menu of hidden cards, remove, and reorder by dragging, by the
 * keyboard on the drag handle (dnd-kit's keyboard sensor) or with the Move up / Move down buttons. Every change is
 * announced to screen readers and saved at once (the loader then computes any card just added).
 */
export function DashboardBoard({ layout, canSave, renderCard }: Props) {
  const { t } = useTranslation();
  const fetcher = useFetcher<{ ok: boolean }>();
  const [order, setOrder] = useState<CardKey[]>(layout);
  const [announcement, setAnnouncement] = useState("");
  const [menuOpen, setMenuOpen] = useState(false);
  const layoutKey = layout.join(",");
  // A new layout from the server (another tab, a reload) replaces the local one.
  useEffect(() => setOrder(layoutKey ? (layoutKey.split(",") as CardKey[]) : []), [layoutKey]);

  const title = (key: CardKey) => t(`dashboard.cards.${key}`);
  const save = (next: CardKey[], message: string) => {
    setOrder(next);
    setAnnouncement(message);
    if (canSave) fetcher.submit({ intent: "layout", cards: JSON.stringify(next) }, { method: "post" });
  };
  const hidden = CARD_KEYS.filter((k) => !order.includes(k));
  const position = (key: CardKey, keys: CardKey[] = order) => ({ position: keys.indexOf(key) + 1, total: keys.length });

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = order.indexOf(active.id as CardKey);
    const to = order.indexOf(over.id as CardKey);
    const next = arrayMove(order, from, to);
    save(next, t("dashboard.layout.announce.moved", { card: title(active.id as CardKey), ...position(active.id as CardKey, next) }));
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("dashboard.layout.announce.pickedUp", { card: title(active.id as CardKey), ...position(active.id as CardKey) }),
    onDragOver: ({ active, over }) =>
      over ? t("dashboard.layout.announce.over", { card: title(active.id as CardKey), ...position(over.id as CardKey) }) : undefined,
    onDragEnd: ({ active, over }) =>
      over ? t("dashboard.layout.announce.dropped", { card: title(active.id as CardKey), ...position(over.id as CardKey) }) : undefined,
    onDragCancel: ({ active }) => t("dashboard.layout.announce.cancelled", { card: title(active.id as CardKey), ...position(active.id as CardKey) }),
  };

  return (
    <BlockStack gap="400">
      <InlineStack align="end">
        <Popover
          active={menuOpen}
          onClose={() => setMenuOpen(false)}
          activator={
            <Button icon={PlusIcon} disclosure onClick={() => setMenuOpen((v) => !v)} disabled={hidden.length === 0}>
              {t("dashboard.layout.add")}
            </Button>
          }
        >
          <ActionList
            actionRole="menuitem"
            items={hidden.map((key) => ({
              content: title(key),
              onAction: () => {
                setMenuOpen(false);
                save([...order, key], t("dashboard.layout.announce.added", { card: title(key) }));
              },
            }))}
          />
        </Popover>
      </InlineStack>
      {fetcher.data && !fetcher.data.ok ? <Banner tone="critical">{t("dashboard.layout.saveFailed")}</Banner> : null}
      {!canSave ? <Banner tone="warning">{t("dashboard.layout.noUser")}</Banner> : null}
      <div role="status" aria-live="polite" data-testid="dashboard-announcement">
        <Text as="span" visuallyHidden>
          {announcement}
        </Text>
      </div>
      {order.length === 0 ? (
        <Card>
          <Text as="p">{t("dashboard.layout.empty")}</Text>
        </Card>
      ) : (
        <DndContext
          id="dashboard-cards"
          sensors={sensors}
          collisionDetection={closestCenter}
          onDragEnd={onDragEnd}
          accessibility={{ announcements, screenReaderInstructions: { draggable: t("dashboard.layout.instructions") } }}
        >
          <SortableContext items={order} strategy={rectSortingStrategy}>
            <div
              data-testid="dashboard-cards"
              style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(260px, 1fr))", gap: "var(--p-space-400)" }}
            >
              {order.map((key, index) => (
                <SortableCard
                  key={key}
                  cardKey={key}
                  title={title(key)}
                  first={index === 0}
                  last={index === order.length - 1}
                  onMove={(by) => {
                    const next = moveCard(order, key, by);
                    save(next, t("dashboard.layout.announce.moved", { card: title(key), ...position(key, next) }));
                  }}
                  onRemove={() => save(order.filter((k) => k !== key), t("dashboard.layout.announce.removed", { card: title(key) }))}
                >
                  {renderCard(key)}
                </SortableCard>
              ))}
            </div>
          </SortableContext>
        </DndContext>
      )}
    </BlockStack>
  );
}

type CardProps = {
  cardKey: CardKey;
  title: string;
  first: boolean;
  last: boolean;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  children: ReactNode;
};

function SortableCard({ cardKey, title, first, last, onMove, onRemove, children }: CardProps) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: cardKey });
  const wide = cardOf(cardKey).kind === "chart";
  return (
    <div
      ref={setNodeRef}
      data-card-key={cardKey}
      style={{
        gridColumn: wide ? "1 / -1" : undefined,
        transform: CSS.Translate.toString(transform),
        transition,
        zIndex: isDragging ? 2 : undefined,
        opacity: isDragging ? 0.85 : undefined,
      }}
    >
      <Card>
        <BlockStack gap="200">
          <InlineStack align="space-between" blockAlign="center" wrap={false} gap="100">
            <InlineStack gap="100" blockAlign="center" wrap={false}>
              <button
                ref={setActivatorNodeRef}
                type="button"
                aria-label={t("dashboard.layout.drag", { card: title })}
                data-testid="drag-handle"
                style={{ cursor: "grab", background: "none", border: 0, padding: 4, display: "inline-flex", touchAction: "none" }}
                {...attributes}
                {...listeners}
              >
                <DragHandleGlyph />
              </button>
              <Text as="h2" variant="headingSm">
                {title}
              </Text>
            </InlineStack>
            <InlineStack gap="050" wrap={false}>
              <Button variant="tertiary" size="slim" icon={ChevronUpIcon} disabled={first} accessibilityLabel={t("dashboard.layout.moveUp", { card: title })} onClick={() => onMove(-1)} />
              <Button variant="tertiary" size="slim" icon={ChevronDownIcon} disabled={last} accessibilityLabel={t("dashboard.layout.moveDown", { card: title })} onClick={() => onMove(1)} />
              <Button variant="tertiary" size="slim" icon={XIcon} accessibilityLabel={t("dashboard.layout.remove", { card: title })} onClick={onRemove} />
            </InlineStack>
          </InlineStack>
          {children}
        </BlockStack>
      </Card>
    </div>
  );
}

function DragHandleGlyph() {
  return (
    <span aria-hidden="true" style={{ display: "inline-flex" }}>
      <Icon source={DragHandleIcon} tone="subdued" />
    </span>
  );
}
