// The bench page: exposes the browser tasks to the runner (test/bench/lib/browser.ts).
import type { BenchTasks } from '../tasks';
import { history } from '../tasks/history';
import { marker } from '../tasks/marker';
import { ratchet } from '../tasks/ratchet';
import { store } from '../tasks/store';
import { unlock } from '../tasks/unlock';

const tasks: BenchTasks = { unlock, store, marker, history, ratchet };
window.squircleBench = tasks;
