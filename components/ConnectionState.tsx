import type { ConnectionCheck } from "../utils/background/connection";
import { formatDateTime, type MessageKey, t } from "../utils/i18n";

type Shown = ConnectionCheck["state"] | "unchecked";

const TEXT: Record<Exclude<Shown, "checking" | "unchecked">, { state: MessageKey; help: MessageKey }> = {
  connected: { state: "connectionConnected", help: "connectionConnectedHelp" },
  tokenRefused: { state: "connectionTokenRefused", help: "connectionTokenRefusedHelp" },
  siteIdRefused: { state: "connectionSiteIdRefused", help: "connectionSiteIdRefusedHelp" },
  unreachable: { state: "connectionUnreachable", help: "connectionUnreachableHelp" },
};

const TONE: Record<Shown, "ok" | "warning" | "error" | "neutral"> = {
  connected: "ok",
  tokenRefused: "error",
  siteIdRefused: "error",
  unreachable: "warning",
  checking: "neutral",
  unchecked: "neutral",
};

/** The badge's line and advice for a check (or none, or one under way); pure, for any page. */
export function describeConnection(
  connection: ConnectionCheck | null | undefined,
  checking = false,
): { shown: Shown; text: string; help?: string } {
  if (checking || connection?.state === "checking")
    return { shown: "checking", text: t("connectionChecking") };
  if (!connection) return { shown: "unchecked", text: t("connectionUnchecked") };
  const { state, help } = TEXT[connection.state];
  return { shown: connection.state, text: t(state, formatDateTime(connection.at)), help: t(help) };
}

interface ConnectionStateProps {
  /** `CredentialsStatus.connection`: the last check (or a send since); null or absent when none applies. */
  connection: ConnectionCheck | null | undefined;
  /** True while this page waits for a check it asked for, before the stored `checking` reaches it. */
  checking?: boolean;
  /** One line without advice or the server's words, for a page header or the popup. */
  compact?: boolean;
}

/**
 * The state of the connection to Calltouch, the same on every page: Connected, Token refused, SiteId
 * refused, Can't reach Calltouch or Checking…, with the time of the check; a live region, so a change is read out.
 */
export function ConnectionState({ connection, checking = false, compact = false }: ConnectionStateProps) {
  const { shown, text, help } = describeConnection(connection, checking);
  // Only a refusal carries Calltouch's own words; a network failure's text ("Failed to fetch") helps no one.
  const said = (shown === "tokenRefused" || shown === "siteIdRefused") && connection?.message;
  return (
    <div
      role="status"
      class={`status status--${TONE[shown]} connection-state`}
      data-state={shown}
      aria-busy={shown === "checking"}
    >
      <p class="connection-state__text">
        <strong>{text}</strong>
      </p>
      {!compact && help && <p class="connection-state__help">{help}</p>}
      {!compact && said && <p class="connection-state__detail">{t("statusServerMessage", said)}</p>}
    </div>
  );
}
