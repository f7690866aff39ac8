import type { JSX } from 'preact';
import { sessionDate } from '../../domain/clock';
import { Button } from '../common/Button';
import { useEffect, useState } from 'preact/hooks';
import { sessionClockMs } from '../../domain/clock';
import { markerLine, memberMarkdown, sessionMarkdown, timelineLines, type SessionExport } from '../../domain/markdown';
import { templateById } from '../../domain/templates';
import type { Marker, NoteClass } from '../../domain/types';
import { neutralName } from '../../domain/export-names';
import { downloadText } from '../common/download';
import { MemberSelect } from '../common/MemberSelect';
import { MarkdownView } from '../print/MarkdownView';
import type { SessionApi } from '../session/api';
import { NoteEditor } from '../session/NoteEditor';
import { Timeline } from '../session/Timeline';
import type { HistoryApi } from './api';
import { ClientNotes } from './ClientNotes';
import { SupervisionShare } from './SupervisionShare';
import { SignControl, SignedNote } from './SignedNote';
import { t, type LabelKey } from '../../util/i18n';
import { Message } from '../common/Message';
import { shownError } from '../../util/user-error';

/** What the warning before an export or a printout says first, by what leaves the vault. */
const NOT_ENCRYPTED = {
  file: 'sessionDetail.fileNotEncrypted',
  printout: 'sessionDetail.printoutNotEncrypted',
  memberFile: 'sessionDetail.memberFileNotEncrypted',
} as const satisfies Record<string, LabelKey>;

/**
 * One past session: its timeline, its notes (in the same editor as during
 * the session: most notes are finished after the group), and the exports
 * allowed. Exports and the preview read the session again, so they hold
 * what was just written.
 */
