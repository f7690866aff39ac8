import type { ComponentType, JSX } from 'preact';
import {
  GraduationCap,
  HardDriveDownload,
  History,
  ShieldCheck,
  StickyNote,
  Timer,
  Users,
  Handshake,
} from 'lucide-preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Session } from '../domain/types';
import type { BackchannelApi } from './backchannel/api';
import { DebriefView } from './backchannel/DebriefView';
import type { BackupApi } from './backup/BackupView';
import type { CoLeaderApi } from './coleader/api';
import type { HistoryApi } from './history/api';
import type { PracticeApi } from './practice/api';
import { RehearsalAsk } from './practice/RehearsalAsk';
import type { FirstRunApi } from './firstrun/api';
import { FirstRun } from './firstrun/FirstRun';
import { Button } from './common/Button';
import { Tabs, type TabItem } from './common/Tabs';
import { Header } from './Header';
import { CallStatus } from './home/CallStatus';
import { StartSession } from './home/StartSession';
import { RosterView } from './roster/RosterView';
import type { SafetyApi } from './safety/api';
import { ScratchNote } from './ScratchNote';
import type { CallInfo, SessionApi } from './session/api';
import { PresentingGuard } from './session/PresentingGuard';
import { SessionView } from './session/SessionView';
import { useLive } from './useLive';
import { onceRetrying } from '../util/once-retrying';
import { t } from '../util/i18n';
import { shownError } from '../util/user-error';

export interface ShellProps {
  api: SessionApi;
  coleaders: CoLeaderApi;
  backchannel: BackchannelApi;
  safety: SafetyApi;
  /** A shortcut asked for the emergency card. */
  emergency?: boolean;
  onEmergencyShown?: () => void;
  history: HistoryApi;
  backup: BackupApi;
  practice: PracticeApi;
  firstRun: FirstRunApi;
  scratch: { load(): Promise<string>; save(t: string): Promise<void>; keep?(t: string): void };
  call: CallInfo | null;
  guardEnabled: boolean;
  backSeconds: number;
  openMarker?: { id: string; focus: 'category' | 'member' } | null;
  onMarkerOpened?: () => void;
  onLock: () => void;
  /** The last Lock was refused: typed text could not be saved and is still on screen. */
  lockRefused?: boolean;
  /** Covers the panel with the privacy shade (the Cover button). */
  onShade?: () => void;
  /** Opens the settings page. */
  onOpenOptions?: () => void;
  managedBy?: string;
  /** A quiet line, e.g. what retention deleted. */
  notice?: string;
  /** Records changed outside Squircle since the last unlock: shown until the user says they have read it. */
  integrity?: { title: string; lines: string[]; advice: string; onAccept: () => void };
  /** A clinic may turn the co-leader channel off. */
  coleadersAllowed?: boolean;
}

/**
 * A view loaded the first time it is opened: its code is not part of what
 * the panel loads at unlock. A failed load says so and can be retried by
 * opening the view again.
 */
function lazyView<P extends object>(load: () => Promise<ComponentType<P>>): (props: P) => JSX.Element {
  const view = onceRetrying(load);
  return function LazyView(props: P): JSX.Element {
    const [View, setView] = useState<ComponentType<P> | undefined>(() => view.value);
    const [error, setError] = useState('');
    useEffect(() => {
      if (View) return;
      let live = true;
      view().then(
        (c) => live && setView(() => c),
        (e: Error) => live && setError(shownError(e)),
      );
      return () => void (live = false);
    }, []);
    if (error)
      return (
        <p class="error" role="alert">
          {t('panel.viewFailed', { error })}
        </p>
      );
    return View ? <View {...props} /> : <p class="quiet">{t('common.opening')}</p>;
  };
}

// Opened now and then, not during a session.
const SafetyView = lazyView(() => import('./safety/SafetyView').then((m) => m.SafetyView));
const CoLeadersView = lazyView(() => import('./coleader/CoLeadersView').then((m) => m.CoLeadersView));
const HistoryView = lazyView(() => import('./history/HistoryView').then((m) => m.HistoryView));
const BackupView = lazyView(() => import('./backup/BackupView').then((m) => m.BackupView));
const PracticeView = lazyView(() => import('./practice/PracticeView').then((m) => m.PracticeView));

type View = 'home' | 'roster' | 'coleaders' | 'safety' | 'history' | 'backup' | 'scratch' | 'practice';
const ICON = 18;
/** The views in order; their labels are read in the current language when the panel renders. */
const views = (): TabItem<View>[] => [
  { id: 'home', label: t('nav.session'), icon: <Timer size={ICON} /> },
  { id: 'roster', label: t('nav.roster'), icon: <Users size={ICON} /> },
  { id: 'coleaders', label: t('nav.coleaders'), icon: <Handshake size={ICON} /> },
  { id: 'safety', label: t('nav.safety'), icon: <ShieldCheck size={ICON} /> },
  { id: 'history', label: t('nav.history'), icon: <History size={ICON} /> },
  { id: 'scratch', label: t('nav.scratch'), icon: <StickyNote size={ICON} /> },
  { id: 'backup', label: t('nav.backup'), icon: <HardDriveDownload size={ICON} /> },
  { id: 'practice', label: t('nav.practice'), icon: <GraduationCap size={ICON} /> },
];

