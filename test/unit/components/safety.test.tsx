// The safety components rendered into linkedom: fields that can hold clinical
// text never autocomplete, every control has a label, the chart has a text
// alternative and a table view. Behaviour in a real browser is for e2e.
import { parseHTML } from 'linkedom';
import { h, render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmergencyCard } from '../../../components/safety/EmergencyCard';
import { LeaderProfileEditor } from '../../../components/safety/LeaderProfileEditor';
import { MeasureForm } from '../../../components/safety/MeasureForm';
import { MemberSafetyEditor } from '../../../components/safety/MemberSafetyEditor';
import { PreSessionChecklist } from '../../../components/safety/PreSessionChecklist';
import { ScreeningFormView } from '../../../components/safety/ScreeningFormView';
import { TrendChart } from '../../../components/safety/TrendChart';
import { PRIVATE_PLACE_TEXT, type ChecklistResult } from '../../../domain/checklist';
import { defaultGcqConfig } from '../../../domain/gcq';
import { emptyLeaderProfile, emptySafety } from '../../../domain/safety';
import { deriveRecommendation, emptyAnswers } from '../../../domain/screening';

let root: HTMLElement;
const g = globalThis as unknown as Record<string, unknown>;
const saved: Record<string, unknown> = {};

beforeEach(() => {
  const { window, document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  for (const k of ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Event']) {
    saved[k] = g[k];
    g[k] = k === 'window' ? window : k === 'document' ? document : (window as unknown as Record<string, unknown>)[k];
  }
  root = document.getElementById('root') as unknown as HTMLElement;
});
afterEach(() => {
  render(null, root);
  for (const [k, v] of Object.entries(saved)) g[k] = v;
});

const mount = (c: ComponentChild) => act(() => render(c, root));
const noop = async () => undefined;

/** Every text field has autocomplete=off; every control has a name a screen reader can read. */
function checkFields() {
  const doc = root.ownerDocument;
  for (const el of Array.from(root.querySelectorAll('input, textarea, select'))) {
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
    expect(root.querySelectorAll('textarea').length).toBe(2);
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
    expect(root.querySelector('[data-recommendation]')?.getAttribute('data-recommendation')).toBe(
      'not-suitable-online',
    );
    expect(root.textContent).toContain('acute crisis');
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
    expect(root.textContent).toContain('Last known: Garden flat');
    expect(root.querySelector('[data-jurisdiction-warning]')?.textContent).toContain('NY');
    expect(root.textContent).not.toContain(PRIVATE_PLACE_TEXT);
    act(() => (root.querySelector('button[aria-controls="checklist-read-aloud"]') as HTMLButtonElement).click());
    expect(root.textContent).toContain(PRIVATE_PLACE_TEXT);
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
    expect(root.textContent).toContain('Garden flat');
    expect(root.textContent).toContain('Brother 555');
  });

  it('measure form: placeholder items, labelled ratings', () => {
    mount(h(MeasureForm, { config: defaultGcqConfig(), members: [{ id: 'm1', name: 'Ana' }], onSave: noop }));
    checkFields();
    expect(root.querySelectorAll('select').length).toBe(1 + 12 + 3);
    expect(root.textContent).toContain('Item 12');
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
        points: [p('a', Date.UTC(2025, 0, 7), 3), p('b', Date.UTC(2025, 0, 14), 4.5)],
      }),
    );
    const svg = root.querySelector('svg[role="img"]');
    expect(svg?.getAttribute('aria-label')).toMatch(
      /Tuesday group: 2 sessions rated, 2025-01-07 to 2025-01-14\. Latest: Engaged 4\.50/,
    );
    act(() => (root.querySelector('button[aria-pressed]') as HTMLButtonElement).click());
    expect(root.querySelector('table')?.textContent).toContain('4.50');
  });
});
