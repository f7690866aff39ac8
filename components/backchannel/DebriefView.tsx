import type { JSX } from 'preact';
import { Button } from '../common/Button';
import { useState } from 'preact/hooks';
import { useLive, type Live } from '../useLive';
import type { DebriefInfo } from './api';

/** After the session: how the leaders talked, seen by the two of them only. */
export function DebriefView({
  live,
  addToNote,
}: {
  live: () => Live<DebriefInfo>;
  addToNote?: (text: string) => Promise<void>;
}): JSX.Element {
  const d = useLive(live, []).value;
  const [added, setAdded] = useState(false);
  if (!d) return <p class="quiet">Opening the debrief…</p>;
  const summary = [
    d.reflection,
    ...d.parked.map((m) => `Parked (${m.direction === 'out' ? 'mine' : 'co-leader'}): ${m.text}`),
    ...d.sent.map((m) => `Sent (${m.direction === 'out' ? 'mine' : 'co-leader'}): ${m.text}`),
  ].join('\n');
  return (
    <section class="card debrief" aria-labelledby="debrief-title">
      <h2 id="debrief-title">Debrief</h2>
      <p class="reflection" data-reflection>
        {d.reflection}
      </p>
      <dl class="counts">
        <dt>Said aloud</dt>
        <dd data-count="aloud">{d.saidAloud}</dd>
        <dt>Parked</dt>
        <dd data-count="parked">{d.parked.length}</dd>
        <dt>Sent privately</dt>
        <dd data-count="sent">{d.sent.length}</dd>
        <dt>Signals</dt>
        <dd data-count="signals">{d.signals}</dd>
      </dl>
      {d.parked.length > 0 && (
        <>
          <h3>Parked for now</h3>
          <ul class="plain parked">
            {d.parked.map((m) => (
              <li key={m.id} data-parked>
                <span class="quiet">{m.direction === 'out' ? 'You' : 'Co-leader'}:</span> {m.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {d.sent.length > 0 && (
        <>
          <h3>Sent during the session</h3>
          <ul class="plain sent">
            {d.sent.map((m) => (
              <li key={m.id}>
                <span class="quiet">{m.direction === 'out' ? 'You' : 'Co-leader'}:</span> {m.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {addToNote && (
        <Button
          disabled={added}
          onClick={async () => {
            await addToNote(summary);
            setAdded(true);
          }}
        >
          {added ? 'Added to the co-leader process section' : 'Add to the note’s co-leader process section'}
        </Button>
      )}
    </section>
  );
}
