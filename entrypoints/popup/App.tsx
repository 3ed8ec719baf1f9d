import { useMemo, useRef, useState } from "preact/hooks";
import { blockedText } from "../../components/blocked-text";
import { EnginePauseNotice } from "../../components/EnginePauseNotice";
import { ContactPicker } from "../../components/popup/ContactPicker";
import { FieldEditor } from "../../components/popup/FieldEditor";
import { FirstRunQuestion } from "../../components/popup/FirstRunQuestion";
import { MatchingSection } from "../../components/popup/MatchingSection";
import { md5 } from "../../components/popup/md5";
import { DraftNotice, NotConnectedNotice, PopupHeader, shortTime } from "../../components/popup/PopupHeader";
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
  type SendPlan,
  type SentShape,
} from "../../components/popup/popup-form";
import { QueueFooter } from "../../components/popup/QueueFooter";
import { ResultList } from "../../components/popup/ResultList";
import { TagsCommentEditor } from "../../components/popup/TagsCommentEditor";
import { useConnection } from "../../components/popup/use-connection";
import { clearDraft, useDraftSaver } from "../../components/popup/use-draft";
import { useFocusInvalid } from "../../components/popup/use-focus-invalid";
import { addMyNumbers, useFirstRun } from "../../components/popup/use-my-numbers";
import { detectionNotice, usePageContacts } from "../../components/popup/use-page-contacts";
import { useSentLead } from "../../components/popup/use-sent-lead";
import { useCatalogueAndRegion } from "../../components/use-catalogue-and-region";
import { contactKey, contactText, leadContactsOf, type PopupContact } from "../../utils/contacts";
import { t } from "../../utils/i18n";
import { type EnqueueResult, sendMessage } from "../../utils/messaging";
import type { OpRecord } from "../../utils/sending/types";
import { popupLastSendItem } from "../../utils/storage";

/** The same data sent to the same lead again within this time is asked about first. */
const REPEAT_WINDOW_MS = 60_000;

/** A send waiting for "Send again?": the plan checked, its digest, and when the same was sent. */
interface Repeat {
  plan: SendPlan;
  digest: string;
  sentAt: number;
}

/** The form a lead starts with: its card's contacts selected, nothing typed. */
const freshForm = (contacts: readonly PopupContact[]): PopupForm => ({
  ...EMPTY_FORM,
  selected: contacts.filter((c) => c.inCard).map(contactKey),
});

/**
 * The popup: the lead and the connection on top, the lead's contacts, how Calltouch finds the lead (one
 * line), the fields to add, and a footer that stays in view with Send and the live state.
 */
