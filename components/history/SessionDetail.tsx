import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { sessionClockMs } from '../../domain/clock';
import { markerLine, memberMarkdown, sessionMarkdown, type SessionExport } from '../../domain/markdown';
import type { Marker } from '../../domain/types';
import { downloadText, safeFileName } from '../common/download';
import { Timeline } from '../session/Timeline';
import type { HistoryApi } from './api';

/** One past session: its timeline, its notes, and the exports allowed. */
export function SessionDetail({
  api,
  sessionId,
  onBack,
}: {
  api: HistoryApi;
  sessionId: string;
  onBack: () => void;
}): JSX.Element {
  const [x, setX] = useState<SessionExport | undefined>();
  const [error, setError] = useState('');
  const [member, setMember] = useState('');
  const [picked, setPicked] = useState<Marker | null>(null);
  useEffect(() => void api.detail(sessionId).then(setX, (e: Error) => setError(e.message)), [sessionId]);
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (!x) return <p class="quiet">Opening…</p>;
  const base = safeFileName(`${x.owner.name}-${new Date(x.session.startedAt).toISOString().slice(0, 10)}`);
  const classes = (['process', 'progress'] as const).filter((c) => x.notes.some((n) => n.noteClass === c));
  return (
    <section class="card" aria-labelledby="detail-title">
      <div class="row">
        <h2 id="detail-title" class="grow">
          {x.owner.name}, {new Date(x.session.startedAt).toLocaleString()}
        </h2>
        <button type="button" onClick={onBack}>
          Back
        </button>
      </div>
      <Timeline
        markers={x.markers}
        members={x.members}
        durationMs={sessionClockMs(x.session, x.session.endedAt ?? Date.now())}
        custom={x.custom}
        onOpen={setPicked}
      />
      {picked && (
        <p class="picked" role="status">
          {markerLine(picked, new Map(x.members.map((m) => [m.id, m.name])), x.custom)}
        </p>
      )}
      <pre class="preview" tabIndex={0} aria-label="Preview of the export">
        {sessionMarkdown(x, classes[0] ?? 'process')}
      </pre>
      {api.exportAllowed && (
        <div class="row" role="group" aria-label="Export">
          {(classes.length ? classes : (['process'] as const)).map((c) => (
            <button key={c} type="button" onClick={() => downloadText(`${base}-${c}.md`, sessionMarkdown(x, c))}>
              Export {c === 'process' ? 'process note' : 'progress note'} (Markdown)
            </button>
          ))}
          <button type="button" onClick={() => api.openPrint(sessionId, classes[0] ?? 'process')}>
            Print or save as PDF
          </button>
        </div>
      )}
      {api.exportAllowed && api.perMemberExportAllowed && x.members.length > 0 && (
        <div class="row">
          <div class="field">
            <label for="member-export">Export for one member</label>
            <select id="member-export" value={member} onChange={(e) => setMember(e.currentTarget.value)}>
              <option value="">Choose a member</option>
              {x.members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            disabled={!member}
            onClick={() => downloadText(`${base}-member.md`, memberMarkdown(x, member))}
          >
            Export member file
          </button>
        </div>
      )}
    </section>
  );
}
