import { expect, it } from 'vitest';
import { matchParticipants } from '../../../domain/participants';
import { member } from './builders';

const m = member;

it('matches whole names, then unique first names, and never guesses', () => {
  const members = [m('1', 'Avery Stone'), m('2', 'Jo Lee'), m('3', 'Jo Park'), m('4', 'Zoë')];
  const got = matchParticipants(['avery stone', 'Avery', 'Jo', 'Jo Park', 'Zoe', 'Stranger'], members);
  expect(Object.fromEntries(got)).toEqual({ 'avery stone': '1', Avery: '1', 'Jo Park': '3', Zoe: '4' });
});
