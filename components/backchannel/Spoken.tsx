import type { JSX } from 'preact';
import { Message } from '../common/Message';

/**
 * A phrase to say aloud, in the language's quotation marks, with the member's first name in <bdi> wherever it
 * occurs: a Latin name inside a Hebrew sentence (or a Hebrew one inside German) keeps its own direction.
 */
export function Spoken({ text, name }: { text: string; name: string | null }): JSX.Element {
  // Split on the name as a whole word (a captured group lands at the odd places): "Al" is not in "Also".
  const pieces = name
    ? text.split(
        new RegExp(
          `(?<![\\p{L}\\p{M}\\p{N}])(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?![\\p{L}\\p{M}\\p{N}])`,
          'u',
        ),
      )
    : [text];
  return (
    <Message
      id="backchannel.spoken"
      parts={{
        text: pieces.map((piece, i) => (i % 2 === 1 ? <bdi key={i}>{piece}</bdi> : piece)),
      }}
    />
  );
}
