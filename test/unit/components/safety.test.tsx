// The safety components rendered into linkedom: fields that can hold clinical
// text never autocomplete, every control has a label, the chart has a text
// alternative and a table view. Behaviour in a real browser is for e2e.
import { h, render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { EmergencyCard } from '../../../components/safety/EmergencyCard';
import { LeaderProfileEditor } from '../../../components/safety/LeaderProfileEditor';
import { MeasureForm } from '../../../components/safety/MeasureForm';
import { MemberSafetyEditor } from '../../../components/safety/MemberSafetyEditor';
import { PreSessionChecklist } from '../../../components/safety/PreSessionChecklist';
import { ScreeningFormView } from '../../../components/safety/ScreeningFormView';
import { TrendChart } from '../../../components/safety/TrendChart';
import { privatePlaceText, type ChecklistResult } from '../../../domain/checklist';
import { defaultGcqConfig, gcqConfigFrom } from '../../../domain/gcq';
import { emptyLeaderProfile, emptySafety } from '../../../domain/safety';
import { deriveRecommendation, emptyAnswers } from '../../../domain/screening';
import { useTestDom } from './dom';
import { useMessages } from '../../../util/i18n';
import { builtMessages } from '../../support/messages';

const dom = useTestDom();

const mount = (c: ComponentChild) => act(() => render(c, dom.root));
const noop = async () => undefined;

/** Every text field has autocomplete=off; every control has a name a screen reader can read. */
function checkFields() {
  const doc = dom.root.ownerDocument;
  for (const el of Array.from(dom.root.querySelectorAll('input, textarea, select'))) {
    const type = el.getAttribute('type') ?? 'text';
    if (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && ['text', 'date'].includes(type))) {
      expect(el.getAttribute('autocomplete'), el.outerHTML).toBe('off');
    }
    const id = el.getAttribute('id');
    const labelled =
      !!el.getAttribute('aria-label') || !!el.closest('label') || (!!id && !!doc.querySelector(`label[for="${id}"]`));
    expect(labelled, el.outerHTML).toBe(true);
  }
}

const checklist: ChecklistResult = {
  id: 's',
  ownerId: 'g',
  members: [
    {
      memberId: 'm1',
      locationConfirmed: false,
      lastKnownLocation: 'Garden flat',
      consentOnFile: true,
      jurisdiction: { ok: false, warning: 'You are not recorded as licensed in NY.' },
    },
  ],
  session: { platformApproved: true, recordingOff: false, leadersInPrivateRoom: false },
  readAloud: false,
  updatedAt: 1,
};

