/** The custom-field catalogue the bulk tests map columns to: one field of each kind a column can feed. */
import type { Catalogue } from "../../../utils/storage";

export const CATALOGUE: Catalogue = [
  { id: "1", apiName: "revenue", label: "Выручка", type: "number", options: [] },
  { id: "2", apiName: "name", label: "Имя", type: "text", options: [] },
  { id: "3", apiName: "stage", label: "", type: "list", options: ["won", "lost"] },
  { id: "4", apiName: "birthday", label: "", type: "date", options: [] },
];
