import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FieldError, FieldErrors } from "../inquiries/settings";
import type { Parsed } from "../inquiries/settings-validation";

export type SettingsActionResult = { ok: boolean; intent: string; code?: string; errors?: FieldErrors };

/**
 * Submits one part of the support settings and answers its result: a toast when saved, field messages when not.
 * Each tab passes the intents it owns so it only reacts to its own submissions.
 */
export function useSettingsAction(intents: readonly string[], onSuccess?: (intent: string) => void) {
  const { t } = useTranslation();
  const shopify = useAppBridge();
  const submit = useSubmit();
  const navigation = useNavigation();
  const result = useActionData<SettingsActionResult>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const succeeded = useRef(onSuccess);
  succeeded.current = onSuccess;
  const mine = result && intents.includes(result.intent) ? result : undefined;

  useEffect(() => {
    if (!mine) return;
    if (mine.ok) {
      setErrors({});
      shopify.toast.show(t(`inquirySettings.toast.${mine.intent}`));
      succeeded.current?.(mine.intent);
      return;
    }
    const received = mine.errors ?? {};
    setErrors(received);
    const fields = Object.keys(received).filter((f) => f !== "form");
    if (fields.length === 0) shopify.toast.show(t(received.form?.message ?? "inquirySettings.errors.invalid"), { isError: true });
  }, [mine, shopify, t]);

  const pendingIntent = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : "";
  /** Sends the fields; with `check`, the same rules as the server answer a mistake first, without a round trip. */
  const run = useCallback(
    (fields: Record<string, string>, check?: (fields: Record<string, string>) => Parsed<unknown>) => {
      const checked = check?.(fields);
      if (checked && !checked.ok) return setErrors(checked.errors);
      submit(fields, { method: "post" });
    },
    [submit],
  );
  const message = useCallback((error: FieldError | undefined) => (error ? t(error.message, error.values) : undefined), [t]);
  /** The first message of a field or of any of its parts ("businessHours.1", "closedDates.3"). */
  const under = useCallback(
    (prefix: string) => message(errors[prefix] ?? Object.entries(errors).find(([field]) => field.startsWith(`${prefix}.`))?.[1]),
    [errors, message],
  );
  return { run, errors, setErrors, message, under, pendingIntent, busy: intents.includes(pendingIntent) };
}
