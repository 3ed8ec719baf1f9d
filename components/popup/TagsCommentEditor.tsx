import { t } from "../../utils/i18n";
import { MAX_COMMENT_LENGTH } from "../../utils/storage";
import { SwitchWithHelp } from "../CheckField";
import { Field } from "../Field";
import { TextField } from "../TextField";

interface TagsCommentEditorProps {
  /** Tags as typed, comma-separated. */
  tags: string;
  tagsOverwrite: boolean;
  comment: string;
  tagsError?: string;
  commentError?: string;
  onTags: (tags: string) => void;
  onTagsOverwrite: (overwrite: boolean) => void;
  onComment: (comment: string) => void;
}

/** The tags to add (with their own overwrite switch) and a comment: each sent as its own op. */
export function TagsCommentEditor(props: TagsCommentEditorProps) {
  return (
    <>
      <TextField
        id="popup-tags"
        label={t("popupTagsLabel")}
        help={t("popupTagsHelp")}
        error={props.tagsError}
        value={props.tags}
        onValue={props.onTags}
      />
      <SwitchWithHelp
        id="popup-tags-overwrite"
        label={t("popupTagsOverwrite")}
        help={t("popupTagsOverwriteHelp")}
        checked={props.tagsOverwrite}
        onChange={props.onTagsOverwrite}
      />
      <Field
        id="popup-comment"
        label={t("popupCommentLabel")}
        help={t("popupCommentHelp")}
        error={props.commentError}
      >
        {(control) => (
          <textarea
            {...control}
            rows={3}
            maxLength={MAX_COMMENT_LENGTH}
            value={props.comment}
            onInput={(event) => props.onComment(event.currentTarget.value)}
          />
        )}
      </Field>
    </>
  );
}
