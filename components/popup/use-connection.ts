/** The popup's view of the connection to Calltouch: the last check, and whether sending can work at all. */
import { useEffect, useState } from "preact/hooks";
import type { ConnectionCheck } from "../../utils/background/connection";
import type { MessageKey } from "../../utils/i18n";
import { type CredentialsStatus, sendMessage } from "../../utils/messaging";

export interface PopupConnection {
  /** False until the background answered. */
  known: boolean;
  connection: ConnectionCheck | null;
  /** Why nothing can be sent (the "not connected" notice); null when sending may work. */
  notConnected: MessageKey | null;
}

/**
 * Why the saved credentials cannot send: none saved, unusable (another API host, permission removed),
 * or refused by Calltouch at the last check or send. A network failure is not one: it may pass.
 */
export function notConnectedReason(status: CredentialsStatus): MessageKey | null {
  if (!status.hasToken || status.blocked?.reason === "noCredentials") return "popupNotConnectedNoToken";
  if (status.blocked) return "popupNotConnectedBlocked";
  const state = status.connection?.state;
  if (state === "tokenRefused" || state === "siteIdRefused") return "popupNotConnectedRefused";
  return null;
}

/** Asks the background once; a background that does not answer leaves sending possible (the queue says more). */
export function useConnection(): PopupConnection {
  const [state, setState] = useState<PopupConnection>({ known: false, connection: null, notConnected: null });
  useEffect(() => {
    let active = true;
    sendMessage("getCredentialsStatus")
      .then(
        (status) =>
          active &&
          setState({
            known: true,
            connection: status.connection ?? null,
            notConnected: notConnectedReason(status),
          }),
      )
      .catch(() => active && setState((current) => ({ ...current, known: true })));
    return () => {
      active = false;
    };
  }, []);
  return state;
}
