import { z } from "zod";

/**
 * Makes zod validate without compiling code (`jitless`). Extension pages forbid `eval` (their content
 * security policy), so the compiled path could never run; without this zod still probes `Function("")` on
 * its first object parse, which the browser reports as a CSP violation. Call before the first parse.
 */
export function setUpZod(): void {
  z.config({ jitless: true });
}
