/** Changing the detection settings from the options page, one part at a time. */
import { type DetectionSettings, DetectionSettingsSchema, detectionSettingsItem } from "../../utils/storage";

// Updates run one after another: two at once (two sites ticked in a row) would each write over the other.
let lastUpdate: Promise<unknown> = Promise.resolve();

/**
 * Applies `change` to the stored settings (read just before, so the other parts are kept), validates
 * and stores the result; throws a ZodError on invalid data or the storage error.
 */
export function updateDetectionSettings(
  change: (current: DetectionSettings) => Partial<DetectionSettings>,
): Promise<DetectionSettings> {
  const update = lastUpdate.then(async () => {
    const current = await detectionSettingsItem.getValue();
    const next = DetectionSettingsSchema.parse({ ...current, ...change(current) });
    await detectionSettingsItem.setValue(next);
    return next;
  });
  lastUpdate = update.catch(() => undefined);
  return update;
}
