import { useMemo, useRef, useState } from "preact/hooks";
import { blockedText } from "../../components/blocked-text";
import { EnginePauseNotice } from "../../components/EnginePauseNotice";
import { ContactPicker } from "../../components/popup/ContactPicker";
import { FieldEditor } from "../../components/popup/FieldEditor";
import { MatchingSection } from "../../components/popup/MatchingSection";
import {
  checkForm,
  defaultRows,
  EMPTY_FORM,
  errorsAfterEdit,
  type FormErrors,
  NO_ERRORS,
  type PopupForm,
  placeServerErrors,
  type RowChange,
  type SentShape,
} from "../../components/popup/popup-form";
import { QueueFooter } from "../../components/popup/QueueFooter";
import { ResultList } from "../../components/popup/ResultList";
import { TagsCommentEditor } from "../../components/popup/TagsCommentEditor";
import { clearDraft, useDraftSaver } from "../../components/popup/use-draft";
import { useFocusInvalid } from "../../components/popup/use-focus-invalid";
import { detectionNotice, usePageContacts } from "../../components/popup/use-page-contacts";
import { usePopupSettings } from "../../components/popup/use-popup-settings";
import { useSentLead } from "../../components/popup/use-sent-lead";
import { contactKey, leadContactsOf, type PopupContact } from "../../utils/contacts";
import { t } from "../../utils/i18n";
import { type EnqueueResult, sendMessage } from "../../utils/messaging";
import type { OpRecord } from "../../utils/sending/types";

