/**
 * Which flavour of the extension this is. The store build (`npm run build`, Vite mode `production`) has no
 * loopback API addresses, no test hooks and no bench/test message sources; the development build
 * (`npm run build:dev`, used by the e2e tests, the demo and the benchmarks) and the unit tests have them.
 * Vite replaces `import.meta.env` at build time (Node scripts have none: they count as development), so what this guards is left out of the store build.
 */
export const DEV_BUILD: boolean = import.meta.env?.MODE !== "production";
