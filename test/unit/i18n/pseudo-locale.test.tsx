// Views rendered in the pseudo-locale (test/support/pseudo.ts): every word they show, and every label a screen
// reader reads, comes from a message file; what does not is text still written in a component's own code.
import { h, render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { BrokerSignIn } from '../../../components/coleader/BrokerSignIn';
import { InviteBox } from '../../../components/coleader/InviteBox';
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
import { useMessages } from '../../../util/i18n';
import { builtMessages } from '../../support/messages';
import { pseudoMessage, pseudoMessages, unextracted } from '../../support/pseudo';
import { useTestDom } from '../components/dom';

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
