import { t } from "../../utils/i18n";
import { type CatalogueField, catalogueItem, saveCatalogue } from "../../utils/storage";
import { CatalogueFieldForm, FIELD_TYPE_LABELS } from "./CatalogueFieldForm";
import { OrderedListEditor } from "./OrderedListEditor";
import { useOrderedList } from "./use-ordered-list";

const displayName = (field: CatalogueField) => field.label || field.apiName;

/** The custom-field catalogue: add, edit, remove (with undo) and reorder; every change is saved at once. */
export function CatalogueEditor() {
  const list = useOrderedList({
    stored: catalogueItem,
    store: saveCatalogue,
    nameOf: displayName,
    messages: {
      added: "fieldAdded",
      updated: "fieldUpdated",
      removed: "fieldRemoved",
      restored: "fieldRestored",
    },
  });

  if (!list) {
    return (
      <section class="card" aria-labelledby="catalogue-heading">
        <h2 id="catalogue-heading">{t("catalogueHeading")}</h2>
        <p>{t("loading")}</p>
      </section>
    );
  }

  return (
    <section class="card" aria-labelledby="catalogue-heading" ref={list.section}>
      <h2 id="catalogue-heading">{t("catalogueHeading")}</h2>
      <p>{t("catalogueIntro")}</p>
      <OrderedListEditor
        list={list}
        label={t("catalogueListLabel")}
        empty={<p class="catalogue__empty">{t("catalogueEmpty")}</p>}
        describe={(field) => (
          <>
            <span class="catalogue__name">{displayName(field)}</span>
            {field.label && <code class="catalogue__api-name">{field.apiName}</code>}
            <span class="catalogue__type">
              {field.type === "list"
                ? t("fieldSummaryList", field.options.join(", "))
                : t(FIELD_TYPE_LABELS[field.type])}
            </span>
          </>
        )}
        form={(initial) => (
          <CatalogueFieldForm
            initial={initial}
            catalogue={list.items}
            onSave={list.save}
            onCancel={list.cancel}
          />
        )}
        addLabel={t("catalogueAdd")}
      />
    </section>
  );
}
