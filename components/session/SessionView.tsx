import type { ComponentChildren, JSX } from 'preact';
import { ClipboardCheck, Lightbulb, ListChecks, MessagesSquare, NotebookPen, ShieldCheck } from 'lucide-preact';
import { Button } from '../common/Button';
import { Tabs, type TabItem } from '../common/Tabs';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { sessionClockMs, isPaused } from '../../domain/clock';
import { timelineLines } from '../../domain/markdown';
import type { Group, Client, Marker, Member, NoteClass, Session } from '../../domain/types';
import { useLive } from '../useLive';
import type { CallInfo, SessionApi } from './api';
import { Attendance } from './Attendance';
import { Clock } from './Clock';
import { MarkerBar } from './MarkerBar';
import { MarkerList } from './MarkerList';
import { NoteEditor } from './NoteEditor';
import { Timeline } from './Timeline';
import { useMarkers } from './useMarkers';
import { useThrottled } from './useThrottled';
import type { SafetyApi } from '../safety/api';
import { SessionSafetyTab } from '../safety/SessionSafetyTab';
import type { BackchannelApi } from '../backchannel/api';
import { CoLeaderTab } from '../backchannel/CoLeaderTab';
import { PromptLibrary } from '../backchannel/PromptLibrary';
import { SignalCue } from '../backchannel/SignalCue';
import { t } from '../../util/i18n';

interface Props {
  api: SessionApi;
  session: Session;
  owner: Group | Client | undefined;
  members: Member[];
  call: CallInfo | null;
  backSeconds: number;
  openMarker?: { id: string; focus: 'category' | 'member' } | null;
  onMarkerOpened?: () => void;
  backchannel?: BackchannelApi;
  safety?: SafetyApi;
  /** A shortcut asked for the emergency card. */
  emergency?: boolean;
  onEmergencyShown?: () => void;
  /** Shown after the session's tabs, inside the session, so the header with Mark stays in view above it. */
  footer?: ComponentChildren;
}

const TIMELINE_EVERY_MS = 1000;
const ICON = 18;

type Tab = 'markers' | 'attendance' | 'note' | 'coleader' | 'prompts' | 'safety';

