/** The popup's data to add to the lead: the custom fields, then the tags and a comment. */
import { t } from "../../utils/i18n";
import type { Catalogue } from "../../utils/storage";
import { FieldEditor } from "./FieldEditor";
import type { FormErrors, PopupForm } from "./popup-form";
import { TagsCommentEditor } from "./TagsCommentEditor";

interface FieldsSectionsProps {
  form: PopupForm;
  errors: FormErrors;
  /** Null while the fields' catalogue is read. */
  catalogue: Catalogue | null;
  /** The user changed `patch` of the form. */
  onChange: (patch: Partial<PopupForm>) => void;
}

/** Two sections: "Fields" (once the catalogue is read) and "Tags and comment". */
export function FieldsSections({ form, errors, catalogue, onChange }: FieldsSectionsProps) {
  const { fields: values, overwrite, tags, tagsOverwrite, comment } = form;
  return (
    <>
      <section id="fields-section" class="block" aria-labelledby="fields-heading">
        <h2 id="fields-heading">{t("popupFieldsHeading")}</h2>
        {catalogue === null ? (
          <p class="hint">{t("loading")}</p>
        ) : (
          <FieldEditor
            catalogue={catalogue}
            values={values}
            errors={errors.fields}
            listError={errors.fieldList}
            overwrite={overwrite}
            overwriteError={errors.overwrite}
            onValue={(apiName, value) => onChange({ fields: { ...values, [apiName]: value } })}
            onOverwrite={(next) => onChange({ overwrite: next })}
          />
        )}
      </section>

      <section id="extras-section" class="block" aria-labelledby="extras-heading">
        <h2 id="extras-heading">{t("popupExtrasHeading")}</h2>
        <TagsCommentEditor
          tags={tags}
          tagsOverwrite={tagsOverwrite}
          comment={comment}
          tagsError={errors.tags}
          commentError={errors.comment}
          onTags={(next) => onChange({ tags: next })}
          onTagsOverwrite={(next) => onChange({ tagsOverwrite: next })}
          onComment={(next) => onChange({ comment: next })}
        />
      </section>
    </>
  );
}
