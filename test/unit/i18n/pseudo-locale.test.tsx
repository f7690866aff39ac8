// Views rendered in the pseudo-locale (test/support/pseudo.ts): every word they show, and every label a screen
// reader reads, comes from a message file; what does not is text still written in a component's own code.
import { h, render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrokerSignIn } from '../../../components/coleader/BrokerSignIn';
import { InviteBox } from '../../../components/coleader/InviteBox';
import { PromptLibrary } from '../../../components/backchannel/PromptLibrary';
import { JoinForm } from '../../../components/coleader/JoinForm';
import { CallStatus } from '../../../components/home/CallStatus';
import { CallHosts } from '../../../components/options/CallHosts';
import { GcqWording } from '../../../components/options/GcqWording';
import { GroupForm } from '../../../components/roster/GroupForm';
import { PersonForm } from '../../../components/roster/PersonForm';
import { EmergencyCard } from '../../../components/safety/EmergencyCard';
import { LeaderProfileEditor } from '../../../components/safety/LeaderProfileEditor';
import { MeasureForm } from '../../../components/safety/MeasureForm';
import { MemberSafetyEditor } from '../../../components/safety/MemberSafetyEditor';
import { PreSessionChecklist } from '../../../components/safety/PreSessionChecklist';
import { ScreeningFormView } from '../../../components/safety/ScreeningFormView';
import { TrendChart } from '../../../components/safety/TrendChart';
import type { ChecklistResult } from '../../../domain/checklist';
import { defaultGcqConfig } from '../../../domain/gcq';
import { emptyLeaderProfile, emptySafety } from '../../../domain/safety';
import { deriveRecommendation, emptyAnswers } from '../../../domain/screening';
import { HistoryView } from '../../../components/history/HistoryView';
import { MemberPage } from '../../../components/history/MemberPage';
import { SignedNote } from '../../../components/history/SignedNote';
import type { MemberPageApi } from '../../../components/history/member-api';
import { amendNote, checkCosigns, checkSeals, cosignNote, signNote } from '../../../crypto/note-signature';
import { newSigningKeyPair } from '../../../crypto/strict';
import { memberHistory } from '../../../domain/member-history';
import type { NoteTemplate } from '../../../domain/templates';
import type { Note } from '../../../domain/types';
import { join } from 'node:path';
import { useMessages } from '../../../util/i18n';
import { momentDate } from '../../../domain/clock';
import { groupSession, member } from '../domain/builders';
import { builtMessages } from '../../support/messages';
import { pseudoMessage, pseudoMessages, unextracted } from '../../support/pseudo';
import { useTestDom } from '../components/dom';
import { CoLeadersView } from '../../../components/coleader/CoLeadersView';
import type { CoLeaderApi, GroupChannelInfo } from '../../../components/coleader/api';
import { WhereWeMeet } from '../../../components/coleader/WhereWeMeet';
import type { BackchannelApi } from '../../../components/backchannel/api';
import { FirstRun } from '../../../components/firstrun/FirstRun';
import { HelpView } from '../../../components/help/HelpView';
import { PracticeView } from '../../../components/practice/PracticeView';
import type { PracticeDebrief } from '../../../domain/practice';
import type { PracticeRunInfo } from '../../../components/practice/api';
import type { Group } from '../../../domain/types';
import type { Live } from '../../../components/useLive';

const dom = useTestDom();
const pseudo = pseudoMessages(await builtMessages('en'));
beforeEach(() => useMessages('en', pseudo));

const noop = async () => undefined;
/** What the test itself puts on the page: names, places, platform labels, hosts. */
const DATA = ['Ana', 'Garden flat', 'Zoom', 'Google Meet', 'meet.clinic.example', 'Praxis Nord', 'NY', 'Israel'];
const SHOWN_ATTRIBUTES = ['aria-label', 'aria-description', 'title', 'placeholder', 'alt', 'label'];

/**
 * The words on the page, and in each label a screen reader reads, that came from no message file. The page's
 * text is taken whole: a message can hold markup (a name in <bdi>) and so span several text nodes.
 */
function leftovers(root: Element, data: readonly string[]): string[] {
  const found: string[] = [];
  const text = unextracted(root.textContent ?? '', data);
  if (text) found.push(`text: ${text}`);
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const a of SHOWN_ATTRIBUTES) {
      const v = el.getAttribute(a);
      const left = v && unextracted(v, data);
      if (left) found.push(`${a} of <${el.tagName.toLowerCase()}>: ${left}`);
    }
  }
  return found;
}