/** The live session: clock, one-click marking, markers, attendance, note. */
export function SessionView({
  api,
  session,
  owner,
  members,
  call,
  backSeconds,
  openMarker,
  onMarkerOpened,
  backchannel,
  safety,
  emergency,
  onEmergencyShown,
  footer,
}: Props): JSX.Element {
  const [tab, setTab] = useState<Tab>('markers');
  useEffect(() => {
    if (openMarker) setTab('markers');
  }, [openMarker?.id]);
  const group = session.ownerKind === 'group';
  const [emergencyOpen, setEmergencyOpen] = useState(false);
  const openEmergency = () => {
    setTab('safety');
    setEmergencyOpen(true);
  };
  useEffect(() => {
    if (!emergency) return;
    openEmergency();
    onEmergencyShown?.();
  }, [emergency]);
  // One key opens the prompt library when no field has the focus.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.altKey || e.ctrlKey || e.metaKey || (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      if (e.key === 'p') setTab('prompts');
      // E: the emergency card, one key away while the panel has focus.
      if (e.key === 'e' && safety) openEmergency();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);
  const tabs: TabItem<Tab>[] = [
    { id: 'markers', label: t('session.tabMarkers'), icon: <ListChecks size={ICON} class="flip-rtl" /> },
    { id: 'attendance', label: t('session.tabAttendance'), icon: <ClipboardCheck size={ICON} /> },
    { id: 'note', label: t('session.tabNote'), icon: <NotebookPen size={ICON} /> },
    ...(group && backchannel
      ? [
          {
            id: 'coleader' as const,
            label: t('session.tabColeader'),
            icon: <MessagesSquare size={ICON} class="flip-rtl" />,
          },
        ]
      : []),
    { id: 'prompts', label: t('session.tabPrompts'), icon: <Lightbulb size={ICON} />, shortcut: 'P' },
    ...(safety
      ? [{ id: 'safety' as const, label: t('session.tabSafety'), icon: <ShieldCheck size={ICON} />, shortcut: 'E' }]
      : []),
  ];
  const [confirmEnd, setConfirmEnd] = useState(false);
  const [clicked, setClicked] = useState<{ id: string; focus: 'text' } | null>(null);
  const { markers, problem, setProblem } = useMarkers(api, session.id);
  const custom = useLive(() => api.live.categories(), []).value ?? [];
  // Stable, so the timeline's pins need not render again when the view does.
  const openPin = useCallback((m: Marker) => setClicked({ id: m.id, focus: 'text' }), []);
  // The timeline follows the list, after paint and at most once a second: each of its
  // renders moves every pin (the axis grows with the clock), which a burst of markers must not pay per marker.
  const pins = useThrottled(markers, TIMELINE_EVERY_MS);
  const timeline = useMemo(
    () => (
      <Timeline
        markers={pins}
        members={members}
        durationMs={sessionClockMs(session, Date.now())}
        custom={custom}
        onOpen={openPin}
      />
    ),
    [pins, members, custom, session, tab],
  );
  const paused = isPaused(session);
  const timelineText = (noteClass: NoteClass) =>
    owner
      ? timelineLines({ session, owner, members, markers, custom }, noteClass)
          .map((l) => `- ${l}`)
          .join('\n')
      : '';
  const head = (
    <div class="session-head" role="group" aria-label={t('session.group')}>
      <div class="row">
        <strong class="grow session-name">{owner?.name ?? t('session.group')}</strong>
        <Clock session={session} />
      </div>
      <div class="row">
        <Button onClick={() => void (paused ? api.session.resume(session.id) : api.session.pause(session.id))}>
          {paused ? t('session.resume') : t('session.pause')}
        </Button>
        {confirmEnd ? (
          <>
            <span class="quiet">{t('session.endQuestion')}</span>
            <Button variant="destructive" onClick={() => void api.session.end(session.id)}>
              {t('session.end')}
            </Button>
            <Button onClick={() => setConfirmEnd(false)}>{t('session.keepGoing')}</Button>
          </>
        ) : (
          <Button onClick={() => setConfirmEnd(true)}>{t('session.endEllipsis')}</Button>
        )}
      </div>
      {backchannel && (
        <SignalCue markers={markers} members={members} me={backchannel.me} sound={backchannel.signalSound} />
      )}
    </div>
  );
  return (
    <div class="session">
      <MarkerBar
        head={head}
        members={members}
        custom={custom}
        backSeconds={backSeconds}
        onMark={(m) => api.markers.add(session.id, m, session)}
      />
      {problem && (
        <p class="error" role="alert">
          {problem}{' '}
          <Button variant="link" onClick={() => setProblem('')}>
            {t('common.dismiss')}
          </Button>
        </p>
      )}
      <Tabs
        label={t('session.views')}
        items={tabs}
        value={tab}
        onChange={setTab}
        idPrefix="session-tab"
        panelId="session-tabpanel"
      />
      <div class="session-tabpanel" id="session-tabpanel" role="tabpanel" aria-labelledby={`session-tab-${tab}`}>
        {tab === 'markers' && (
          <>
            {timeline}
            <MarkerList
              markers={markers}
              members={members}
              custom={custom}
              me={backchannel?.me}
              open={openMarker ?? clicked}
              onOpened={() => {
                setClicked(null);
                onMarkerOpened?.();
              }}
              onUpdate={(m) => api.markers.update(m)}
              onRemove={(m) => void api.markers.remove(m)}
              onRestore={(m) => void api.markers.restore(m)}
            />
          </>
        )}
        {tab === 'attendance' && (
          <Attendance
            session={session}
            members={members}
            onChange={(mid, s) => void api.session.setAttendance(session.id, mid, s)}
          />
        )}
        {tab === 'note' && (
          <NoteEditor
            sessionId={session.id}
            defaultTemplate={session.ownerKind === 'group' ? 'group-process' : 'soap'}
            notes={api.notes}
            timelineText={timelineText}
          />
        )}
        {tab === 'coleader' && backchannel && group && (
          <CoLeaderTab backchannel={backchannel} session={session} members={members} />
        )}
        {tab === 'safety' && safety && (
          <SessionSafetyTab
            api={safety}
            session={session}
            people={group ? members : owner ? [{ id: owner.id, name: owner.name }] : []}
            emergencyOpen={emergencyOpen}
            onEmergencyClosed={() => setEmergencyOpen(false)}
            recordRisk={() => api.markers.add(session.id, { category: 'risk.crisis', text: '' })}
          />
        )}
        {tab === 'prompts' && (
          <PromptLibrary members={members} load={backchannel?.prompts} add={backchannel?.addPrompt} />
        )}
      </div>
      {call && !call.healthy && <p class="quiet degraded">{t('session.degraded')}</p>}
      {footer}
    </div>
  );
}
