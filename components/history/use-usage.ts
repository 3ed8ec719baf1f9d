import { useCallback, useEffect, useState } from "preact/hooks";
import { t } from "../../utils/i18n";
import { type QueueStatus, sendMessage, type UsageReport } from "../../utils/messaging";

/**
 * The queue's status and the API usage report, with a way to refresh them and to resume a paused queue;
 * with `pollMs`, the queue's status is read again that often (a pause starts while the page is open).
 */
export function useUsage(pollMs?: number) {
  const [queue, setQueue] = useState<QueueStatus | null>(null);
  const [usage, setUsage] = useState<UsageReport | null>(null);
  const [resuming, setResuming] = useState(false);
  const [notice, setNotice] = useState("");

  const refresh = useCallback(async () => {
    const [status, report] = await Promise.all([
      sendMessage("getQueueStatus").catch(() => null),
      sendMessage("getUsage").catch(() => null),
    ]);
    if (status) setQueue(status);
    if (report) setUsage(report);
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (!pollMs) return;
    const timer = setInterval(() => {
      sendMessage("getQueueStatus").then(setQueue, () => undefined);
    }, pollMs);
    return () => clearInterval(timer);
  }, [pollMs]);

  const resume = async () => {
    setResuming(true);
    try {
      setQueue(await sendMessage("resume"));
      setNotice(t("usageResumed"));
    } catch {
      setNotice(t("errorBackground"));
    } finally {
      setResuming(false);
    }
  };

  return { queue, usage, resuming, notice, refresh, resume };
}
