import type { PlatformId } from './platforms';

/**
 * The content scripts the manifest declares, each for a group of platforms:
 * a call page loads only its own platform's adapter (each script stays small).
 * `entrypoints/<name>.ts` starts the script with the adapters of its group;
 * a test keeps this table and those files in step.
 */
export const CALL_SCRIPTS: Readonly<Record<string, readonly PlatformId[]>> = {
  'call-meet': ['meet', 'demo'],
  'call-zoom': ['zoom'],
  'call-teams': ['teams'],
  'call-jitsi': ['jitsi'],
  call: ['bigbluebutton', 'simplepractice', 'therapynotes', 'doxy', 'vsee', 'whereby', 'webex'],
};
