// @ts-check

/** @typedef {import("./validate.mjs").Violation} Violation */

/**
 * @typedef {object} ApiErrorBody
 * @property {[]} meta
 * @property {{ type: string, apiErrorData: { code?: string, message: string } | null,
 *   validationErrorData: { violations: Violation[] } | null }} data
 */

/**
 * @param {string} type
 * @param {string} message
 * @param {string} [code]
 * @returns {ApiErrorBody}
 */
export function apiError(type, message, code) {
  const apiErrorData = code ? { code, message } : { message };
  return { meta: [], data: { type, apiErrorData, validationErrorData: null } };
}

/**
 * @param {Violation[]} violations
 * @returns {ApiErrorBody}
 */
export function validationError(violations) {
  return {
    meta: [],
    data: { type: "validationError", apiErrorData: null, validationErrorData: { violations } },
  };
}

export const tooManyRequests = () => apiError("tooManyRequests", "Too Many Requests");
export const invalidToken = () => apiError("authError", "Invalid Access-Token");
export const accessDenied = () => apiError("authError", "Access denied for SiteId");
export const pointsExceeded = () =>
  apiError("apiError", "Daily API points limit exceeded", "POINTS_LIMIT_EXCEEDED");
export const notFound = () => apiError("notFound", "Not Found");
export const methodNotAllowed = () => apiError("methodNotAllowed", "Method Not Allowed");
export const payloadTooLarge = () => apiError("payloadTooLarge", "Payload Too Large");
export const internalError = () => apiError("serverError", "Internal Server Error");
export const badGateway = () => apiError("serverError", "Bad Gateway");

/** @param {string} message */
export const bodyError = (message) => validationError([{ fieldPath: "", message }]);
