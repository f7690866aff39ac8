// SessionActions changes a session with read and write in one transaction:
// changes made at the same moment all land, none overwrites another.
import { describe, expect, it } from 'vitest';
import { SessionActions } from '../../../ext/common/session-actions';
import { freshDb, randomCipher } from '../storage/support';

describe('SessionActions, changes made at once', () => {
  it('attendance for several members set together keeps every one', async () => {
    const actions = new SessionActions(freshDb(), randomCipher(), 'me', Date.now);
    const s = await actions.start('group', 'g1', 'none', '');
    await Promise.all([
      actions.setAttendance(s.id, 'ana', 'late'),
      actions.setAttendance(s.id, 'ben', 'present'),
      actions.setAttendance(s.id, 'cy', 'absent'),
    ]);
    const stored = await actions.sessions.get(s.id);
    expect(stored!.attendance).toEqual({ ana: 'late', ben: 'present', cy: 'absent' });
    expect(Object.keys(stored!.attendanceHlc ?? {}).sort()).toEqual(['ana', 'ben', 'cy']);
  });

  it('ending while attendance is being set keeps both; a pause asked for after the end adds none', async () => {
    const actions = new SessionActions(freshDb(), randomCipher(), 'me', Date.now);
    const s = await actions.start('group', 'g1', 'none', '');
    await Promise.all([actions.setAttendance(s.id, 'ana', 'present'), actions.end(s.id)]);
    let stored = await actions.sessions.get(s.id);
    expect(stored!.attendance).toEqual({ ana: 'present' });
    expect(stored!.endedAt).not.toBeNull();
    await actions.pause(s.id);
    stored = await actions.sessions.get(s.id);
    expect(stored!.pauses).toEqual([]);
  });

  it('a second pause while paused, or a change to a session that is gone, changes nothing', async () => {
    const actions = new SessionActions(freshDb(), randomCipher(), 'me', Date.now);
    const s = await actions.start('group', 'g1', 'none', '');
    await actions.pause(s.id);
    await actions.pause(s.id);
    expect((await actions.sessions.get(s.id))!.pauses).toHaveLength(1);
    await expect(actions.setAttendance('gone', 'ana', 'present')).resolves.toBeUndefined();
    await expect(actions.pause('gone')).resolves.toBeUndefined();
  });
});
