// The bench page: exposes the browser tasks to the runner (test/bench/lib/browser.ts).
import type { BenchTasks } from '../tasks';
import { store } from '../tasks/store';
import { unlock } from '../tasks/unlock';

const tasks: BenchTasks = { unlock, store };
window.squircleBench = tasks;