export function App() {
  const [form, setForm] = useState<PopupForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [editorOpen, setEditorOpen] = useState(false);
  /** True once the user changed something: only then is the draft written. */
  const [dirty, setDirty] = useState(false);
  const [repeat, setRepeat] = useState<Repeat | null>(null);
  const [mineNotice, setMineNotice] = useState("");
  const formElement = useRef<HTMLFormElement>(null);
  const focusInvalid = useFocusInvalid(formElement, errors);

  const {
    detection,
    contacts,
    addContact: listContact,
    removeContacts,
    forgetDraft,
  } = usePageContacts((restored, selected) => setForm((current) => restored ?? { ...current, selected }));
  const contactsNow = useRef(contacts);
  contactsNow.current = contacts;
  const { catalogue, region } = useCatalogueAndRegion();
  const { sent, pending, queue, follow, sendAgain, resume } = useSentLead(settle);
  const connection = useConnection();
  const firstRun = useFirstRun();
  /** Sending: until the lead settles, or the queue holds it (paused, blocked): then the footer says why. */
  const busy = !!pending && !queue?.paused && !queue?.blocked;

  const selectedSet = useMemo(() => new Set(form.selected), [form.selected]);
  const selectedContacts = useMemo(
    () => contacts.filter((c) => selectedSet.has(contactKey(c))),
    [contacts, selectedSet],
  );
  const lead = useMemo(() => leadContactsOf(selectedContacts), [selectedContacts]);
  const url = detection.phase === "ready" ? detection.url : null;
  const leadId = detection.phase === "ready" ? detection.lead : null;

  const draft = useMemo(() => {
    if (!dirty || !url || !leadId) return null;
    const { rows, ...rest } = form;
    return { url, lead: leadId, ...rest, matching: rows ?? [] };
  }, [dirty, url, leadId, form]);
  useDraftSaver(draft);

  /** Back to the lead's fresh form, the draft forgotten (a send went through, or Clear). */
  const startOver = () => {
    setDirty(false);
    setErrors(NO_ERRORS);
    setEditorOpen(false);
    setForm(freshForm(contactsNow.current));
    forgetDraft();
    void clearDraft();
  };

  /** A lead settled: all done empties the form; a validation error goes next to the inputs it names. */
  function settle(ops: OpRecord[], shape: SentShape) {
    if (ops.every((op) => op.state === "done")) {
      startOver();
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
    // "Send again?" was about the form as it was: an edit makes it another send.
    setRepeat(null);
    setErrors((e) => errorsAfterEdit(e, form, patch, rowChange));
    setForm((current) => ({ ...current, ...patch }));
  };

  const toggleContact = (key: string, checked: boolean) => {
    const others = form.selected.filter((k) => k !== key);
    update({ selected: checked ? [...others, key] : others });
  };

  /** Takes the company's own numbers off the list and out of the selection, once "my numbers" has them. */
  const markMine = async (mine: readonly PopupContact[]): Promise<boolean> => {
    if (!(await addMyNumbers(mine))) {
      setMineNotice(t("popupContactMineFailed"));
      return false;
    }
    const keys = mine.map(contactKey);
    removeContacts(keys);
    setForm((current) => ({ ...current, selected: current.selected.filter((k) => !keys.includes(k)) }));
    setMineNotice(mine.length === 1 && mine[0] ? t("popupContactMineDone", contactText(mine[0])) : "");
    return true;
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
    if (busy || connection.notConnected || !catalogue || detection.phase === "loading") return;
    const checked = checkForm(form, { catalogue, contacts: selectedContacts, region });
    if (!checked.ok) {
      if (checked.invalid) {
        if (Object.keys(checked.errors.rows).length) setEditorOpen(true);
        focusInvalid.current = true;
      }
      setErrors(checked.errors);
      return;
    }
    setErrors(NO_ERRORS);
    const digest = md5(JSON.stringify(checked.plan.operations));
    const last = await popupLastSendItem.getValue().catch(() => null);
    if (last && last.digest === digest && Date.now() - last.at < REPEAT_WINDOW_MS) {
      setRepeat({ plan: checked.plan, digest, sentAt: last.at });
      return;
    }
    await enqueue(checked.plan, digest);
  };

  /** Queues the checked lead and follows it; remembers what was sent, for "Send again?". */
  const enqueue = async (plan: SendPlan, digest: string) => {
    const { operations, label, ...shape } = plan;
    setRepeat(null);
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
    void popupLastSendItem.setValue({ digest, at: Date.now() }).catch(() => undefined);
    follow(reply, operations, label, shape);
  };

  const { rows, fields: values, overwrite, tags, tagsOverwrite, comment } = form;

  const loading = detection.phase === "loading";
  const notice = detectionNotice(detection);
  const pause = pending ? queue?.paused : null;

  const ready = detection.phase === "ready";
  const pagePhones = contacts.filter((c) => c.kind === "phone" && !c.manual);
  const askFirstRun = firstRun.ask && ready && pagePhones.length > 0;
  const blocked = connection.notConnected;

  return (
    <main class="popup">
      <PopupHeader
        title={ready ? detection.title : ""}
        url={url}
        connection={connection.connection}
        connectionKnown={connection.known}
      />
      {blocked && <NotConnectedNotice reason={blocked} />}
      {ready && detection.draftSavedAt !== null && (
        <DraftNotice savedAt={detection.draftSavedAt} onClear={startOver} />
      )}
      {askFirstRun && (
        <FirstRunQuestion
          phones={pagePhones}
          onSave={(mine) => void markMine(mine).then((ok) => ok && firstRun.done())}
          onDismiss={firstRun.done}
        />
      )}
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
                onMine={(contact) => void markMine([contact])}
                mineNotice={mineNotice}
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

        {/* Stays in view at the bottom of the 600 px popup: Send and what became of the last send. */}
        <div class="popup__dock">
          {errors.form && (
            <p role="alert" class="notice notice--error">
              {errors.form}
            </p>
          )}
          {repeat && (
            <div
              role="alertdialog"
              aria-labelledby="repeat-text"
              class="notice notice--warning popup__repeat"
            >
              <p id="repeat-text">{t("popupSentRecently", shortTime(repeat.sentAt))}</p>
              <div class="block__actions">
                <button type="button" class="button" onClick={() => void enqueue(repeat.plan, repeat.digest)}>
                  {t("popupSendAgainConfirm")}
                </button>
                <button type="button" class="button button--secondary" onClick={() => setRepeat(null)}>
                  {t("popupSendAgainCancel")}
                </button>
              </div>
            </div>
          )}
          {/* Tags and a comment can be sent without any custom field, so Send shows once the catalogue is read. */}
          {catalogue && !repeat && (
            <>
              <button
                type="submit"
                class="button popup__submit"
                aria-busy={busy}
                disabled={!!blocked}
                aria-describedby={blocked ? "send-off" : undefined}
              >
                {t(busy ? "popupSending" : "popupSend")}
              </button>
              {blocked && (
                <p id="send-off" class="hint popup__send-off">
                  {t("popupSendOff")}
                </p>
              )}
            </>
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
              pause={pause}
              onShowInput={() => {
                // The failed lead's fields are marked already: focus the first of them on the next render.
                focusInvalid.current = true;
                setErrors((current) => ({ ...current }));
              }}
              onSendAgain={(lead) =>
                void sendAgain(lead).then((error) => error && setErrors({ ...NO_ERRORS, form: error }))
              }
            />
          </div>
        </div>
      </form>
      <QueueFooter status={queue} />
    </main>
  );
}
