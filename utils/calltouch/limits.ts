/** Every limit of the Calltouch lead-service API, in one place (vendor page + digest in shared/). */
export const LIMITS = {
  /** Leads (or comments) in one request. */
  maxItemsPerRequest: 100,
  /** Rows in one lead's `matching` list. */
  maxMatchingRows: 20,
  /** Custom fields added to one lead in one request. */
  maxCustomFields: 20,
  /** Tags added to one lead in one request (not documented by the vendor; kept at the custom-field limit). */
  maxTags: 20,
  /** Requests accepted per IP address in one second; above it the server answers 429. */
  requestsPerSecond: 5,
  /** The window the per-IP limit counts requests in, ms. */
  rateWindowMs: 1000,
} as const;

/** The default `searchDepth` of contact matching, in minutes (6 months, as in the vendor's example). */
export const DEFAULT_SEARCH_DEPTH_MINUTES = 262_800;

/** The production API. */
export const DEFAULT_API_BASE_URL = "https://api.calltouch.ru";
