import { render } from 'preact';
import '../../components/theme.css';
import { MarkdownView } from '../../components/print/MarkdownView';
import { pageServices } from '../../ext/panel/services';
import { printPage } from '../../ext/panel/print-page';
import { effectiveSettings } from '../../ext/common/settings-store';
import { shownError } from '../../util/user-error';

/** A print-ready page for one session; the browser's print dialog saves it as PDF. Clinic policy applies here too. */
const params = new URLSearchParams(location.search);
const sessionId = params.get('session') ?? '';
const noteClass = params.get('class') === 'progress' ? 'progress' : 'process';
const services = pageServices();
const root = document.getElementById('app')!;

void (async () => {
  const settings = await effectiveSettings();
  const page = await printPage({
    unlocked: (await services.vault.state()) === 'unlocked',
    settings,
    noteClass,
    detail: async () => {
      const apis = await services.unlocked({
        settings,
        exportAllowed: settings.exportAllowed,
        perMemberExportAllowed: settings.perMemberExportAllowed,
        backupAllowed: settings.backupAllowed,
        openPrint: () => undefined,
      });
      return apis.history.detail(sessionId);
    },
  });
  if (page.kind !== 'ready') {
    render(<p role={page.kind === 'blocked' ? 'alert' : undefined}>{page.message}</p>, root);
    return;
  }
  render(<MarkdownView text={page.text} />, root);
  document.title = page.title;
  setTimeout(() => print(), 300);
})().catch((e: Error) => render(<p role="alert">{shownError(e)}</p>, root));
