/**
 * Every stored setting of the extension, typed by a zod schema, with its fallback and salvage of older
 * versions. storage.local is readable and writable by content scripts (web pages): nothing is kept there.
 * Settings and personal data live in the private store (utils/private-store.ts), the Access-Token in the
 * queue's IndexedDB (utils/background/token-store.ts), the files of imports in a database of their own
 * (utils/bulk/bulk-files.ts); all of the extension's origin. Over 400 lines on purpose: every stored
 * setting's schema, fallback and salvage side by side, so that a stored shape has one place.
 */
import { z } from "zod";
import { ApiBaseUrlSchema } from "./calltouch/base-url";
import { DEFAULT_API_BASE_URL } from "./calltouch/limits";
import { isSupportedRegion } from "./detect/phone";
import type { CountryCode } from "./detect/types";
import { definePrivateItem } from "./private-store";

// Issue messages below are error codes: the UI shows them with `errorText()` from utils/i18n.ts.

const SITE_ID_MAX_DIGITS = 12;

/** SiteId as the user types it: digits only, 1 to 12 of them (surrounding spaces are dropped). */
export const SiteIdSchema = z
  .string()
  .trim()
  .min(1, "siteIdRequired")
  .regex(/^\d+$/, "siteIdDigits")
  .max(SITE_ID_MAX_DIGITS, "siteIdLength");

/** An Access-Token: what an HTTP header can carry and Calltouch issues, printable ASCII without spaces. */
export const TokenSchema = z
  .string()
  .trim()
  .min(1, "tokenRequired")
  .max(500, "tokenTooLong")
  .regex(/^[\x21-\x7E]+$/, "tokenInvalid");

