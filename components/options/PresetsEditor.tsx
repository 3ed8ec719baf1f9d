import { z } from "zod";
import { t } from "../../utils/i18n";
import { catalogueItem, type Preset, PresetSchema, presetsItem } from "../../utils/storage";
import { useStoredValue } from "../use-stored-value";
import { OrderedListEditor } from "./OrderedListEditor";
import { PresetForm } from "./PresetForm";
import { useOrderedList } from "./use-ordered-list";

const PresetListSchema = z.array(PresetSchema);

/** The presets of the context menu: add, edit, remove (with undo) and reorder; every change is saved at once. */
export function PresetsEditor() {
  const list = useOrderedList({
    stored: presetsItem,
    store: (presets: Preset[]) => presetsItem.setValue(PresetListSchema.parse(presets)),
    nameOf: (preset) => preset.name,
    messages: {
      added: "presetAdded",
      updated: "presetUpdated",
      removed: "presetRemoved",
      restored: "presetRestored",
    },
  });
  const [catalogue] = useStoredValue(catalogueItem);

  if (!list || !catalogue) {
    return (
      <section class="card" aria-labelledby="presets-heading">
        <h2 id="presets-heading">{t("presetsHeading")}</h2>
        <p>{t("loading")}</p>
      </section>
    );
  }

  const fieldName = (apiName: string) => {
    const field = catalogue.find((f) => f.apiName === apiName);
    return field?.label || apiName;
  };
  const summary = (preset: Preset) =>
    preset.fields.map((f) => `${fieldName(f.apiName)}: ${f.value}`).join(", ");
  const hasFields = catalogue.length > 0;

  return (
    <section class="card" aria-labelledby="presets-heading" ref={list.section}>
      <h2 id="presets-heading">{t("presetsHeading")}</h2>
      <p>{t("presetsIntro")}</p>
      {!hasFields && <p class="catalogue__empty">{t("presetsNeedCatalogue")}</p>}
      <OrderedListEditor
        list={list}
        label={t("presetsListLabel")}
        empty={hasFields && <p class="catalogue__empty">{t("presetsEmpty")}</p>}
        describe={(preset) => (
          <>
            <span class="catalogue__name">{preset.name}</span>
            <span class="catalogue__type">{summary(preset)}</span>
            {preset.overwrite && <span class="catalogue__type">{t("presetOverwrites")}</span>}
          </>
        )}
        form={(initial) => (
          <PresetForm initial={initial} catalogue={catalogue} onSave={list.save} onCancel={list.cancel} />
        )}
        addLabel={t("presetsAdd")}
        canAdd={hasFields}
      />
    </section>
  );
}