describe('safety components', () => {
  it('member safety record and leader profile: labelled, no autocomplete', () => {
    mount(h(MemberSafetyEditor, { memberName: 'Ana', record: emptySafety('m1', 'g'), onSave: noop }));
    checkFields();
    expect(dom.root.querySelectorAll('textarea').length).toBe(2);
    mount(
      h(LeaderProfileEditor, {
        profile: emptyLeaderProfile(),
        platforms: [{ code: 'zoom', label: 'Zoom' }],
        onSave: noop,
      }),
    );
    checkFields();
  });

  it('screening shows the suggestion and its reasons', () => {
    const answers = { ...emptyAnswers(), notOnline: { acuteCrisis: 'yes' as const } };
    const form = {
      id: 'f',
      memberId: 'm1',
      answers,
      derived: deriveRecommendation(answers),
      confirmed: false,
      notes: '',
      screenedAt: 1,
      updatedAt: 1,
    };
    mount(h(ScreeningFormView, { memberName: 'Ana', form, onSave: noop }));
    checkFields();
    expect(dom.root.querySelector('[data-recommendation]')?.getAttribute('data-recommendation')).toBe(
      'not-suitable-online',
    );
    expect(dom.root.textContent).toContain('acute crisis');
  });

  it('checklist: last known location beside the tick, licence warning shown, read-aloud text on demand', () => {
    const taps: [string, boolean][] = [];
    mount(
      h(PreSessionChecklist, {
        checklist,
        names: { m1: 'Ana' },
        reminders: [],
        onConfirmLocation: (id, ok) => taps.push([id, ok]),
        onChange: () => undefined,
      }),
    );
    checkFields();
    expect(dom.root.textContent).toContain('Last known: Garden flat');
    expect(dom.root.querySelector('[data-jurisdiction-warning]')?.textContent).toContain('NY');
    expect(dom.root.textContent).not.toContain(privatePlaceText());
    act(() => (dom.root.querySelector('button[aria-controls="checklist-read-aloud"]') as HTMLButtonElement).click());
    expect(dom.root.textContent).toContain(privatePlaceText());
  });

  it('emergency card lists location and contact', () => {
    mount(
      h(EmergencyCard, {
        members: [
          {
            id: 'm1',
            name: 'Ana',
            safety: { ...emptySafety('m1', 'g'), location: 'Garden flat', emergencyContact: 'Brother 555' },
          },
        ],
        onClose: () => undefined,
      }),
    );
    expect(dom.root.textContent).toContain('Garden flat');
    expect(dom.root.textContent).toContain('Brother 555');
    // No region on record: no number is guessed.
    expect(dom.root.querySelector('[data-emergency-number]')).toBeNull();
  });

  it('emergency card and checklist name the number to call where the member is, from the jurisdiction table', () => {
    const safety = { ...emptySafety('m1', 'g'), location: 'Haifa', region: 'Israel' };
    mount(h(EmergencyCard, { members: [{ id: 'm1', name: 'Ana', safety }], onClose: () => undefined }));
    expect(dom.root.querySelector('[data-emergency-number]')?.textContent).toBe(
      'Emergency number there: 101; crisis line 1201 (Israel)',
    );
    const inGermany: ChecklistResult = {
      ...checklist,
      members: [{ ...checklist.members[0]!, jurisdiction: { ok: true, basis: 'licence', ruleId: 'EU' } }],
    };
    mount(
      h(PreSessionChecklist, {
        checklist: inGermany,
        names: { m1: 'Ana' },
        reminders: [],
        onConfirmLocation: () => undefined,
        onChange: () => undefined,
      }),
    );
    expect(dom.root.querySelector('[data-jurisdiction-rule="EU"]')?.textContent).toMatch(
      /^European Union: emergency 112\. A lawful basis for health data under GDPR Article 9/,
    );
    // And how long records are kept there by default.
    expect(dom.root.querySelector('[data-jurisdiction-records]')?.textContent).toBe(
      'Records: Set by each member state; ten years after treatment in Germany (BGB section 630f), for example. ' +
        'Check yours.',
    );
  });

  it('measure form: placeholder items, labelled ratings', () => {
    mount(h(MeasureForm, { config: defaultGcqConfig(), members: [{ id: 'm1', name: 'Ana' }], onSave: noop }));
    checkFields();
    expect(dom.root.querySelectorAll('select').length).toBe(1 + 12 + 3);
    expect(dom.root.textContent).toContain('Item 12');
    expect(dom.root.querySelector('[data-gcq-wording]')?.textContent).toContain("yours or your clinic's to enter");
    // Without a way to open Settings there is no link; with one, the link opens it.
    expect(dom.root.querySelector('[data-gcq-wording] button')).toBeNull();
    let opened = 0;
    mount(
      h(MeasureForm, {
        config: defaultGcqConfig(),
        members: [],
        onSave: noop,
        onOpenSettings: () => void opened++,
      }),
    );
    const link = dom.root.querySelector('[data-gcq-wording] button') as HTMLButtonElement;
    expect(link.textContent).toBe('Enter the wording in Settings');
    act(() => link.click());
    expect(opened).toBe(1);
  });

  it('the wording entered in settings becomes the items; anything but 12 leaves the numbers', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => `Wording ${i + 1}`);
    expect(gcqConfigFrom(twelve).itemLabels).toEqual(twelve);
    expect(gcqConfigFrom([]).itemLabels[0]).toBe('Item 1');
    expect(gcqConfigFrom(twelve.slice(0, 11)).itemLabels[10]).toBe('Item 11');
  });

  it("measure form: the clinic's own item wording, and no note about entering it", () => {
    const config = {
      ...defaultGcqConfig(),
      itemLabels: Array.from({ length: 12 }, (_, i) => `Clinic wording ${i + 1}`),
    };
    mount(h(MeasureForm, { config, members: [], onSave: noop }));
    expect(dom.root.querySelector('label[for="gcq-3"]')?.textContent).toBe('3. Clinic wording 3');
    expect(dom.root.querySelector('[data-gcq-wording]')).toBeNull();
  });

  it('trend chart: an image with a text alternative, and a table of the same numbers', () => {
    const p = (sessionId: string, at: number, engaged: number) => ({
      sessionId,
      at,
      n: 1,
      engaged,
      avoiding: 1,
      conflict: 2,
      goal: null,
      task: null,
      bond: null,
    });
    mount(
      h(TrendChart, {
        groupName: 'Tuesday group',
        points: [p('a', Date.UTC(2025, 0, 7, 12), 3), p('b', Date.UTC(2025, 0, 14, 12), 4.5)],
      }),
    );
    const svg = dom.root.querySelector('svg[role="img"]');
    expect(svg?.getAttribute('aria-label')).toMatch(
      /Tuesday group: 2 sessions rated, 7 Jan 2025 to 14 Jan 2025\. Latest: Engaged 4\.50/,
    );
    act(() => (dom.root.querySelector('button[aria-pressed]') as HTMLButtonElement).click());
    expect(dom.root.querySelector('table')?.textContent).toContain('4.50');
  });

  it('trend chart in German: decimal commas and German dates, whatever the browser’s language', async () => {
    useMessages('de', await builtMessages('de'), await builtMessages('en'));
    const p = (sessionId: string, at: number, engaged: number) => ({
      sessionId,
      at,
      n: 1,
      engaged,
      avoiding: 1,
      conflict: 2,
      goal: null,
      task: null,
      bond: null,
    });
    mount(
      h(TrendChart, {
        groupName: 'Dienstagsgruppe',
        points: [p('a', Date.UTC(2025, 0, 7, 12), 3), p('b', Date.UTC(2025, 0, 14, 12), 4.5)],
      }),
    );
    const label = dom.root.querySelector('svg[role="img"]')?.getAttribute('aria-label') ?? '';
    expect(label).toContain('4,50');
    expect(label).toContain('7. Jan. 2025');
    expect(label).not.toContain('4.50');
    act(() => (dom.root.querySelector('button[aria-pressed]') as HTMLButtonElement).click());
    expect(dom.root.querySelector('table')?.textContent).toContain('4,50');
  });
});
