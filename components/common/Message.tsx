import { Fragment, type ComponentChild, type JSX } from 'preact';
import { translateWith, type MessageKey } from '../../util/i18n';

/**
 * A message whose placeholders hold markup rather than text: a name in <bdi> so that a Latin name in a
 * Hebrew sentence (or the reverse) keeps its own direction, a code in <code>. The translation decides
 * where each part goes.
 */
export function Message({
  id,
  parts,
}: {
  id: MessageKey;
  parts: Readonly<Record<string, ComponentChild>>;
}): JSX.Element {
  const marks = Object.fromEntries(Object.keys(parts).map((k) => [k, `\u0000${k}\u0000`]));
  const pieces = translateWith(id, marks).split('\u0000');
  return (
    <>
      {pieces.map((piece, i) => (
        <Fragment key={i}>{i % 2 === 1 ? parts[piece] : piece}</Fragment>
      ))}
    </>
  );
}
