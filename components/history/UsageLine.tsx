import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { t } from "../../utils/i18n";
import type { UsageReport } from "../../utils/messaging";
import { formatCount, type PluralMessages, pluralText } from "./labels";
import { formatShare, UsageDetails } from "./UsagePanel";

const REQUESTS: PluralMessages = {
  one: "usageLineRequestsOne",
  few: "usageLineRequestsFew",
  many: "usageLineRequestsMany",
  other: "usageLineRequestsOther",
};
const LEADS: PluralMessages = {
  one: "usageLineLeadsOne",
  few: "usageLineLeadsFew",
  many: "usageLineLeadsMany",
  other: "usageLineLeadsOther",
};

/** Today's usage in one line: "Today: 12 requests · 1,150 leads · share 5/s · 0 × 429". */
export function usageLine(usage: UsageReport): string {
  const { today } = usage;
  return t("usageLine", [
    pluralText(today.requests, REQUESTS),
    pluralText(today.leads, LEADS),
    formatShare(usage.share),
    formatCount(today.rateLimited),
  ]);
}

interface UsageLineProps {
  usage: UsageReport | null;
  open: boolean;
  onToggle: (open: boolean) => void;
  /** Shown under the details when open (the retention form). */
  children?: ComponentChildren;
}

/** API usage as one line that opens to today's detail, the last 30 days and whatever the page adds. */
export function UsageLine({ usage, open, onToggle, children }: UsageLineProps) {
  const panel = useId();
  return (
    <section class="card usage-line" aria-labelledby="usage-heading">
      <div class="usage-line__bar">
        <h2 id="usage-heading" class="usage-line__heading">
          {t("usageHeading")}
        </h2>
        <button
          type="button"
          class="usage-line__toggle"
          aria-expanded={open}
          aria-controls={panel}
          onClick={() => onToggle(!open)}
        >
          {usage ? usageLine(usage) : t("loading")}
        </button>
      </div>
      <div id={panel} class="usage-line__panel" hidden={!open}>
        <UsageDetails usage={usage} />
        {children}
      </div>
    </section>
  );
}
