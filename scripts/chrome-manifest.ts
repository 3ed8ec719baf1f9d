/**
 * The checks the Chrome Web Store and Chrome make of a built MV3 manifest that a build can get wrong,
 * as one pure function over the manifest and the build's files (`npm run lint:ext` runs it).
 */

/** Chrome's MV3 permissions that this kind of extension may ask for; any other name is a typo or a new need. */
const KNOWN_PERMISSIONS = new Set([
  "activeTab",
  "alarms",
  "contextMenus",
  "downloads",
  "notifications",
  "offscreen",
  "scripting",
  "sidePanel",
  "storage",
  "tabs",
  "unlimitedStorage",
]);
/** Keys that Chrome ignores or refuses in MV3: a sign of an MV2 manifest leaking into the Chrome build. */
const MV2_KEYS = ["browser_action", "page_action", "optional_permissions", "browser_specific_settings"];
/** The Web Store's limits, in characters, after the locale's message is put in. */
const LIMITS = { name: 75, short_name: 12, description: 132 } as const;
const MATCH_PATTERN = /^(https?|\*):\/\/(\*|\*\.[^/*:]+|[^/*:]+)\/.*$/;

/** What the check may read of the build. */
export interface BuildFiles {
  exists(file: string): boolean;
  /** The `messages.json` of a locale (`en`), or null when the build has none. */
  messages(locale: string): Record<string, { message: string }> | null;
  /** The locales the build has under `_locales/`. */
  locales: readonly string[];
}

type Manifest = Record<string, unknown>;

/** The problems of a built Chrome MV3 manifest, one readable sentence each; empty when there is none. */
export function chromeManifestProblems(manifest: Manifest, files: BuildFiles): string[] {
  const problems: string[] = [];
  if (manifest.manifest_version !== 3) problems.push("manifest_version must be 3.");
  if (typeof manifest.version !== "string" || !/^\d+(\.\d+){0,3}$/.test(manifest.version)) {
    problems.push(`version "${String(manifest.version)}" must be 1 to 4 dot-separated integers.`);
  }
  for (const key of MV2_KEYS)
    if (key in manifest) problems.push(`"${key}" does not belong in an MV3 manifest.`);

  const background = manifest.background as { service_worker?: string; scripts?: unknown } | undefined;
  if (!background?.service_worker) problems.push("background.service_worker is missing.");
  if (background?.scripts) problems.push("background.scripts is MV2: Chrome MV3 needs a service worker.");

  const referenced: string[] = [];
  if (background?.service_worker) referenced.push(background.service_worker);
  const icons = (manifest.icons ?? {}) as Record<string, string>;
  for (const size of ["16", "48", "128"]) {
    if (!icons[size]) problems.push(`icons has no ${size}×${size} icon (the Web Store needs 128).`);
  }
  referenced.push(...Object.values(icons));
  const action = manifest.action as { default_popup?: string } | undefined;
  if (action?.default_popup) referenced.push(action.default_popup);
  const options = manifest.options_ui as { page?: string } | undefined;
  if (options?.page) referenced.push(options.page);
  for (const file of referenced) if (!files.exists(file)) problems.push(`"${file}" is named but not built.`);

  for (const permission of (manifest.permissions ?? []) as string[]) {
    if (!KNOWN_PERMISSIONS.has(permission))
      problems.push(`permission "${permission}" is not one Chrome knows.`);
  }
  for (const key of ["host_permissions", "optional_host_permissions"]) {
    for (const pattern of (manifest[key] ?? []) as string[]) {
      if (!MATCH_PATTERN.test(pattern)) problems.push(`${key} "${pattern}" is not a match pattern.`);
    }
  }

  const defaultLocale = manifest.default_locale as string | undefined;
  const usesMessages = JSON.stringify(manifest).includes("__MSG_");
  if (usesMessages && !defaultLocale) problems.push("__MSG_ names are used but default_locale is missing.");
  for (const locale of defaultLocale ? files.locales : []) {
    const messages = files.messages(locale);
    if (!messages) {
      problems.push(`_locales/${locale}/messages.json is missing.`);
      continue;
    }
    for (const [key, limit] of Object.entries(LIMITS)) {
      const value = manifest[key];
      if (typeof value !== "string") continue;
      const name = /^__MSG_(\w+)__$/.exec(value)?.[1];
      const text = name ? messages[name]?.message : value;
      if (text === undefined) problems.push(`${key}: _locales/${locale} has no message "${name}".`);
      else if (text.length > limit)
        problems.push(`${key} in ${locale} is ${text.length} characters (most ${limit}).`);
    }
  }
  if (defaultLocale && !files.locales.includes(defaultLocale)) {
    problems.push(`default_locale "${defaultLocale}" has no _locales/${defaultLocale}/messages.json.`);
  }
  const csp = JSON.stringify(manifest.content_security_policy ?? "");
  if (csp.includes("unsafe-eval")) problems.push("content_security_policy allows unsafe-eval.");
  return problems;
}
