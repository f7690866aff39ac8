import type { PlatformId } from '../platforms';
import type { Adapter } from './dom';
import { bigbluebutton } from './bigbluebutton';
import { demo } from './demo';
import { doxy } from './doxy';
import { jitsi } from './jitsi';
import { meet } from './meet';
import { simplepractice } from './simplepractice';
import { teams } from './teams';
import { therapynotes } from './therapynotes';
import { vsee } from './vsee';
import { webex } from './webex';
import { whereby } from './whereby';
import { zoom } from './zoom';

export type { Adapter } from './dom';

/** One adapter per platform in calls/platforms.ts; the type makes a missing one a compile error. */
export const ADAPTERS: Readonly<Record<PlatformId, Adapter>> = {
  meet,
  zoom,
  teams,
  jitsi,
  bigbluebutton,
  simplepractice,
  therapynotes,
  doxy,
  vsee,
  whereby,
  webex,
  demo,
};