/** A screening with a reason against meeting online: the reasons are words of the domain, read from the files. */
const answers = { ...emptyAnswers(), notOnline: { acuteCrisis: 'yes' as const } };

const checklist: ChecklistResult = {
  id: 's',
  ownerId: 'g',
  members: [
    {
      memberId: 'm1',
      locationConfirmed: false,
      lastKnownLocation: 'Garden flat',
      consentOnFile: false,
      jurisdiction: { ok: false, problem: 'notLicensedCompact', region: 'NY', ruleId: 'US' },
    },
  ],
  session: { platformApproved: true, recordingOff: false, leadersInPrivateRoom: false },
  readAloud: false,
  updatedAt: 1,
};

const VIEWS: [string, () => ComponentChild][] = [
  ['say-aloud prompts, for a member', () => h(PromptLibrary, { members: [member('m1', 'Ana')] })],
  [
    'member safety record',
    () =>
      h(MemberSafetyEditor, {
        memberName: 'Ana',
        record: emptySafety('m1', 'g'),
        onSave: noop,
        onDone: () => undefined,
      }),
  ],
  [
    'leader profile',
    () =>
      h(LeaderProfileEditor, {
        profile: emptyLeaderProfile(),
        platforms: [{ code: 'zoom', label: 'Zoom' }],
        onSave: noop,
      }),
  ],
  [
    'screening',
    () =>
      h(ScreeningFormView, {
        memberName: 'Ana',
        form: {
          id: 'f',
          memberId: 'm1',
          answers,
          derived: deriveRecommendation(answers),
          confirmed: false,
          notes: '',
          screenedAt: 1,
          updatedAt: 1,
        },
        onSave: noop,
      }),
  ],
  [
    'checklist',
    () =>
      h(PreSessionChecklist, {
        checklist,
        names: { m1: 'Ana' },
        reminders: [],
        onConfirmLocation: () => undefined,
        onChange: () => undefined,
        onEmergency: () => undefined,
      }),
  ],
  [
    'emergency card',
    () =>
      h(EmergencyCard, {
        members: [
          { id: 'm1', name: 'Ana', safety: { ...emptySafety('m1', 'g'), region: 'Israel' }, locationConfirmed: false },
        ],
        onClose: () => undefined,
        onRecordRisk: noop,
      }),
  ],
  [
    'climate rating',
    () =>
      h(MeasureForm, {
        config: defaultGcqConfig(),
        members: [{ id: 'm1', name: 'Ana' }],
        onSave: noop,
        onOpenSettings: () => undefined,
      }),
  ],
  ['climate chart, empty', () => h(TrendChart, { groupName: 'Ana', points: [] })],
  ['group form', () => h(GroupForm, { onSave: noop, onDone: () => undefined })],
  [
    'person form',
    () => h(PersonForm, { idPrefix: 'p', label: pseudoMessage('Name'), onSave: noop, onDone: () => undefined }),
  ],
  ['call status, no call', () => h(CallStatus, { call: null })],
  ['invite', () => h(InviteBox, { invite: async () => ({ text: 'x', code: '123456' }) })],
  ['join', () => h(JoinForm, { join: noop })],
  [
    'broker sign-in',
    () =>
      h(BrokerSignIn, {
        api: {
          brokerAccounts: async () => ({ saved: [], clinicHosts: [] }),
          saveBrokerAccount: noop,
          forgetBrokerAccount: noop,
        },
        refusedHost: 'meet.clinic.example',
      }),
  ],
  [
    'call servers',
    () =>
      h(CallHosts, {
        clinicHosts: [],
        ownHosts: ['meet.clinic.example'],
        granted: new Set<string>(),
        clinic: 'Praxis Nord',
        platformsAllowed: false,
        allow: async () => true,
        saveOwn: noop,
      }),
  ],
  ['GCQ wording', () => h(GcqWording, { value: [], locked: false, clinic: 'Praxis Nord', save: noop })],
];

