/** What the hostile-input suite's attacks write, shared by its unit and browser parts. */

/** A preset a page's script writes where presets used to be stored (storage.local). */
export const EVIL_PRESET = {
  id: "x",
  name: "Evil",
  fields: [{ apiName: "a", value: "b" }],
  overwrite: true,
  matching: [{ type: "leadContact" }],
};
