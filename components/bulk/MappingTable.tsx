import { type ColumnRole, fieldRole, isColumnRole, MATCHING_ROLES } from "../../utils/bulk/mapping";
import type { ParsedCsv } from "../../utils/csv/parse";
import { t } from "../../utils/i18n";
import type { Catalogue } from "../../utils/storage";
import { columnName, roleName } from "./wording";

interface MappingTableProps {
  parsed: ParsedCsv;
  roles: readonly ColumnRole[];
  catalogue: Catalogue;
  /** Columns named by a mapping problem. */
  invalidColumns: ReadonlySet<number>;
  onRole: (column: number, role: ColumnRole) => void;
}

/** How many example values each column shows. */
const SAMPLES = 3;

/** One row per column of the file: its name, example values, and a select of what it is. */
export function MappingTable({ parsed, roles, catalogue, invalidColumns, onRole }: MappingTableProps) {
  const addRoles: ColumnRole[] = [...catalogue.map((field) => fieldRole(field.apiName)), "tags", "comment"];
  return (
    <table class="table mapping">
      <caption class="visually-hidden">{t("bulkMappingHeading")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("bulkMappingColumn")}</th>
          <th scope="col">{t("bulkMappingSample")}</th>
          <th scope="col">{t("bulkMappingUse")}</th>
        </tr>
      </thead>
      <tbody>
        {parsed.headers.map((_, column) => {
          const name = columnName(parsed.headers, column);
          const samples: string[] = [];
          for (const row of parsed.rows) {
            const value = row.cells[column]?.trim();
            if (value && !samples.includes(value)) samples.push(value);
            if (samples.length >= SAMPLES) break;
          }
          const id = `role-${column}`;
          return (
            <tr key={column}>
              <th scope="row" id={`${id}-name`}>
                {name}
              </th>
              <td class="mapping__samples">{samples.join(" · ") || "—"}</td>
              <td>
                <select
                  id={id}
                  aria-labelledby={`${id}-name`}
                  aria-invalid={invalidColumns.has(column)}
                  value={roles[column] ?? "ignore"}
                  onChange={(event) => {
                    const role = event.currentTarget.value;
                    if (isColumnRole(role, catalogue)) onRole(column, role);
                  }}
                >
                  <option value="ignore">{roleName("ignore", catalogue)}</option>
                  <optgroup label={t("bulkRoleGroupMatch")}>
                    {MATCHING_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {roleName(role, catalogue)}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label={t("bulkRoleGroupAdd")}>
                    {addRoles.map((role) => (
                      <option key={role} value={role}>
                        {roleName(role, catalogue)}
                      </option>
                    ))}
                  </optgroup>
                </select>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
