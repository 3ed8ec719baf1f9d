import { useEffect, useState } from "preact/hooks";
import { type CredentialsStatus, sendMessage } from "../utils/messaging";

/** The credentials' status as the background last knew it (read once when the page opens), or null until then. */
export function useCredentialsStatus(): CredentialsStatus | null {
  const [status, setStatus] = useState<CredentialsStatus | null>(null);
  useEffect(() => {
    let active = true;
    sendMessage("getCredentialsStatus").then(
      (value) => active && setStatus(value),
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, []);
  return status;
}
