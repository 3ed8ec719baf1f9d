import { UsagePanel } from "./UsagePanel";
import { useUsage } from "./use-usage";

/** The usage panel with its own data: requests and leads per day, and the quota pause with "Resume now". */
export function UsageSection() {
  const { queue, usage, resuming, notice, resume } = useUsage();
  return (
    <UsagePanel
      usage={usage}
      paused={queue?.paused ?? null}
      onResume={resume}
      resuming={resuming}
      notice={notice}
    />
  );
}