/** Four weekly sessions: Ana missed three, so her page raises the flag. */
const WEEK = 7 * 24 * 3_600_000;
const sessions = (['absent', 'present', 'absent', 'absent'] as const).map((st, i) =>
  groupSession({ id: `s${i}`, startedAt: Date.UTC(2026, 0, 6, 18) + i * WEEK, attendance: { m1: st } }),
);
const members: MemberPageApi = {
  members: async () => [member('m1', 'Ana')],
  load: async () => ({
    member: member('m1', 'Ana'),
    groupName: 'Garden flat',
    history: memberHistory('m1', sessions, []),
    screenings: [],
    safety: { ...emptySafety('m1', 'g'), consentDate: Date.UTC(2026, 0, 2) },
    measures: [],
  }),
  dismissFlag: noop,
};
/** A note signed, amended and co-signed with real keys: its record shows each signature as holding. */
const template: NoteTemplate = {
  id: 'soap',
  label: pseudoMessage('Progress note'),
  noteClass: 'progress',
  fields: [{ id: 'plan', label: pseudoMessage('Plan'), help: '' }],
};
const draft: Note = {
  id: 'n1',
  sessionId: 's3',
  memberId: 'm1',
  template: 'soap',
  noteClass: 'progress',
  fields: { plan: 'Call on Monday' },
  updatedAt: 0,
};
const [me, coleader] = [newSigningKeyPair(), newSigningKeyPair()];
const signedOnce: Note = { ...draft, signed: signNote(draft, me, 'Ana', 1) };
const amendedOnce: Note = {
  ...signedOnce,
  amendments: [amendNote(signedOnce, { plan: 'Call on Tuesday' }, 'Wrong day', me, 'Ana', 2)],
};
const record: Note = { ...amendedOnce, cosigns: [cosignNote(amendedOnce, coleader, 'Ben', 3)] };

/** Lets a view's data, read through promises, arrive (the test DOM's timers are fake; microtasks are not). */
const settle = async () => {
  for (let i = 0; i < 10; i++) await act(() => Promise.resolve());
};

const HISTORY_VIEWS: [string, () => ComponentChild][] = [
  [
    'history, two groups, with a member chooser',
    () =>
      h(HistoryView, {
        api: {
          sessions: async () => [
            { id: 's1', ownerKind: 'group' as const, ownerId: 'g', ownerName: 'Ana', startedAt: 1, endedAt: null },
            { id: 's2', ownerKind: 'client' as const, ownerId: 'c', ownerName: 'Ben', startedAt: 2, endedAt: 3 },
          ],
          markerCounts: async () => new Map([['s1', 2]]),
          warm: () => undefined,
          search: async () => [],
          detail: () => Promise.reject(new Error('not opened here')),
          exportAllowed: true,
          perMemberExportAllowed: true,
          openPrint: () => undefined,
          members,
        },
      }),
  ],
  [
    'member page, with the flag for missed sessions',
    () => h(MemberPage, { api: members, memberId: 'm1', onBack: noop }),
  ],
  [
    'a signed, amended and co-signed note',
    () =>
      h(SignedNote, {
        api: {
          sign: () => Promise.reject(new Error('not signed here')),
          amend: () => Promise.reject(new Error('not amended here')),
          cosign: () => Promise.reject(new Error('not co-signed here')),
          check: async (n) => checkSeals(n).map((seal) => ({ seal, mine: seal.seal.by === signedOnce.signed!.by })),
          checkCosigns: async (n) => checkCosigns(n).map((check) => ({ check, mine: false })),
        },
        note: record,
        template,
        onAmended: () => undefined,
      }),
  ],
];

describe('the pseudo-locale', () => {
  it('accents every letter, keeps placeholders and plural forms, and is about 30 % longer', () => {
    const m = pseudoMessage('Delete {name} and $1 markers | one');
    expect(m).toContain('{name}');
    expect(m).toContain('$1');
    expect(m.split(' | ')).toHaveLength(2);
    expect(m.replace('{name}', '')).not.toMatch(/[A-Za-z]{2}/);
    const plain = 'Show the words to read aloud';
    expect(pseudoMessage(plain).length).toBeGreaterThanOrEqual(Math.round(plain.length * 1.3));
  });

  it('finds text that came from no message file', () => {
    expect(unextracted(`${pseudoMessage('Channel {state}').replace('{state}', pseudoMessage('connected'))}`)).toBe(
      undefined,
    );
    expect(unextracted(`${pseudoMessage('Location: {x}').replace('{x}', 'Ana')}`, ['Ana'])).toBe(undefined);
    expect(unextracted(`${pseudoMessage('Save')} Cancel`)).toBe('Cancel');
  });

  it.each(VIEWS)('%s shows only text from the message files', async (_, view) => {
    await act(() => render(view(), dom.root));
    expect(leftovers(dom.root, DATA)).toEqual([]);
  });
});

