import { render } from 'preact';
import '../../components/theme.css';
import { MarkdownView } from '../../components/print/MarkdownView';
import { sessionMarkdown } from '../../domain/markdown';
import { pageServices } from '../../ext/panel/services';
import { effectiveSettings } from '../../ext/common/settings-store';

/** A print-ready page for one session; the browser's print dialog saves it as PDF. */
const params = new URLSearchParams(location.search);
const sessionId = params.get('session') ?? '';
const noteClass = params.get('class') === 'progress' ? 'progress' : 'process';
const services = pageServices();
const root = document.getElementById('app')!;

void (async () => {
  if ((await services.vault.state()) !== 'unlocked') {
    render(<p>Unlock Squircle in its panel first, then print again.</p>, root);
    return;
  }
  const settings = await effectiveSettings();
  const apis = await services.unlocked({
    settings,
    exportAllowed: true,
    perMemberExportAllowed: true,
    backupAllowed: true,
    openPrint: () => undefined,
  });
  const x = await apis.history.detail(sessionId);
  render(<MarkdownView text={sessionMarkdown(x, noteClass)} />, root);
  document.title = `${x.owner.name}: session`;
  setTimeout(() => print(), 300);
})().catch((e: Error) => render(<p role="alert">{e.message}</p>, root));