/** The popup: the lead's contacts on the page, how Calltouch finds the lead, the fields to add, and the result. */
export function App() {
  const [form, setForm] = useState<PopupForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [editorOpen, setEditorOpen] = useState(false);
  /** True once the user changed something: only then is the draft written. */
  const [dirty, setDirty] = useState(false);
  const formElement = useRef<HTMLFormElement>(null);
  const focusInvalid = useFocusInvalid(formElement, errors);

  const {
    detection,
    contacts,
    addContact: listContact,
  } = usePageContacts((restored, selected) => setForm((current) => restored ?? { ...current, selected }));
  const { catalogue, region } = usePopupSettings();
  const { sent, pending, queue, follow, sendAgain, resume } = useSentLead(settle);

  const selectedSet = useMemo(() => new Set(form.selected), [form.selected]);
  const selectedContacts = useMemo(
    () => contacts.filter((c) => selectedSet.has(contactKey(c))),
    [contacts, selectedSet],
  );
  const lead = useMemo(() => leadContactsOf(selectedContacts), [selectedContacts]);
  const url = detection.phase === "ready" ? detection.url : null;

  const draft = useMemo(() => {
    if (!dirty || !url) return null;
    const { rows, ...rest } = form;
    return { url, ...rest, matching: rows ?? [] };
  }, [dirty, url, form]);
  useDraftSaver(draft);

  /** A lead settled: all done clears the draft; a validation error goes next to the inputs it names. */
  function settle(ops: OpRecord[], shape: SentShape) {
    if (ops.every((op) => op.state === "done")) {
      setDirty(false);
      void clearDraft();
      return;
    }
    const placed = placeServerErrors(ops, shape);
    if (!placed) return;
    if (placed.rows) {
      const rows = placed.rows;
      setForm((current) => ({ ...current, rows }));
    }
    if (placed.openEditor) setEditorOpen(true);
    setErrors(placed.errors);
  }

  /** The one change handler: the user edited `patch`; the errors of what changed go. */
  const update = (patch: Partial<PopupForm>, rowChange?: RowChange) => {
    setDirty(true);
    setErrors((e) => errorsAfterEdit(e, form, patch, rowChange));
    setForm((current) => ({ ...current, ...patch }));
  };

  const toggleContact = (key: string, checked: boolean) => {
    const others = form.selected.filter((k) => k !== key);
    update({ selected: checked ? [...others, key] : others });
  };

  const addContact = (contact: PopupContact) => {
    const key = contactKey(contact);
    listContact(contact);
    update({ selected: form.selected.includes(key) ? form.selected : [...form.selected, key] });
  };

  const toggleEditor = () => {
    if (!editorOpen && form.rows === null) setForm((current) => ({ ...current, rows: defaultRows(lead) }));
    setEditorOpen(!editorOpen);
  };

  const resetMatching = () => {
    update({ rows: null });
    setEditorOpen(false);
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (pending || !catalogue || detection.phase === "loading") return;
    const checked = checkForm(form, { catalogue, contacts: selectedContacts, region });
    if (!checked.ok) {
      if (checked.invalid) {
        if (Object.keys(checked.errors.rows).length) setEditorOpen(true);
        focusInvalid.current = true;
      }
      setErrors(checked.errors);
      return;
    }
    const { operations, label, ...shape } = checked.plan;
    setErrors(NO_ERRORS);
    let reply: EnqueueResult;
    try {
      reply = await sendMessage("enqueue", {
        source: "popup",
        ops: operations.map((operation) => ({ operation, label })),
      });
    } catch {
      setErrors({ ...NO_ERRORS, form: t("popupErrorBackground") });
      return;
    }
    if (!reply.ok) {
      setErrors({ ...NO_ERRORS, form: t("popupErrorEnqueue", reply.error) });
      return;
    }
    follow(reply, operations, label, shape);
  };

  const { rows, fields: values, overwrite, tags, tagsOverwrite, comment } = form;

  const loading = detection.phase === "loading";
  const notice = detectionNotice(detection);
  const pause = pending ? queue?.paused : null;

  return (
    <main class="popup">
      <header class="popup__header">
        <h1>{t("extName")}</h1>
      </header>
      <form ref={formElement} onSubmit={onSubmit} noValidate>
        <section class="block" aria-labelledby="contacts-heading">
          <h2 id="contacts-heading">{t("popupContactsHeading")}</h2>
          {loading ? (
            <p class="hint">{t("popupReading")}</p>
          ) : (
            <>
              {notice && <p class={`status status--${notice.tone}`}>{notice.text}</p>}
              {detection.phase === "ready" && detection.more > 0 && (
                <p class="status status--neutral">
                  {t("popupMoreContacts", detection.more.toLocaleString())}
                </p>
              )}
              <ContactPicker
                labelledBy="contacts-heading"
                contacts={contacts}
                selected={selectedSet}
                region={region}
                error={errors.contacts}
                onToggle={toggleContact}
                onAdd={addContact}
              />
            </>
          )}
        </section>

        <MatchingSection
          rows={rows}
          editorOpen={editorOpen}
          lead={lead}
          rowErrors={errors.rows}
          listError={errors.matching}
          onToggleEditor={toggleEditor}
          onReset={resetMatching}
          onChange={(next, changed) => update({ rows: next }, changed)}
        />

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
              onValue={(apiName, value) => update({ fields: { ...values, [apiName]: value } })}
              onOverwrite={(next) => update({ overwrite: next })}
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
            onTags={(next) => update({ tags: next })}
            onTagsOverwrite={(next) => update({ tagsOverwrite: next })}
            onComment={(next) => update({ comment: next })}
          />
        </section>

        {/* Tags and a comment can be sent without any custom field, so Send shows once the catalogue is read. */}
        {catalogue && (
          <div class="popup__send">
            {errors.form && (
              <p role="alert" class="notice notice--error">
                {errors.form}
              </p>
            )}
            <button type="submit" class="button" aria-busy={!!pending}>
              {t(pending ? "popupSending" : "popupSend")}
            </button>
          </div>
        )}

        <div
          class="send-status"
          role="status"
          aria-live="polite"
          aria-atomic="false"
          aria-labelledby="results-heading"
        >
          {pause && (
            <EnginePauseNotice
              pause={pause}
              audience="popup"
              blocked={blockedText(queue?.blocked)}
              onResume={() =>
                void resume().then((ok) => ok || setErrors({ ...NO_ERRORS, form: t("errorBackground") }))
              }
            />
          )}
          <ResultList
            leads={sent}
            onSendAgain={(lead) =>
              void sendAgain(lead).then((error) => error && setErrors({ ...NO_ERRORS, form: error }))
            }
          />
        </div>
      </form>
      <QueueFooter status={queue} />
    </main>
  );
}