/** A live value that answers at once. */
const live = <T,>(v: T): Live<T> => ({ subscribe: (o) => (o.next(v), { unsubscribe: () => undefined }) });

/** A channel in every state the Co-leaders view words: blocked, refused by policy, two co-leaders, diagnostics. */
const channel = (state: GroupChannelInfo['status']['state'], brokerUrl: string): GroupChannelInfo => ({
  channelId: 'c',
  brokerHost: '127.0.0.1',
  brokerUrl,
  topicPrefix: 'sq/c1',
  joinTopicPrefix: 'sq/j1',
  me: '11112222',
  status: { state, waiting: 0, presence: { '33334444': 'here' } },
  coLeaders: [
    { deviceId: '33334444', safetyNumber: '12345 67890', verified: false, invitedMe: true },
    { deviceId: '55556666', safetyNumber: '12345 67890', verified: true, invitedMe: false },
  ],
  blocked: { deviceId: '33334444', safetyNumber: '12345 67890' },
  canRemove: true,
  removedHere: true,
  notAllowed: 'Praxis Nord',
  diagnostics: [{ reason: 'replay', count: 2 }],
});
const groups = (['forbidden', 'refused', 'unreachable', 'connected'] as const).map((state, i): Group => ({
  id: state,
  name: `Ana ${i}`,
  kind: 'closed',
  schedule: '',
  coLeaders: [],
  archived: false,
  createdAt: 1,
  updatedAt: 1,
}));
const coLeaderApi: CoLeaderApi = {
  forGroup: async (id) =>
    channel(id as GroupChannelInfo['status']['state'], id === 'connected' ? 'ws://127.0.0.1:1/' : 'wss://127.0.0.1:1/'),
  invite: async () => ({ text: 'x', code: '123456' }),
  join: noop,
  verify: noop,
  remove: noop,
  resetKeys: noop,
  brokerAccounts: async () => ({ saved: [], clinicHosts: [] }),
  saveBrokerAccount: noop,
  forgetBrokerAccount: noop,
  meetingPlace: async () => ({ brokerUrl: 'ws://127.0.0.1:18830/', locked: false }),
  setMeetingPlace: noop,
  onChange: () => () => undefined,
};
/** The mode picker (components/backchannel) is left without modes: its labels are domain text not extracted yet. */
const backchannel = { mode: () => new Promise(() => undefined), choices: () => [] } as unknown as BackchannelApi;

const debrief: PracticeDebrief = {
  id: 'r1',
  scenarioId: 's',
  title: 'Ana',
  speed: 2,
  startedAt: 1,
  moments: [
    ['a', true, true, false],
    ['b', false, true, false],
    ['c', false, false, true],
    ['d', false, false, false],
  ].map(([id, noticed, namedAloud, markedWithoutKind]) => ({
    id: id as string,
    what: 'Ana',
    why: 'Ana',
    noticed: noticed as boolean,
    afterSeconds: noticed ? 2.5 : null,
    namedAloud: namedAloud as boolean,
    markedWithoutKind: markedWithoutKind as boolean,
    counts: ['body', 'presence'],
  })),
  noticed: 1,
  namedAloud: 2,
  meanSeconds: 2.5,
};
const firstRunApi = {
  state: () => live({ show: true }),
  addSample: async () => 'g',
  removeSample: noop,
  openPracticeCall: () => undefined,
  openHelp: () => undefined,
  close: noop,
};
const firstRun = (sampleGroupId: string | undefined, markers: number) =>
  h(FirstRun, {
    api: firstRunApi,
    state: { show: true, sampleGroupId },
    call: null,
    active: markers < 0 ? null : ({ id: 's' } as never),
    markersOf: () => live(Array.from({ length: Math.max(0, markers) }, () => ({}) as never)),
    startSample: noop,
  });

