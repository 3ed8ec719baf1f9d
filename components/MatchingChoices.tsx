/**
 * The two open lists of a matching row, the same in the popup's rules and a preset's template: how far
 * back Calltouch searches and which lead it takes when several match, each with "Other…" for a typed value.
 */
import { t } from "../utils/i18n";
import { SEARCH_DEPTHS, TYPES_TO_MATCH } from "./matching-choices";
import { depthName, typeToMatchName } from "./matching-words";
import { SelectWithOther } from "./SelectWithOther";

interface ChoiceSelectProps {
  id: string;
  /** The list's label; each page words it for its own form. */
  label: string;
  /** The label of the input "Other…" opens. */
  customLabel: string;
  customHelp?: string;
  /** As chosen or typed; empty: not sent (Calltouch's default). */
  value: string;
  /** "Other…" was chosen. */
  custom: boolean;
  error?: string;
  onChange: (value: string, custom: boolean) => void;
}

/** `searchDepth` in minutes: 2 hours, 1 day, 30 days, 6 months, or typed. */
export function SearchDepthSelect(props: ChoiceSelectProps) {
  return (
    <SelectWithOther
      {...props}
      choices={SEARCH_DEPTHS.map((minutes) => ({ value: String(minutes), label: depthName(minutes) }))}
      emptyLabel={t("popupDepthDefault")}
      otherLabel={t("popupOther")}
      inputMode="numeric"
    />
  );
}

/** `*TypeToMatch`: the values the vendor documents, or typed (the list is open). */
export function TypeToMatchSelect(props: ChoiceSelectProps) {
  return (
    <SelectWithOther
      {...props}
      choices={TYPES_TO_MATCH.map((value) => ({ value, label: typeToMatchName(value) }))}
      emptyLabel={t("popupMatchDefault")}
      otherLabel={t("popupOther")}
    />
  );
}