/** The connection settings; `siteId` is empty until the user has set it up. */
export const SettingsSchema = z.object({
  siteId: z.union([z.literal(""), SiteIdSchema]),
  apiBaseUrl: ApiBaseUrlSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = { siteId: "", apiBaseUrl: DEFAULT_API_BASE_URL };

/**
 * The credentials form: `hasSavedToken` says whether the background already holds a token.
 * A blank token is an error only when none is saved; otherwise it is left out, which keeps the saved one.
 * The output is exactly the `saveCredentials` message data.
 */
export const CredentialsFormSchema = z
  .object({
    token: z.string().trim(),
    siteId: SiteIdSchema,
    apiBaseUrl: ApiBaseUrlSchema,
    hasSavedToken: z.boolean(),
  })
  .superRefine((form, ctx) => {
    if (!form.token && !form.hasSavedToken)
      ctx.addIssue({ code: "custom", path: ["token"], message: "tokenRequired" });
    const token = form.token ? TokenSchema.safeParse(form.token) : null;
    if (token && !token.success)
      ctx.addIssue({
        code: "custom",
        path: ["token"],
        message: token.error.issues[0]?.message ?? "tokenInvalid",
      });
  })
  .transform(({ token, siteId, apiBaseUrl }) =>
    token ? { token, siteId, apiBaseUrl } : { siteId, apiBaseUrl },
  );
export type CredentialsFormInput = z.input<typeof CredentialsFormSchema>;
export type CredentialsFormOutput = z.output<typeof CredentialsFormSchema>;

export const FIELD_TYPES = ["text", "number", "date", "list"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One custom field of the catalogue; `apiName` must match the field's API name in the Calltouch cabinet. */
export const CatalogueFieldSchema = z
  .object({
    id: z.string().min(1),
    apiName: z.string().trim().min(1, "apiNameRequired"),
    label: z.string().trim(),
    type: z.enum(FIELD_TYPES),
    options: z.array(z.string().trim().min(1)),
  })
  .refine((field) => field.type !== "list" || field.options.length > 0, {
    path: ["options"],
    message: "listOptionsRequired",
  });
export type CatalogueField = z.infer<typeof CatalogueFieldSchema>;

/** The whole catalogue, in the order the user sees it; API names are unique. */
export const CatalogueSchema = z.array(CatalogueFieldSchema).superRefine((fields, ctx) => {
  const seen = new Set<string>();
  fields.forEach((field, index) => {
    if (seen.has(field.apiName))
      ctx.addIssue({ code: "custom", path: [index, "apiName"], message: "apiNameDuplicate" });
    seen.add(field.apiName);
  });
});
export type Catalogue = z.infer<typeof CatalogueSchema>;

/**
 * The characters of an API name the editor accepts: Latin letters, digits, `_` and `-`. The vendor's page
 * names fields only by example (`test_field`, `birthday`); its cabinet makes API names of these.
 */
export const API_NAME_RE = /^[A-Za-z0-9_-]+$/;

/**
 * A field as the catalogue editor saves it: CatalogueFieldSchema plus an API name without spaces and of
 * allowed characters, and an API name and label that no other field has (case-insensitive). The stored
 * schemas stay tolerant, so a catalogue (or an import) saved by an older version still loads.
 */
export function catalogueFieldFormSchema(others: readonly CatalogueField[]) {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  return CatalogueFieldSchema.superRefine((field, ctx) => {
    const rest = others.filter((other) => other.id !== field.id);
    const issue = (path: "apiName" | "label", message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    if (/\s/.test(field.apiName)) issue("apiName", "apiNameSpaces");
    else if (!API_NAME_RE.test(field.apiName)) issue("apiName", "apiNameChars");
    else if (rest.some((other) => same(other.apiName, field.apiName))) issue("apiName", "apiNameDuplicate");
    if (field.label && rest.some((other) => other.label && same(other.label, field.label))) {
      issue("label", "labelDuplicate");
    }
  });
}

/** Splits the options of a list field typed one per line or comma-separated; blanks and repeats are dropped. */
export function parseListOptions(text: string): string[] {
  const options = text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set(options)];
}

/** A settings value of any earlier version (v1: `{ siteId: number | string, apiUrl?: string }`) made valid, field by field. */
function salvageSettings(old: unknown): Settings {
  const record = isRecord(old) ? old : {};
  const rawSiteId = record.siteId;
  const siteIdText = typeof rawSiteId === "number" || typeof rawSiteId === "string" ? String(rawSiteId) : "";
  const siteId = SettingsSchema.shape.siteId.safeParse(siteIdText.replace(/\s+/g, ""));
  const apiBaseUrl = ApiBaseUrlSchema.safeParse(record.apiBaseUrl ?? record.apiUrl);
  return {
    siteId: siteId.success ? siteId.data : DEFAULT_SETTINGS.siteId,
    apiBaseUrl: apiBaseUrl.success ? apiBaseUrl.data : DEFAULT_SETTINGS.apiBaseUrl,
  };
}

/**
 * A catalogue of any earlier version (v1: `[{ name, label?, type?, options? }]`) made valid: every field
 * that has a usable API name is kept; a list without options becomes a text field rather than being lost.
 */
function salvageCatalogue(old: unknown): Catalogue {
  if (!Array.isArray(old)) return [];
  const seen = new Set<string>();
  const fields: Catalogue = [];
  for (const entry of old) {
    if (!isRecord(entry)) continue;
    const rawName = entry.apiName ?? entry.name;
    const apiName = typeof rawName === "string" ? rawName.trim() : "";
    if (!apiName || seen.has(apiName)) continue;
    seen.add(apiName);
    const options = Array.isArray(entry.options)
      ? parseListOptions(
          entry.options.filter((o) => typeof o === "string" || typeof o === "number").join("\n"),
        )
      : typeof entry.options === "string"
        ? parseListOptions(entry.options)
        : [];
    let type: FieldType =
      FIELD_TYPES.find((known) => known === entry.type) ?? (options.length ? "list" : "text");
    if (type === "list" && options.length === 0) type = "text";
    fields.push({
      id: typeof entry.id === "string" && entry.id ? entry.id : crypto.randomUUID(),
      apiName,
      label: typeof entry.label === "string" ? entry.label.trim() : "",
      type,
      options: type === "list" ? options : [],
    });
  }
  return fields;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Site ID and API address. Only the background writes it, when credentials are saved. */
export const settingsItem = definePrivateItem<Settings>("settings", {
  schema: SettingsSchema,
  fallback: DEFAULT_SETTINGS,
  salvage: salvageSettings,
  legacyKey: "settings",
});

/** The custom-field catalogue, in display order. */
export const catalogueItem = definePrivateItem<Catalogue>("catalogue", {
  schema: CatalogueSchema,
  fallback: [],
  salvage: salvageCatalogue,
  legacyKey: "catalogue",
});

/** A list item by item: the entries that pass `schema` are kept, the others dropped. */
function salvageList<T>(schema: z.ZodType<T>): (stored: unknown) => T[] {
  return (stored) =>
    Array.isArray(stored)
      ? stored.flatMap((entry) => {
          const parsed = schema.safeParse(entry);
          return parsed.success ? [parsed.data] : [];
        })
      : [];
}

/** Validates and stores the settings; throws a ZodError on invalid data. */
export async function saveSettings(settings: Settings): Promise<void> {
  await settingsItem.setValue(SettingsSchema.parse(settings));
}

/** Validates and stores the catalogue; throws a ZodError on invalid data (blank or repeated API names). */
export async function saveCatalogue(catalogue: Catalogue): Promise<void> {
  await catalogueItem.setValue(CatalogueSchema.parse(catalogue));
}

/** Two-letter region (ISO 3166-1 alpha-2) of numbers written without a country code, one the detector knows. */
export const RegionSchema = z.custom<CountryCode>(isSupportedRegion, "regionInvalid");

/**
 * How contacts are detected on pages: the region of local numbers, "my numbers" that are never a lead's
 * (the company's own lines, its tracking numbers and emails, in any format), and the CRM sites where
 * the content script runs by itself (host match patterns, each granted as an optional permission).
 */
export const DetectionSettingsSchema = z.object({
  region: RegionSchema,
  ignore: z.array(z.string().trim().min(1)).max(500),
  enabledSites: z.array(z.string().min(1)).max(100),
});
export type DetectionSettings = z.infer<typeof DetectionSettingsSchema>;
export const DEFAULT_DETECTION_SETTINGS: DetectionSettings = { region: "RU", ignore: [], enabledSites: [] };

/** Detection settings. */
export const detectionSettingsItem = definePrivateItem<DetectionSettings>("detection", {
  schema: DetectionSettingsSchema,
  fallback: DEFAULT_DETECTION_SETTINGS,
  legacyKey: "detection",
});

/** One row of a preset's matching: a contact-based type, filled with the lead's phones/emails when used. */
export const MatchingTemplateRowSchema = z.object({
  type: z.enum(["leadContact", "callContact", "requestContact"]),
  searchDepth: z.number().int().positive().optional(),
  /** The `*TypeToMatch` of the row (`nearest`, `nearestUniq`, …); the list is open. */
  typeToMatch: z.string().trim().min(1).optional(),
  tags: z.array(z.string().trim().min(1)).optional(),
  tagsLogic: z.enum(["and", "or"]).optional(),
});
export type MatchingTemplateRow = z.infer<typeof MatchingTemplateRowSchema>;

/** The longest comment a preset or the popup sends. */
export const MAX_COMMENT_LENGTH = 2000;

/**
 * A preset the context menu applies in one click: fields and values, tags, a comment, how to match,
 * overwrite. It needs at least one of fields, tags or comment (presets stored before tags existed all
 * have fields, so they stay valid).
 */
export const PresetSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().trim().min(1, "presetNameRequired"),
    fields: z
      .array(
        z.object({
          apiName: z.string().trim().min(1),
          value: z.union([z.string().trim().min(1), z.number()]),
        }),
      )
      .max(20),
    overwrite: z.boolean(),
    /** Tags added to the lead (`tag/lead/add`). */
    tags: z.array(z.string().trim().min(1)).max(20).optional(),
    /** Replace the lead's tags rather than add to them; absent means false. */
    tagsOverwrite: z.boolean().optional(),
    /** A comment added to the lead (`comment/lead/add`). */
    comment: z.string().trim().min(1).max(MAX_COMMENT_LENGTH).optional(),
    matching: z.array(MatchingTemplateRowSchema).min(1).max(20),
  })
  .superRefine((preset, ctx) => {
    if (preset.fields.length === 0 && !preset.tags?.length && !preset.comment)
      ctx.addIssue({ code: "custom", path: ["fields"], message: "presetContentRequired" });
  });
export type Preset = z.infer<typeof PresetSchema>;

/** Most presets the menu offers. */
export const MAX_PRESETS = 50;
export const PresetListSchema = z.array(PresetSchema).max(MAX_PRESETS);

/** The presets, in menu order. */
export const presetsItem = definePrivateItem<Preset[]>("presets", {
  schema: PresetListSchema,
  fallback: [],
  salvage: (stored) => salvageList(PresetSchema)(stored).slice(0, MAX_PRESETS),
  legacyKey: "presets",
});

/** How long a popup draft is kept after its last change: it holds a lead's contacts and what was typed. */
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

/** What the popup was filling in, kept when it closes, for the page it was on. */
export const PopupDraftSchema = z.object({
  /** The page the draft was written on. */
  url: z.string().max(8192),
  /**
   * The lead the draft belongs to (see `leadOfPage` in components/popup/use-draft.ts): it is restored
   * only for the same lead. A draft stored before this existed has none and is never restored.
   */
  lead: z.string().max(20_000).optional(),
  /** Selected contacts as `kind:value`. */
  selected: z.array(z.string().max(400)).max(2000),
  /** The matching priority list as edited (free-form while editing; validated on send). */
  matching: z.array(z.unknown()).max(100),
  /** Field API name → value as typed. */
  fields: z.record(z.string().max(200), z.string().max(100_000)),
  overwrite: z.boolean(),
  /** Tags as typed (comma-separated). */
  tags: z.string().max(100_000).optional(),
  tagsOverwrite: z.boolean().optional(),
  comment: z.string().max(100_000).optional(),
  savedAt: z.number(),
});
export type PopupDraft = z.infer<typeof PopupDraftSchema>;

/** The popup's draft; null when there is none. An old version's draft in storage.local is not moved, but deleted. */
export const popupDraftItem = definePrivateItem<PopupDraft | null>("popupDraft", {
  schema: PopupDraftSchema.nullable(),
  fallback: null,
});

/** What the popup sent last, so that the same lead with the same data sent again soon is asked about first. */
export const PopupLastSendSchema = z.object({
  /** A digest of the sent operations (matching, fields, tags, comment): no contact is stored in clear. */
  digest: z.string().max(64),
  at: z.number(),
});
export type PopupLastSend = z.infer<typeof PopupLastSendSchema>;

/** The popup's last send; null before the first. */
export const popupLastSendItem = definePrivateItem<PopupLastSend | null>("popupLastSend", {
  schema: PopupLastSendSchema.nullable(),
  fallback: null,
});

/** True once the popup asked which of a page's numbers are the company's own (answered or dismissed). */
export const myNumbersAskedItem = definePrivateItem<boolean>("myNumbersAsked", {
  schema: z.boolean(),
  fallback: false,
});

/** The draft unless it is older than `DRAFT_TTL_MS` at `now`. */
export function freshDraft(draft: PopupDraft | null, now = Date.now()): PopupDraft | null {
  return draft && now - draft.savedAt <= DRAFT_TTL_MS ? draft : null;
}

/** The bounds of the retention settings; the history page and the background check them with `RetentionSchema`. */
export const RETENTION_LIMITS = {
  minCount: 100,
  maxCount: 1_000_000,
  minAgeDays: 1,
  maxAgeDays: 3650,
} as const;

/** How much history is kept: at most `maxCount` ops, none finished more than `maxAgeDays` ago. */
export const RetentionSchema = z.strictObject({
  maxCount: z
    .number("retentionCountRange")
    .int("retentionCountRange")
    .min(RETENTION_LIMITS.minCount, "retentionCountRange")
    .max(RETENTION_LIMITS.maxCount, "retentionCountRange"),
  maxAgeDays: z
    .number("retentionAgeRange")
    .int("retentionAgeRange")
    .min(RETENTION_LIMITS.minAgeDays, "retentionAgeRange")
    .max(RETENTION_LIMITS.maxAgeDays, "retentionAgeRange"),
});
export type Retention = z.infer<typeof RetentionSchema>;
export const DEFAULT_RETENTION: Retention = { maxCount: 100_000, maxAgeDays: 365 };

/** The history's retention; the background prunes by it. */
export const retentionItem = definePrivateItem<Retention>("retention", {
  schema: RetentionSchema,
  fallback: DEFAULT_RETENTION,
  legacyKey: "retention",
});

/** A column mapping of the bulk page, remembered for files with the same header row. */
export const BulkMappingSchema = z.object({
  /** One role per column (`phone`, `field:revenue`, `ignore`, …; see utils/bulk/mapping.ts). */
  roles: z.array(z.string().max(300)).max(1000),
  overwrite: z.boolean(),
  savedAt: z.number(),
});
export type BulkMapping = z.infer<typeof BulkMappingSchema>;

/** How many header sets the bulk page remembers a mapping for; the least recently used are dropped. */
export const BULK_MAPPINGS_MAX = 50;

/** The bulk page's mappings, by header-set signature. */
export const bulkMappingsItem = definePrivateItem<Record<string, BulkMapping>>("bulkMappings", {
  schema: z.record(z.string(), BulkMappingSchema),
  fallback: {},
  legacyKey: "bulkMappings",
});

const count = z.number().int().nonnegative();

/**
 * An import the bulk page started. The input file's text is kept apart (`saveBulkFile`); with it and
 * `settings` the page rebuilds the same operations, to finish queueing after a restart and to write the result.
 */
export const BulkJobSchema = z.object({
  jobId: z.string().min(1).max(100),
  fileName: z.string().max(1000),
  createdAt: z.number(),
  settings: z.object({
    roles: z.array(z.string().max(300)).max(1000),
    /** The catalogue fields the import uses, as they were when it started. */
    catalogue: CatalogueSchema,
    overwrite: z.boolean(),
    region: RegionSchema,
  }),
  /** Data rows of the file, and how many of them were left out as invalid. */
  rows: count,
  leftOut: count,
  /** Operations and enqueue messages the import consists of. */
  totalOps: count,
  chunks: count,
  /** Enqueue messages stored by the background so far, in order. */
  queuedChunks: count,
  /** `[firstOpId, firstRow, length]` runs: which row each queued op belongs to (utils/bulk/op-rows.ts). */
  runs: z.array(z.tuple([count, count, count])),
  /** When the user cancelled the import: no more messages are queued for it. */
  cancelledAt: z.number().nullable(),
  /** When every op reached a final state; null while it runs. */
  finishedAt: z.number().nullable(),
  /** When the result file was downloaded: the input file is deleted then. */
  downloadedAt: z.number().nullable().optional(),
});
export type BulkJob = z.infer<typeof BulkJobSchema>;

/** The imports the bulk page started, oldest first. */
export const bulkJobsItem = definePrivateItem<BulkJob[]>("bulkJobs", {
  schema: z.array(BulkJobSchema),
  fallback: [],
  salvage: salvageList(BulkJobSchema),
  legacyKey: "bulkJobs",
});

/**
 * The bulk page's "Move to the list below": finished imports that finished up to this time stay in the list
 * of finished imports instead of on top of the page (0: none put away).
 */
export const bulkPutAwayItem = definePrivateItem<number>("bulkPutAway", {
  schema: z.number().nonnegative(),
  fallback: 0,
});

/** The CSV separator of exports: by the UI language (`;` for Russian Excel, `,` otherwise), or fixed. */
export const CSV_DELIMITERS = ["auto", ";", ","] as const;

/** The privacy settings of the options page. */
export const PrivacySettingsSchema = z.strictObject({
  /** Notifications of the context menu name the lead's phones and emails (they go to the OS notification centre). */
  notificationContacts: z.boolean(),
  /** Days an import's file is kept when its result is not downloaded (downloading it deletes the file). */
  bulkFileDays: z
    .number("bulkFileDaysRange")
    .int("bulkFileDaysRange")
    .min(1, "bulkFileDaysRange")
    .max(90, "bulkFileDaysRange"),
  csvDelimiter: z.enum(CSV_DELIMITERS),
});
export type PrivacySettings = z.infer<typeof PrivacySettingsSchema>;
export const DEFAULT_PRIVACY_SETTINGS: PrivacySettings = {
  notificationContacts: true,
  bulkFileDays: 7,
  csvDelimiter: "auto",
};

/** The privacy settings. */
export const privacySettingsItem = definePrivateItem<PrivacySettings>("privacy", {
  schema: PrivacySettingsSchema,
  fallback: DEFAULT_PRIVACY_SETTINGS,
});

/** Writes to storage.local the background saw: this version keeps nothing there, so a web page made them. */
export const TamperAlertSchema = z.object({
  at: z.number(),
  keys: z.array(z.string().max(200)).max(50),
});

export type TamperAlert = z.infer<typeof TamperAlertSchema>;

/** The last such write, until the user dismisses it; null when none. */
export const tamperAlertItem = definePrivateItem<TamperAlert | null>("tamperAlert", {
  schema: TamperAlertSchema.nullable(),
  fallback: null,
});
