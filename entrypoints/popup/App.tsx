import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { browser } from "wxt/browser";
import { blockedText } from "../../components/blocked-text";
import { ContactPicker } from "../../components/popup/ContactPicker";
import { FieldEditor } from "../../components/popup/FieldEditor";
import { MatchingEditor, type RowErrorTexts } from "../../components/popup/MatchingEditor";
import {
  type RowDraft,
  type RowInput,
  restoreRows,
  rowFromMatching,
  TYPE_INPUTS,
  validateRow,
} from "../../components/popup/matching-rows";
import { QueueFooter } from "../../components/popup/QueueFooter";
import {
  ResultList,
  type SentLead,
  type SentPart,
  summariseParts,
  uncertainOps,
} from "../../components/popup/ResultList";
import { placeViolations } from "../../components/popup/server-errors";
import { TagsCommentEditor } from "../../components/popup/TagsCommentEditor";
import { clearDraft, loadDraft, useDraftSaver } from "../../components/popup/use-draft";
import { fieldErrorText, rowErrorText, typeName } from "../../components/popup/wording";
import { parseTags } from "../../utils/lead-operations";
import { LIMITS } from "../../utils/calltouch/limits";
import { type LeadOperation, LeadOperationSchema, type MatchingRow } from "../../utils/calltouch/schemas";
import {
  contactFromKey,
  contactKey,
  contactText,
  leadContactsOf,
  type PopupContact,
} from "../../utils/contacts";
import { buildCustomFields, type FieldValues } from "../../utils/custom-fields";
import { formatDateTime, type MessageKey, t } from "../../utils/i18n";
import { buildMatching, DEFAULT_TEMPLATE, type LeadContacts } from "../../utils/matching";
import {
  type DetectReply,
  type EnqueueResult,
  type PauseState,
  type QueueStatus,
  sendMessage,
} from "../../utils/messaging";
import type { OpRecord } from "../../utils/sending/types";
import {
  type Catalogue,
  catalogueItem,
  detectionSettingsItem,
  MAX_COMMENT_LENGTH,
} from "../../utils/storage";

/** How often the popup asks the queue about the lead it sent. */
const POLL_MS = 300;
/** The longest label the queue stores. */
const MAX_LABEL = 500;

type Detection =
  | { phase: "loading" }
  | {
      phase: "ready";
      /** The page's URL: the draft belongs to it. Null when the page could not be read. */
      url: string | null;
      layoutRecognised: boolean;
      problem: Exclude<DetectReply, { ok: true }>["error"] | null;
      message: string;
      /** Contacts found on the page. */
      found: number;
      /** Contacts beyond the listed ones (a very large page). */
      more: number;
    };

/** What was sent, so that the server's errors can be put next to the inputs they concern. */
interface SentShape {
  jobId: string;
  /** The lead's ops (fields, tags, comment), in the order sent. */
  opIds: number[];
  /** The editor row of each sent matching row; null when the default matching was sent. */
  rowKeys: string[] | null;
  matching: MatchingRow[];
  /** The catalogue field (API name) of each sent custom field. */
  fieldNames: string[];
}

interface Errors {
  contacts?: string;
  matching?: string;
  rows: RowErrorTexts;
  fields: Record<string, string>;
  fieldList?: string;
  overwrite?: string;
  tags?: string;
  comment?: string;
  form?: string;
}

const NO_ERRORS: Errors = { rows: {}, fields: {} };

