import { browser } from 'wxt/browser';
import { startAutoLock } from './auto-lock';
import { serveCallPort, startCallAudience, startCallState } from './call-state';
import { BackgroundSession, onCallStateChanges } from './session';
import { SquircleDb } from '../../storage/db';
import { RoomGuard } from '../../storage/room';
import { startRetention } from './retention-runner';
import { clearSessionKey, onSessionKeyCleared } from '../common/session-key';
import { attachLedger } from '../common/ledger-mark';
import { setShade } from '../common/privacy-shade';
import { effectiveSettings, onSettingsChanged } from '../common/settings-store';
import { installPanelOpener, markCallTab } from './side-panel';
import { startHostedScripts } from './hosted-scripts';

/** Wires the background: message routing with sender checks, panel, auto-lock. */
export function startBackground(): void {
  const ownId = browser.runtime.id;
  const ownOrigin = browser.runtime.getURL('/');
  installPanelOpener();

  const audience = startCallAudience();
  browser.runtime.onConnect.addListener((port) => serveCallPort(port, ownId, markCallTab, ownOrigin, audience));
  startCallState();
  startHostedScripts();

  // No write starts on a full disk: Chromium deletes a database a write left half-written there.
  const db = new SquircleDb('squircle', new RoomGuard(() => navigator.storage.estimate()));
  startRetention(db);
  const session = new BackgroundSession(db);
  // Locked: the background's writes (retention) are no longer counted, and it keeps no key.
  onSessionKeyCleared(() => attachLedger(db, undefined));
  browser.commands.onCommand.addListener((command, tab) => {
    // The shade covers at once, locked or not, with or without a session.
    if (command === 'privacy-shade') void setShade(true);
    else void session.command(command, tab);
  });
  onCallStateChanges((before, after) => void session.callChanged(before, after));

  const reapply = startAutoLock(async () => (await effectiveSettings()).autoLockMinutes, clearSessionKey);
  onSettingsChanged(() => void reapply());
}
