/** The column mappings remembered per header set, so a file like the last one opens set as the user left it. */

import { BULK_MAPPINGS_MAX, bulkMappingsItem } from "../storage";
import type { ColumnRole } from "./mapping";

/** Remembers a mapping for its header set, forgetting the least recently used beyond the limit. */
export async function rememberMapping(signature: string, roles: readonly ColumnRole[], overwrite: boolean) {
  const saved = await bulkMappingsItem.getValue();
  const entries = Object.entries({
    ...saved,
    [signature]: { roles: [...roles], overwrite, savedAt: Date.now() },
  })
    .sort(([, a], [, b]) => b.savedAt - a.savedAt)
    .slice(0, BULK_MAPPINGS_MAX);
  await bulkMappingsItem.setValue(Object.fromEntries(entries));
}

/** The mapping remembered for a header set, if any. */
export async function recallMapping(signature: string) {
  return (await bulkMappingsItem.getValue())[signature] ?? null;
}
