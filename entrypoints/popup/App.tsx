import { useMemo, useRef, useState } from "preact/hooks";
import { ContactsSection } from "../../components/popup/ContactsSection";
import { FieldsSections } from "../../components/popup/FieldsSections";
import { FirstRunQuestion } from "../../components/popup/FirstRunQuestion";
import { MatchingSection } from "../../components/popup/MatchingSection";
import { DraftNotice, NotConnectedNotice, PopupHeader } from "../../components/popup/PopupHeader";
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
import { SendDock } from "../../components/popup/SendDock";
import { useConnection } from "../../components/popup/use-connection";
import { usePopupDraft } from "../../components/popup/use-draft";
import { useFocusInvalid } from "../../components/popup/use-focus-invalid";
import { addMyNumbers, useFirstRun } from "../../components/popup/use-my-numbers";
import { freshForm, usePageContacts } from "../../components/popup/use-page-contacts";
import { useSendFlow } from "../../components/popup/use-send-flow";
import { useSentLead } from "../../components/popup/use-sent-lead";
import { useCatalogueAndRegion } from "../../components/use-catalogue-and-region";
import { contactKey, contactText, leadContactsOf, type PopupContact } from "../../utils/contacts";
import { t } from "../../utils/i18n";
import type { OpRecord } from "../../utils/sending/types";

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
  usePopupDraft(form, dirty, url, leadId);
  const sendFlow = useSendFlow({
    check: () =>
      busy || connection.notConnected || !catalogue || detection.phase === "loading"
        ? null
        : checkForm(form, { catalogue, contacts: selectedContacts, region }),
    setErrors,
    onInvalid: (invalid) => {
      if (Object.keys(invalid.rows).length) setEditorOpen(true);
      focusInvalid.current = true;
    },
    follow,
  });

  /** Back to the lead's fresh form, the draft forgotten (a send went through, or Clear). */
  const startOver = () => {
    setDirty(false);
    setErrors(NO_ERRORS);
    setEditorOpen(false);
    setForm(freshForm(contactsNow.current));
    forgetDraft();
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
    sendFlow.cancel();
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
      <form ref={formElement} onSubmit={sendFlow.submit} noValidate>
        <ContactsSection
          detection={detection}
          contacts={contacts}
          selected={selectedSet}
          region={region}
          error={errors.contacts}
          onToggle={toggleContact}
          onAdd={addContact}
          onMine={(contact) => void markMine([contact])}
          mineNotice={mineNotice}
        />

        <MatchingSection
          rows={form.rows}
          editorOpen={editorOpen}
          lead={lead}
          rowErrors={errors.rows}
          listError={errors.matching}
          onToggleEditor={toggleEditor}
          onReset={resetMatching}
          onChange={(next, changed) => update({ rows: next }, changed)}
        />

        <FieldsSections form={form} errors={errors} catalogue={catalogue} onChange={update} />

        <SendDock
          formError={errors.form}
          repeatSentAt={sendFlow.repeat?.sentAt ?? null}
          onRepeatConfirm={() => void sendFlow.confirm()}
          onRepeatCancel={sendFlow.cancel}
          showSend={!!catalogue}
          busy={busy}
          blocked={blocked}
          queue={queue}
          pause={pause}
          onResume={() =>
            void resume().then((ok) => ok || setErrors({ ...NO_ERRORS, form: t("errorBackground") }))
          }
          sent={sent}
          onShowInput={() => {
            // The failed lead's fields are marked already: focus the first of them on the next render.
            focusInvalid.current = true;
            setErrors((current) => ({ ...current }));
          }}
          onSendAgain={(lead) =>
            void sendAgain(lead).then((error) => error && setErrors({ ...NO_ERRORS, form: error }))
          }
        />
      </form>
      <QueueFooter status={queue} />
    </main>
  );
}
