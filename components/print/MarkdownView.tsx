import type { JSX } from 'preact';

/**
 * Renders the small Markdown subset our exports produce (headings, list
 * items, paragraphs) as real elements for printing. Text is never parsed as
 * HTML, so nothing in a note can become markup.
 */
export function MarkdownView({ text }: { text: string }): JSX.Element {
  const blocks: JSX.Element[] = [];
  let list: string[] = [];
  let para: string[] = [];
  const flush = () => {
    if (list.length)
      blocks.push(
        <ul key={blocks.length}>
          {list.map((li, i) => (
            <li key={i}>{li}</li>
          ))}
        </ul>,
      );
    if (para.length) blocks.push(<p key={blocks.length}>{para.join('\n')}</p>);
    list = [];
    para = [];
  };
  for (const line of text.split('\n')) {
    const h = /^(#{1,3}) (.*)$/.exec(line);
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
      list.push(line.slice(2));
    } else if (!line.trim()) flush();
    else {
      if (list.length) flush();
      para.push(line);
    }
  }
  flush();
  return <article class="print">{blocks}</article>;
}
