import { browser } from 'wxt/browser';
import { OPEN_EMERGENCY_KEY, OPEN_MARKER_KEY } from '../common/panel-requests';
import { fieldCipher, fromBase64 } from '../../crypto';
import type { VaultKey } from '../../crypto/types';
import { emitToGroup } from '../../channel/outgoing';
import { DEFAULT_CATEGORY } from '../../domain/categories';
import { ChannelRepo } from '../../storage/channel-repo';
import { sessionClockMs } from '../../domain/clock';
import { matchParticipants } from '../../domain/participants';
import type { Session } from '../../domain/types';
import type { SquircleDb } from '../../storage/db';
import type { CallState } from '../common/call-state';
import { tellOutboxGrew } from '../common/coleader-pages';
import { deviceId } from '../common/device';
import { readSessionKey } from '../common/session-key';
import { attachLedger } from '../common/ledger-mark';
import { effectiveSettings } from '../common/settings-store';
import { SessionActions } from '../common/session-actions';
import { flashBadge, openPanelFor } from './side-panel';

/** Shortcuts (commands API); they work while the video page has focus. */
export const COMMANDS = ['mark', 'mark-back', 'mark-category', 'mark-member', 'emergency-card'] as const;
export type Command = (typeof COMMANDS)[number];

/**
 * Session work the background does without the panel: shortcuts record a
 * marker at once, and detection records joins and leaves. It reads the
 * unlocked key from storage.session each time, so a lock stops it at once.
 */
export class BackgroundSession {
  constructor(private readonly db: SquircleDb) {}

  private async actions(): Promise<SessionActions | undefined> {
    const b64 = await readSessionKey();
    if (!b64) {
      attachLedger(this.db, undefined);
      return undefined;
    }
    const cipher = fieldCipher(fromBase64(b64) as VaultKey);
    attachLedger(this.db, cipher);
    // Queued for the co-leader here; the page running the channel is told, and sends the outbox at once.
    const repo = new ChannelRepo(this.db, cipher);
    return new SessionActions(this.db, cipher, await deviceId(), Date.now, async (groupId, events) => {
      await emitToGroup(repo, groupId, events);
      tellOutboxGrew(this.db.name);
    });
  }

  async command(command: string, tab?: { id?: number; windowId?: number }): Promise<void> {
    if (!(COMMANDS as readonly string[]).includes(command)) return;
    const actions = await this.actions();
    if (!actions) return flashBadge(tab?.id, 'Unlock Squircle to mark');
    const session = await actions.active();
    if (!session) return flashBadge(tab?.id, 'Start a session to mark');
    if (command === 'emergency-card') {
      await browser.storage.session.set({ [OPEN_EMERGENCY_KEY]: Date.now() });
      return openPanelFor(tab);
    }
    const back = command === 'mark-back' ? (await effectiveSettings()).markBackSeconds * 1000 : 0;
    const marker = await actions.mark(session, { category: DEFAULT_CATEGORY, backMs: back });
    if (command === 'mark-category' || command === 'mark-member') {
      await browser.storage.session.set({
        [OPEN_MARKER_KEY]: {
          id: marker.id,
          focus: command === 'mark-category' ? 'category' : 'member',
          at: Date.now(),
        },
      });
      await openPanelFor(tab);
    }
  }

  private readonly budget = new AutoBudget();

  /** Joins after the grace period are "joined late"; any leave is recorded. */
  async callChanged(before: CallState | undefined, after: CallState | undefined): Promise<void> {
    if (!before || !after || !before.healthy || !after.healthy) return;
    const actions = await this.actions();
    const session = actions && (await actions.active());
    if (!actions || !session) return;
    let joined = after.participants.filter((p) => !before.participants.includes(p));
    let left = before.participants.filter((p) => !after.participants.includes(p));
    const dropped = before.inCall && !after.inCall;
    // Out of a call the page lists nobody: that is not everyone leaving.
    if (!before.inCall || !after.inCall) joined = left = [];
    // The page decides what is reported: take what the budget allows, drop the rest.
    let allowed = this.budget.take((dropped ? 1 : 0) + left.length + joined.length, Date.now());
    if (dropped && allowed-- > 0) await actions.mark(session, { category: 'auto.dropped', auto: true });
    left = left.slice(0, Math.max(0, allowed));
    joined = joined.slice(0, Math.max(0, allowed - left.length));
    if (!joined.length && !left.length) return;
    await this.recordMoves(actions, session, joined, left);
  }

  private async recordMoves(
    actions: SessionActions,
    session: Session,
    joined: string[],
    left: string[],
  ): Promise<void> {
    const members = session.ownerKind === 'group' ? await actions.members().listByGroup(session.ownerId, 'active') : [];
    const match = matchParticipants([...joined, ...left], members);
    const grace = (await effectiveSettings()).lateGraceSeconds * 1000;
    const late = sessionClockMs(session, Date.now()) > grace;
    for (const name of joined) {
      const memberId = match.get(name) ?? null;
      if (late)
        await actions.mark(session, { category: 'auto.joined-late', memberId, text: memberId ? '' : name, auto: true });
      const status = memberId ? session.attendance[memberId] : undefined;
      if (memberId && (!status || status === 'left-early'))
        await actions.setAttendance(session.id, memberId, !status && late ? 'late' : 'present');
    }
    for (const name of left) {
      const memberId = match.get(name) ?? null;
      await actions.mark(session, { category: 'auto.left', memberId, text: memberId ? '' : name, auto: true });
      if (memberId) await actions.setAttendance(session.id, memberId, 'left-early');
    }
  }
}

/**
 * How many joins, leaves and drops detection may record. They come from the
 * video page, which may be hostile: a page that floods or churns fake tiles
 * must not bury the session under junk markers, nor keep the background
 * writing (and the panel's marker list re-reading) for minutes
 * (test/e2e/hostile.test.ts). A real group moves a few people at a time, so
 * AUTO_BURST moves are taken at once, then AUTO_PER_MINUTE.
 */
export const AUTO_BURST = 30;
export const AUTO_PER_MINUTE = 30;

export class AutoBudget {
  private tokens = AUTO_BURST;
  private at: number | undefined;

  /** How many of `want` moves may be recorded now (0..want); takes them. */
  take(want: number, now: number): number {
    if (this.at !== undefined)
      this.tokens = Math.min(AUTO_BURST, this.tokens + ((now - this.at) / 60_000) * AUTO_PER_MINUTE);
    this.at = now;
    const got = Math.max(0, Math.min(want, Math.floor(this.tokens)));
    this.tokens -= got;
    return got;
  }
}

/** Before and after of each tab's call state, for detection's markers. */
export function onCallStateChanges(cb: (before: CallState | undefined, after: CallState | undefined) => void): void {
  browser.storage.onChanged.addListener(
    (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>, area: string) => {
      if (area !== 'session') return;
      for (const [key, c] of Object.entries(changes)) {
        if (key.startsWith('call:'))
          cb((c.oldValue ?? undefined) as CallState | undefined, (c.newValue ?? undefined) as CallState | undefined);
      }
    },
  );
}
