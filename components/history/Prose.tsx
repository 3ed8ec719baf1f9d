import { splitLongTokens } from "./error-text";

/** Text whose long tokens (URLs, IDs, JSON runs) may break mid-word; the words around them never do. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {splitLongTokens(text).map((part, index) =>
        part.long ? (
          <span key={index} class="long-token">
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </>
  );
}
