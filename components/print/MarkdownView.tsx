import type { JSX } from 'preact';

interface Item {
  text: string;
  /** Lines indented under the item ("  - Licence: …"). */
  sub: string[];
}

/** A list item's task box ("[ ] " or "[x] "), and the text after it. */
const TASK = /^\[( |x)\] (.*)$/;

function ItemText({ text }: { text: string }): JSX.Element {
  const task = TASK.exec(text);
  if (!task) return <>{text}</>;
  return (
    <label class="task">
      <input type="checkbox" checked={task[1] === 'x'} disabled /> {task[2]}
    </label>
  );
}

/**
 * Renders the small Markdown subset our exports produce (headings, list items with task boxes and indented
 * sub-items, paragraphs with their line breaks) as real elements for printing. Text is never parsed as HTML,
 * so nothing in a note can become markup.
 */
export function MarkdownView({ text }: { text: string }): JSX.Element {
  const blocks: JSX.Element[] = [];
  let list: Item[] = [];
  let para: string[] = [];
  const flush = () => {
    if (list.length)
      blocks.push(
        <ul key={blocks.length}>
          {list.map((li, i) => (
            <li key={i}>
              <ItemText text={li.text} />
              {li.sub.length > 0 && (
                <ul>
                  {li.sub.map((s, j) => (
                    <li key={j}>{s}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>,
      );
    if (para.length) blocks.push(<p key={blocks.length}>{para.join('\n')}</p>);
    list = [];
    para = [];
  };
  for (const line of text.split('\n')) {
    const h = /^(#{1,3}) (.*)$/.exec(line);
    const sub = /^\s{2,}- (.*)$/.exec(line);
    if (h) {
      flush();
      const level = h[1]!.length;
      blocks.push(
        level === 1 ? (
          <h1 key={blocks.length}>{h[2]}</h1>
        ) : level === 2 ? (
          <h2 key={blocks.length}>{h[2]}</h2>
        ) : (
          <h3 key={blocks.length}>{h[2]}</h3>
        ),
      );
    } else if (line.startsWith('- ')) {
      if (para.length) flush();
      list.push({ text: line.slice(2), sub: [] });
    } else if (sub && list.length) list[list.length - 1]!.sub.push(sub[1]!);
    else if (!line.trim()) flush();
    else {
      if (list.length) flush();
      para.push(line);
    }
  }
  flush();
  return <article class="print">{blocks}</article>;
}