/** The tab the popup works on: `?tabId=N` (a popup opened as a tab, in tests), else the active tab. */
async function targetTabId(): Promise<number | null> {
  const param = new URLSearchParams(window.location.search).get("tabId");
  if (param && /^\d+$/.test(param)) return Number(param);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

async function detect(): Promise<DetectReply> {
  const tabId = await targetTabId().catch(() => null);
  if (tabId === null) return { ok: false, error: "noTab", message: "" };
  try {
    return await sendMessage("detectContacts", { tabId });
  } catch (error) {
    return { ok: false, error: "failed", message: error instanceof Error ? error.message : String(error) };
  }
}

/** The editor rows of the default matching (one row that follows the selected contacts). */
function defaultRows(lead: LeadContacts): RowDraft[] {
  const built = buildMatching(DEFAULT_TEMPLATE, lead);
  return (built.length ? built : [{ type: "leadContact" as const, leadContactParams: {} }]).map(
    rowFromMatching,
  );
}

/** True when the rows are the default, untouched: one leadContact row following the selection. */
function isDefaultRows(rows: readonly RowDraft[]): boolean {
  const [row, ...rest] = rows;
  return (
    !!row &&
    rest.length === 0 &&
    row.type === "leadContact" &&
    row.follow &&
    !row.date.trim() &&
    !row.searchDepth.trim() &&
    !row.tags.trim() &&
    !row.typeToMatch.trim() &&
    !row.searchInText
  );
}

/** One line of the matching summary. */
function describeRow(row: RowDraft): string {
  const inputs = TYPE_INPUTS[row.type];
  const name = typeName(row.type);
  if (inputs.id) return `${name}: ${row.id.trim() || "—"}`;
  const contacts = [row.phones, inputs.emails ? row.emails : ""].filter((s) => s.trim()).join(", ");
  return `${name}: ${row.follow ? t("popupSummarySelected") : contacts || "—"}`;
}

const PAUSE_TEXT: Record<PauseState["reason"], MessageKey> = {
  auth: "popupPausedAuth",
  quota: "popupPausedQuota",
  noCredentials: "popupPausedNoCredentials",
  refused: "popupPausedRefused",
};

function pauseText(pause: PauseState): string {
  if (pause.reason === "quota" && pause.until) return t("popupPausedQuotaUntil", formatDateTime(pause.until));
  if (pause.reason === "refused") return t("popupPausedRefused", pause.message);
  return t(PAUSE_TEXT[pause.reason]);
}

const openOptions = () => void browser.runtime.openOptionsPage();

/** The popup: the lead's contacts on the page, how Calltouch finds the lead, the fields to add, and the result. */
export function App() {
  const [detection, setDetection] = useState<Detection>({ phase: "loading" });
  const [contacts, setContacts] = useState<PopupContact[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  /** The edited matching; null: the default, built from the selected contacts. */
  const [rows, setRows] = useState<RowDraft[] | null>(null);
  const [editorOpen, setEditorOpen] = useState(false);
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [values, setValues] = useState<FieldValues>({});
  const [overwrite, setOverwrite] = useState(false);
  /** Tags as typed (comma-separated), their overwrite switch, and the comment. */
  const [tags, setTags] = useState("");
  const [tagsOverwrite, setTagsOverwrite] = useState(false);
  const [comment, setComment] = useState("");
  const [region, setRegion] = useState("RU");
  const [errors, setErrors] = useState<Errors>(NO_ERRORS);
  const [sent, setSent] = useState<SentLead[]>([]);
  const [pending, setPending] = useState<SentShape | null>(null);
  const [queue, setQueue] = useState<QueueStatus | null>(null);
  /** True once the user changed something: only then is the draft written. */
  const [dirty, setDirty] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const focusInvalid = useRef(false);

  useEffect(() => {
    let active = true;
    void (async () => {
      const reply = await detect();
      const url = reply.ok ? reply.url : null;
      const draft = url ? await loadDraft(url) : null;
      if (!active) return;
      const found: PopupContact[] = [];
      const known = new Set<string>();
      for (const c of reply.ok ? reply.result.contacts : []) {
        const contact: PopupContact = { kind: c.kind, value: c.value, inCard: c.inCard };
        if (known.has(contactKey(contact))) continue;
        known.add(contactKey(contact));
        found.push(contact);
      }
      if (draft) {
        // Contacts typed by hand are not on the page: the draft's selection brings them back.
        const typed = draft.selected
          .filter((key) => !known.has(key))
          .map(contactFromKey)
          .filter((c): c is PopupContact => c !== null);
        const all = [...found, ...typed];
        const keys = new Set(all.map(contactKey));
        setContacts(all);
        setSelected(draft.selected.filter((key) => keys.has(key)));
        const restored = restoreRows(draft.matching);
        setRows(restored.length ? restored : null);
        setValues(Object.fromEntries(Object.entries(draft.fields).filter(([, v]) => typeof v === "string")));
        setOverwrite(draft.overwrite === true);
        setTags(typeof draft.tags === "string" ? draft.tags : "");
        setTagsOverwrite(draft.tagsOverwrite === true);
        setComment(typeof draft.comment === "string" ? draft.comment : "");
      } else {
        setContacts(found);
        setSelected(found.filter((c) => c.inCard).map(contactKey));
      }
      setDetection({
        phase: "ready",
        url,
        layoutRecognised: reply.ok ? reply.result.layoutRecognised : true,
        problem: reply.ok ? null : reply.error,
        message: reply.ok ? "" : reply.message,
        found: found.length,
        more: reply.ok ? (reply.result.more ?? 0) : 0,
      });
    })();
    return () => {
      active = false;
    };
  }, []);

  useEffect(() => {
    let active = true;
    catalogueItem
      .getValue()
      .then((value) => active && setCatalogue(value))
      .catch(() => active && setCatalogue([]));
    const unwatch = catalogueItem.watch((value) => setCatalogue(value ?? []));
    detectionSettingsItem
      .getValue()
      .then((settings) => active && setRegion(settings.region))
      .catch(() => undefined);
    sendMessage("getQueueStatus")
      .then((status) => active && setQueue(status))
      .catch(() => undefined);
    return () => {
      active = false;
      unwatch();
    };
  }, []);

  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const selectedContacts = useMemo(
    () => contacts.filter((c) => selectedSet.has(contactKey(c))),
    [contacts, selectedSet],
  );
  const lead = useMemo(() => leadContactsOf(selectedContacts), [selectedContacts]);
  const url = detection.phase === "ready" ? detection.url : null;

  const draft = useMemo(
    () =>
      dirty && url
        ? { url, selected, matching: rows ?? [], fields: values, overwrite, tags, tagsOverwrite, comment }
        : null,
    [dirty, url, selected, rows, values, overwrite, tags, tagsOverwrite, comment],
  );
  useDraftSaver(draft);

  // Polls the queue until the lead sent last is settled.
  useEffect(() => {
    if (!pending) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const [ops, status] = await Promise.all([
          sendMessage("getJob", { jobId: pending.jobId }),
          sendMessage("getQueueStatus").catch(() => null),
        ]);
        if (stopped) return;
        if (status) setQueue(status);
        const mine = ops.filter((o) => pending.opIds.includes(o.id));
        if (mine.length) {
          const byId = new Map(mine.map((o) => [o.id, o]));
          setSent((list) =>
            list.map((s) => {
              if (s.opId !== pending.opIds[0] || !s.parts) return s;
              const parts = s.parts.map((part): SentPart => {
                const op = byId.get(part.opId);
                return op ? { ...part, state: op.state, result: op.result, error: op.error } : part;
              });
              return { ...s, ...summariseParts(parts), parts };
            }),
          );
          const settled = (o: OpRecord) => o.state !== "queued" && o.state !== "sending";
          if (mine.length === pending.opIds.length && mine.every(settled)) {
            settle(mine, pending);
            return;
          }
        }
      } catch {
        // The background may be restarting: ask again.
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [pending]);

  useLayoutEffect(() => {
    if (!focusInvalid.current || !form.current) return;
    focusInvalid.current = false;
    // The first invalid input; else where the missing thing is added: a contact, a rule, a field value.
    const selector = errors.contacts
      ? ".contact-picker input"
      : errors.matching
        ? '[data-focus="add"], [aria-controls="matching-editor"]'
        : "#fields-section input, #fields-section select, #popup-tags";
    const target =
      form.current.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.current.querySelector<HTMLElement>(selector);
    target?.focus();
  });

  /** Sends a lead's uncertain parts again (the user checked the lead in Calltouch) and follows them. */
  async function sendAgain(lead: SentLead) {
    const ids = uncertainOps(lead);
    if (ids.length === 0) return;
    try {
      await sendMessage("retry", { ids });
    } catch (error) {
      setErrors({ ...NO_ERRORS, form: t("popupErrorEnqueue", String(error)) });
      return;
    }
    const requeued = (part: SentPart): SentPart =>
      ids.includes(part.opId) ? { opId: part.opId, method: part.method, state: "queued" } : part;
    setSent((list) =>
      list.map((s) => (s.opId === lead.opId ? { ...s, state: "queued", parts: s.parts?.map(requeued) } : s)),
    );
    setPending({
      jobId: lead.jobId,
      opIds: (lead.parts ?? []).map((part) => part.opId),
      rowKeys: null,
      matching: [],
      fieldNames: [],
    });
  }

  /** Lifts a pause the user has dealt with (the refused field fixed) and shows the queue again. */
  async function resumeSending() {
    try {
      setQueue(await sendMessage("resume"));
    } catch {
      setErrors({ ...NO_ERRORS, form: t("errorBackground") });
    }
  }

  /** A lead settled: all done clears the draft; a validation error goes next to the inputs it names. */
  function settle(ops: OpRecord[], shape: SentShape) {
    setPending(null);
    if (ops.every((op) => op.state === "done")) {
      setDirty(false);
      void clearDraft();
      return;
    }
    const placed = ops.flatMap((op) => (op.error?.kind === "validation" ? placeViolations(op.error) : []));
    if (!ops.some((op) => op.error?.kind === "validation")) return;
    const next: Errors = { ...NO_ERRORS, rows: {}, fields: {} };
    let rowKeys = shape.rowKeys;
    if (!rowKeys && placed.some((p) => p.target.area === "row")) {
      // The default matching was sent: open it in the editor so the error shows by its input.
      const opened = shape.matching.map(rowFromMatching);
      rowKeys = opened.map((r) => r.key);
      setRows(opened);
      setEditorOpen(true);
    }
    for (const { target, message } of placed) {
      if (target.area === "row") {
        const key = rowKeys?.[target.index];
        if (key) next.rows[key] = { ...next.rows[key], [target.input]: message };
        else next.matching = message;
        if (key) setEditorOpen(true);
      } else if (target.area === "field") {
        const name = shape.fieldNames[target.index];
        if (name) next.fields[name] = message;
        else next.fieldList = message;
      } else if (target.area === "matching") next.matching = message;
      else if (target.area === "fields") next.fieldList = message;
      else if (target.area === "tags") next.tags ??= message;
      else if (target.area === "comment") next.comment ??= message;
      else next.overwrite = message;
    }
    setErrors(next);
  }

  const edited = () => {
    setDirty(true);
    setErrors((e) => (e.form ? { ...e, form: undefined } : e));
  };

  const toggleContact = (key: string, checked: boolean) => {
    edited();
    setSelected((list) =>
      checked ? [...list.filter((k) => k !== key), key] : list.filter((k) => k !== key),
    );
    setErrors((e) => ({ ...e, contacts: undefined }));
  };

  const addContact = (contact: PopupContact) => {
    edited();
    const key = contactKey(contact);
    setContacts((list) => (list.some((c) => contactKey(c) === key) ? list : [...list, contact]));
    setSelected((list) => (list.includes(key) ? list : [...list, key]));
    setErrors((e) => ({ ...e, contacts: undefined }));
  };

  const changeRows = (next: RowDraft[], changed?: { key: string; input: RowInput }) => {
    edited();
    setRows(next);
    setErrors((e) => {
      if (!changed) return { ...e, matching: undefined };
      const { [changed.input]: _, row: __, ...rest } = e.rows[changed.key] ?? {};
      return { ...e, matching: undefined, rows: { ...e.rows, [changed.key]: rest } };
    });
  };

  const toggleEditor = () => {
    if (!editorOpen && rows === null) setRows(defaultRows(lead));
    setEditorOpen(!editorOpen);
  };

  const resetMatching = () => {
    edited();
    setRows(null);
    setEditorOpen(false);
    setErrors((e) => ({ ...e, rows: {}, matching: undefined }));
  };

  const changeValue = (apiName: string, value: string) => {
    edited();
    setValues((v) => ({ ...v, [apiName]: value }));
    setErrors((e) => {
      const { [apiName]: _, ...fields } = e.fields;
      return { ...e, fields, fieldList: undefined };
    });
  };

  const changeOverwrite = (next: boolean) => {
    edited();
    setOverwrite(next);
    setErrors((e) => ({ ...e, overwrite: undefined }));
  };

  const changeTags = (next: string) => {
    edited();
    setTags(next);
    setErrors((e) => ({ ...e, tags: undefined, fieldList: undefined }));
  };

  const changeTagsOverwrite = (next: boolean) => {
    edited();
    setTagsOverwrite(next);
    setErrors((e) => ({ ...e, tags: undefined }));
  };

  const changeComment = (next: string) => {
    edited();
    setComment(next);
    setErrors((e) => ({ ...e, comment: undefined, fieldList: undefined }));
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (pending || !catalogue || detection.phase === "loading") return;
    const next: Errors = { rows: {}, fields: {} };

    let matching: MatchingRow[] = [];
    if (rows === null) {
      matching = buildMatching(DEFAULT_TEMPLATE, lead);
      if (!matching.length) next.contacts = t("popupErrorNoContacts");
    } else if (!rows.length) {
      next.matching = t("popupErrorNoRules");
    } else {
      for (const row of rows) {
        const checked = validateRow(row, lead, region);
        if (checked.ok) matching.push(checked.row);
        else
          next.rows[row.key] = Object.fromEntries(
            Object.entries(checked.errors).map(([input, code]) => [input, rowErrorText(code)]),
          );
      }
    }

    const built = buildCustomFields(catalogue, values);
    for (const [name, code] of Object.entries(built.errors)) next.fields[name] = fieldErrorText(code);
    if (built.problem === "tooMany")
      next.fieldList = t("popupErrorTooManyFields", String(LIMITS.maxCustomFields));
    const tagList = parseTags(tags);
    if (tagList.length > LIMITS.maxTags) next.tags = t("popupErrorTooManyTags", String(LIMITS.maxTags));
    const commentText = comment.trim();
    if (commentText.length > MAX_COMMENT_LENGTH)
      next.comment = t("popupErrorCommentTooLong", String(MAX_COMMENT_LENGTH));
    // Fields are optional now: the lead needs at least one of fields, tags or a comment.
    if (built.problem === "none" && tagList.length === 0 && !commentText)
      next.fieldList = t("popupErrorNothingToSend");

    const invalid =
      next.contacts ||
      next.matching ||
      next.fieldList ||
      next.tags ||
      next.comment ||
      Object.keys(next.rows).length ||
      Object.keys(next.fields).length;
    if (invalid) {
      next.form = t("popupFormHasErrors");
      if (Object.keys(next.rows).length) setEditorOpen(true);
      focusInvalid.current = true;
      setErrors(next);
      return;
    }

    // One op per filled part, all with the same matching: fields, tags, comment.
    const candidates: unknown[] = [];
    if (built.fields.length) {
      candidates.push({
        method: "customFields",
        item: { matching, addCustomFields: { overwrite, customFields: built.fields } },
      });
    }
    if (tagList.length) {
      candidates.push({
        method: "tags",
        item: { matching, addTags: { overwrite: tagsOverwrite, tags: tagList.map((tag) => ({ tag })) } },
      });
    }
    if (commentText) candidates.push({ method: "comment", item: { matching, addComment: commentText } });
    const operations: LeadOperation[] = [];
    for (const candidate of candidates) {
      const operation = LeadOperationSchema.safeParse(candidate);
      if (!operation.success) {
        setErrors({ ...NO_ERRORS, form: t("popupErrorUnexpected", operation.error.message) });
        return;
      }
      operations.push(operation.data);
    }
    const label = (
      selectedContacts.map(contactText).join(", ") || (rows ?? []).map(describeRow).join("; ")
    ).slice(0, MAX_LABEL);

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
    const opId = reply.ids[0];
    if (opId === undefined) return;
    const parts: SentPart[] = operations.flatMap((operation, index) => {
      const id = reply.ids[index];
      return id === undefined ? [] : [{ opId: id, method: operation.method, state: "queued" as const }];
    });
    setSent((list) => [{ opId, jobId: reply.jobId, label, state: "queued", parts }, ...list]);
    setPending({
      jobId: reply.jobId,
      opIds: parts.map((part) => part.opId),
      rowKeys: rows ? rows.map((r) => r.key) : null,
      matching,
      fieldNames: built.sentNames,
    });
  };

  const loading = detection.phase === "loading";
  const notice = detectionNotice(detection);
  const pause = pending ? queue?.paused : null;
  const showDefault = rows === null || isDefaultRows(rows);

  return (
    <main class="popup">
      <header class="popup__header">
        <h1>{t("extName")}</h1>
      </header>
      <form ref={form} onSubmit={onSubmit} noValidate>
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

        <section class="block" aria-labelledby="matching-heading">
          <h2 id="matching-heading">{t("popupMatchingHeading")}</h2>
          {!editorOpen &&
            (showDefault ? (
              <p class="summary">{t("popupMatchingDefault")}</p>
            ) : (
              <ol class="summary summary--rules" aria-label={t("popupMatchingSummaryLabel")}>
                {(rows ?? []).map((row) => (
                  <li key={row.key}>{describeRow(row)}</li>
                ))}
              </ol>
            ))}
          {!editorOpen && errors.matching && <p class="field__error">{errors.matching}</p>}
          <div class="block__actions">
            <button
              type="button"
              class="button button--link"
              aria-expanded={editorOpen}
              aria-controls="matching-editor"
              onClick={toggleEditor}
            >
              {t("popupMatchingEdit")}
            </button>
            {rows !== null && !isDefaultRows(rows) && (
              <button type="button" class="button button--link" onClick={resetMatching}>
                {t("popupMatchingReset")}
              </button>
            )}
          </div>
          <div id="matching-editor" hidden={!editorOpen}>
            {editorOpen && rows && (
              <MatchingEditor
                rows={rows}
                selected={lead}
                errors={errors.rows}
                listError={errors.matching}
                onChange={changeRows}
              />
            )}
          </div>
        </section>

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
              onValue={changeValue}
              onOverwrite={changeOverwrite}
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
            onTags={changeTags}
            onTagsOverwrite={changeTagsOverwrite}
            onComment={changeComment}
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
            <div class="status status--warning">
              <p>{blockedText(queue?.blocked) ?? pauseText(pause)}</p>
              {pause.reason !== "quota" && (
                <button type="button" class="button button--secondary" onClick={openOptions}>
                  {t("popupOpenSettings")}
                </button>
              )}
              {pause.reason === "refused" && (
                <button type="button" class="button button--secondary" onClick={() => void resumeSending()}>
                  {t("resumeSending")}
                </button>
              )}
            </div>
          )}
          <ResultList leads={sent} onSendAgain={(lead) => void sendAgain(lead)} />
        </div>
      </form>
      <QueueFooter status={queue} />
    </main>
  );
}

interface Notice {
  tone: "warning" | "error" | "neutral";
  text: string;
}

/** What the popup says about reading the page. */
function detectionNotice(detection: Detection): Notice | null {
  if (detection.phase !== "ready") return null;
  switch (detection.problem) {
    case "noAccess":
      return { tone: "error", text: t("popupNoAccess") };
    case "noTab":
      return { tone: "error", text: t("popupNoTab") };
    case "failed":
      return { tone: "error", text: t("popupDetectFailed", detection.message || "—") };
  }
  if (detection.found === 0) return { tone: "neutral", text: t("popupNoContacts") };
  if (!detection.layoutRecognised) return { tone: "warning", text: t("popupLayoutUnknown") };
  return null;
}