export function SessionDetail({
  api,
  notes,
  sessionId,
  onBack,
}: {
  api: HistoryApi;
  notes?: SessionApi['notes'] | undefined;
  sessionId: string;
  onBack: () => void;
}): JSX.Element {
  const [x, setX] = useState<SessionExport | undefined>();
  const [error, setError] = useState('');
  const [member, setMember] = useState('');
  const [picked, setPicked] = useState<Marker | null>(null);
  /** An export or print asked for, waiting for the leader to accept that it leaves the vault unencrypted. */
  const [leaving, setLeaving] = useState<{ what: keyof typeof NOT_ENCRYPTED; go: () => void } | null>(null);
  const reload = () => api.detail(sessionId).then(setX, (e: Error) => setError(shownError(e)));
  useEffect(() => void reload(), [sessionId]);
  // A co-leader's co-signature or amendment shows while the session is open.
  useEffect(() => api.onRecordsChanged?.(sessionId, () => void reload()), [sessionId]);
  const fresh = async (write: (x: SessionExport) => void) => {
    try {
      const now = await api.detail(sessionId);
      setX(now);
      write(now);
    } catch (e) {
      setError(shownError(e));
    }
  };
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (!x) return <p class="quiet">{t('common.opening')}</p>;
  const classes = (['process', 'progress'] as const).filter((c) => x.notes.some((n) => n.noteClass === c));
  // The session's own notes: once one is signed the editor gives way to the records.
  const own = x.notes.filter((n) => n.memberId === undefined);
  const signed = own.filter((n) => n.signed);
  const unsigned = own.filter((n) => !n.signed);
  const signing = api.signing;
  return (
    <section class="card" aria-labelledby="detail-title">
      <div class="row">
        <h2 id="detail-title" class="grow">
          <Message
            id="history.sessionLink"
            parts={{ owner: <bdi>{x.owner.name}</bdi>, date: <bdi>{sessionDate(x.session.startedAt)}</bdi> }}
          />
        </h2>
        <Button onClick={onBack}>{t('sessionDetail.back')}</Button>
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
      {signing &&
        signed.map((n) => (
          <SignedNote
            key={n.id}
            api={signing}
            note={n}
            template={templateById(x.templates, n.template)}
            onAmended={() => void reload()}
          />
        ))}
      {notes && signed.length === 0 && (
        <NoteEditor
          sessionId={sessionId}
          defaultTemplate={x.notes[0]?.template ?? (x.session.ownerKind === 'group' ? 'group-process' : 'soap')}
          notes={notes}
          timelineText={(c: NoteClass) =>
            timelineLines(x, c)
              .map((l) => `- ${l}`)
              .join('\n')
          }
        />
      )}
      {signing && signed.length === 0 && (
        <details class="sign-notes" onToggle={(e) => e.currentTarget.open && void reload()}>
          <summary>{t('sessionDetail.sign')}</summary>
          <p class="hint">{t('signedNote.hint')}</p>
          {unsigned.length === 0 && <p class="quiet">{t('sessionDetail.nothingToSign')}</p>}
          {unsigned.map((n) => (
            <SignControl
              key={n.id}
              api={signing}
              note={n}
              label={templateById(x.templates, n.template).label}
              onSigned={() => void reload()}
            />
          ))}
        </details>
      )}
      {api.clientNotes && x.session.ownerKind === 'group' && x.session.endedAt !== null && (
        <ClientNotes api={api.clientNotes} signing={signing} x={x} onSaved={() => void reload()} />
      )}
      {api.supervision && x.session.ownerKind === 'group' && x.session.endedAt !== null && (
        <SupervisionShare api={api.supervision} x={x} />
      )}
      <details class="preview" onToggle={(e) => e.currentTarget.open && void reload()}>
        <summary>{t('sessionDetail.preview')}</summary>
        <MarkdownView text={sessionMarkdown(x, classes[0] ?? 'process')} />
      </details>
      {api.exportAllowed && (
        <div class="row" role="group" aria-label={t('sessionDetail.export')}>
          {(classes.length ? classes : (['process'] as const)).map((c) => (
            <Button
              key={c}
              onClick={() =>
                setLeaving({
                  what: 'file',
                  go: () =>
                    void fresh((now) =>
                      downloadText(`${neutralName(now.session.startedAt)}-${c}.md`, sessionMarkdown(now, c)),
                    ),
                })
              }
            >
              {c === 'process' ? t('sessionDetail.exportProcess') : t('sessionDetail.exportProgress')}
            </Button>
          ))}
          <Button
            onClick={() =>
              setLeaving({ what: 'printout', go: () => api.openPrint(sessionId, classes[0] ?? 'process') })
            }
          >
            {t('sessionDetail.print')}
          </Button>
        </div>
      )}
      {api.exportAllowed && api.perMemberExportAllowed && x.members.length > 0 && (
        <div class="row">
          <MemberSelect
            id="member-export"
            label={t('sessionDetail.forOneMember')}
            members={x.members}
            value={member}
            none={t('sessionDetail.chooseMember')}
            onChange={setMember}
          />
          <Button
            disabled={!member}
            onClick={() =>
              setLeaving({
                what: 'memberFile',
                go: () =>
                  void fresh((now) =>
                    downloadText(`${neutralName(now.session.startedAt)}-member.md`, memberMarkdown(now, member)),
                  ),
              })
            }
          >
            {t('sessionDetail.exportMember')}
          </Button>
          <p class="quiet">{t('sessionDetail.namesOut')}</p>
        </div>
      )}
      {leaving && (
        <div class="warning" role="alertdialog" aria-labelledby="leaving-title" data-leaving>
          <p id="leaving-title">
            <strong>{t(NOT_ENCRYPTED[leaving.what])}</strong> {t('sessionDetail.leaving')}
          </p>
          <div class="row">
            <Button
              variant="primary"
              onClick={() => {
                leaving.go();
                setLeaving(null);
              }}
            >
              {leaving.what === 'printout' ? t('sessionDetail.openPrint') : t('sessionDetail.saveFile')}
            </Button>
            <Button onClick={() => setLeaving(null)}>{t('sessionDetail.cancel')}</Button>
          </div>
        </div>
      )}
    </section>
  );
}