/** The unlocked panel: a session when one runs, everything else one tab away. */
export function PanelShell(p: ShellProps): JSX.Element {
  const [view, setView] = useState<View>('home');
  useEffect(() => {
    if (p.openMarker || p.emergency) setView('home');
  }, [p.openMarker?.id, p.emergency]);
  const active = useLive(() => p.api.live.activeSession(), []).value;
  const groups = useLive(() => p.api.live.groups(), []).value ?? [];
  const clients = useLive(() => p.api.live.clients(), []).value ?? [];
  const members =
    useLive(() => p.api.live.members(active?.ownerKind === 'group' ? active.ownerId : ''), [active?.ownerId]).value ??
    [];
  // The emergency card belongs to a running session; without one the request lapses.
  useEffect(() => {
    if (p.emergency && active === null) p.onEmergencyShown?.();
  }, [p.emergency, active]);
  // The session that just ended here or on the co-leader's side: its debrief shows until dismissed.
  const [ended, setEnded] = useState<Session | null>(null);
  const prev = useRef<Session | null | undefined>(undefined);
  useEffect(() => {
    if (prev.current && !active && prev.current.ownerKind === 'group') setEnded(prev.current);
    if (active) setEnded(null);
    prev.current = active;
  }, [active?.id ?? null]);
  const firstRun = useLive(() => p.firstRun.state(), []).value;
  const guide = firstRun?.show && (
    <FirstRun
      api={p.firstRun}
      state={firstRun}
      call={p.call}
      active={active}
      markersOf={p.api.live.markers}
      startSample={async () => void (await p.api.session.start('group', firstRun.sampleGroupId!, p.call))}
    />
  );
  const owner = active
    ? active.ownerKind === 'group'
      ? groups.find((g) => g.id === active.ownerId)
      : clients.find((c) => c.id === active.ownerId)
    : undefined;
  return (
    <>
      <Header onLock={p.onLock} onShade={p.onShade} onOpenOptions={p.onOpenOptions} />
      {p.lockRefused && (
        <p class="error" role="alert" data-lock-refused>
          {t('header.lockRefused')}
        </p>
      )}
      {p.managedBy && (
        <p class="quiet managed" data-managed-by>
          {t('panel.managedBy', { clinic: p.managedBy })}
        </p>
      )}
      {p.integrity && (
        <section class="card" role="alert" aria-labelledby="integrity-title" data-integrity-alert>
          <h2 id="integrity-title">{p.integrity.title}</h2>
          <ul>
            {p.integrity.lines.map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          <p>{p.integrity.advice}</p>
          <button type="button" onClick={p.integrity.onAccept}>
            {t('panel.integrityRead')}
          </button>
        </section>
      )}
      {p.notice && (
        <p class="quiet" role="status" data-retention-notice>
          {p.notice}
        </p>
      )}
      <Tabs
        mode="nav"
        label={t('panel.label')}
        items={views().filter((v) => v.id !== 'coleaders' || p.coleadersAllowed !== false)}
        value={view}
        onChange={setView}
      />
      {view !== 'practice' && p.practice.rehearse && (
        <RehearsalAsk api={p.practice.rehearse} onOpen={() => setView('practice')} />
      )}
      <PresentingGuard presenting={p.guardEnabled && !!p.call?.presenting}>
        {view === 'home' && (
          <>
            {!active && guide}
            <CallStatus call={p.call} />
            {active ? (
              <SessionView
                api={p.api}
                session={active}
                owner={owner}
                members={members.filter((m) => !m.archived)}
                call={p.call}
                backSeconds={p.backSeconds}
                openMarker={p.openMarker}
                onMarkerOpened={p.onMarkerOpened}
                backchannel={p.backchannel}
                safety={p.safety}
                emergency={p.emergency}
                onEmergencyShown={p.onEmergencyShown}
                // During the session the guide comes after it: Mark stays the first thing in the panel.
                footer={guide}
              />
            ) : (
              <>
                {ended && (
                  <>
                    <DebriefView
                      live={() => p.backchannel.debrief(ended.id)}
                      addToNote={async (text) =>
                        void (await p.api.notes.save(ended.id, 'group-process', { coleaders: text }))
                      }
                    />
                    <Button variant="ghost" onClick={() => setEnded(null)}>
                      {t('panel.closeDebrief')}
                    </Button>
                  </>
                )}
                <StartSession
                  api={p.api}
                  groups={groups}
                  clients={clients}
                  call={p.call}
                  onAddPeople={() => setView('roster')}
                />
              </>
            )}
          </>
        )}
        {view === 'roster' && <RosterView api={p.api} />}
        {view === 'safety' && <SafetyView safety={p.safety} api={p.api} groups={groups} />}
        {view === 'coleaders' && <CoLeadersView api={p.coleaders} groups={groups} backchannel={p.backchannel} />}
        {view === 'history' && <HistoryView api={p.history} notes={p.api.notes} />}
        {view === 'scratch' && <ScratchNote load={p.scratch.load} save={p.scratch.save} keep={p.scratch.keep} />}
        {view === 'backup' && <BackupView api={p.backup} />}
        {view === 'practice' && <PracticeView api={p.practice} />}
      </PresentingGuard>
    </>
  );
}