/** Views that fetch what they show: rendered, then given a moment for their answers to arrive. */
const FETCHING_VIEWS: [string, () => ComponentChild][] = [
  ['co-leaders, every channel state', () => h(CoLeadersView, { api: coLeaderApi, groups, backchannel })],
  ['where we meet', () => h(WhereWeMeet, { api: coLeaderApi })],
  ['first run, first step', () => firstRun(undefined, -1)],
  ['first run, marking', () => firstRun('g', 0)],
  ['first run, done', () => firstRun('g', 1)],
  ['help', () => h(HelpView, { showGuide: noop, openPracticeCall: () => undefined })],
  [
    'practice, playing, with a debrief',
    () =>
      h(PracticeView, {
        api: {
          run: () =>
            live<PracticeRunInfo | null>({ id: 'r2', title: 'Ana', speed: 2, startedAt: 1, endsAt: 2, over: false }),
          debriefs: () => live([debrief]),
          debrief: async () => debrief,
          remove: noop,
          openCall: () => undefined,
          openHelp: () => undefined,
        },
      }),
  ],
];

describe('the pseudo-locale, in views that fetch what they show', () => {
  it.each(FETCHING_VIEWS)('%s shows only text from the message files', async (_, view) => {
    await act(() => render(view(), dom.root));
    // Their effects ask once rendered; the answers arrive, and render, in a second turn.
    await act(async () => void (await vi.advanceTimersByTimeAsync(10)));
    expect(dom.root.textContent).toMatch(/\S/);
    expect(
      leftovers(dom.root, [...DATA, 'ws://127.0.0.1:18830/', 'wss://127.0.0.1:1/', 'sq/c1', 'sq/j1', 'replay']),
    ).toEqual([]);
  });

  it.each(HISTORY_VIEWS)('%s shows only text from the message files, once loaded', async (_, view) => {
    await act(() => render(view(), dom.root));
    await settle();
    expect(dom.root.textContent).not.toBe('');
    expect(dom.root.querySelector('[role="alert"]')).toBeNull();
    // The times of the signatures (1, 2 and 3 ms after 1970) are data, in the page's language and the machine's zone.
    const times = [1, 2, 3].map((at) => momentDate(at));
    const data = [...DATA, ...times, 'Ben', 'Call on Monday', 'Call on Tuesday', 'Wrong day'];
    expect(leftovers(dom.root, data)).toEqual([]);
  });

  it('a signed note holds in any language: signing covers what was written, not the words around it', async () => {
    await act(() => render(HISTORY_VIEWS[2]![1](), dom.root));
    await settle();
    expect(checkSeals(record).map((c) => c.valid)).toEqual([true, true]);
    expect(dom.root.querySelectorAll('.badge')).toHaveLength(3);
    expect(dom.root.querySelector('.badge-warn')).toBeNull();
    expect(dom.root.querySelector('[data-signature-broken]')).toBeNull();
  });
});

describe('the pseudo-locale, on the practice call', () => {
  it('the scenario controls show only text from the message files and the scenario files', async () => {
    const g = globalThis as unknown as Record<string, unknown>;
    const saved = g.Option;
    // linkedom has no Option constructor; this one builds the same element.
    g.Option = function (text: string, value: string) {
      const o = dom.doc.createElement('option');
      o.textContent = text;
      o.value = value;
      return o;
    };
    try {
      const { mountPlayer } = await import('../../../entrypoints/practice/player');
      const { SCENARIOS } = await import('../../../scenarios');
      mountPlayer(dom.root);
      await act(async () => void (await vi.advanceTimersByTimeAsync(10)));
      expect(dom.root.querySelectorAll('#scenario option')).toHaveLength(SCENARIOS.length);
      const data = SCENARIOS.flatMap((s) => [s.title, s.summary]);
      expect(leftovers(dom.root, data)).toEqual([]);
    } finally {
      g.Option = saved;
    }
  });

  it('the call’s own words too; what the call watcher reads stays in Meet’s English', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseHTML } = await import('linkedom');
    const { translateCall } = await import('../../../entrypoints/practice/call-words');
    const html = readFileSync(join(import.meta.dirname, '../../../demo/index.html'), 'utf8');
    const { document } = parseHTML(html);
    translateCall(document as unknown as Document);
    const body = document.body as unknown as Element;
    // The names on the tiles, the icon ligatures and the labels the Meet reading matches are the call's, not ours.
    const watched = ['Participant: You', 'You', 'Present now', 'Leave call', 'present_to_all', 'call_end'];
    for (const script of Array.from(body.querySelectorAll('script'))) script.remove();
    expect(leftovers(body, watched)).toEqual([]);
    expect(document.title).toBe(pseudoMessage('Practice call · Squircle'));
    expect(body.querySelector('#present')?.getAttribute('aria-label')).toBe('Present now');
  });
});
