import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import { HelpView } from '../../components/help/HelpView';
import { showFirstRunAgain } from '../../ext/panel/first-run';
import { PRACTICE_PAGE } from '../../calls/platforms';
import { effectiveSettings, onSettingsChanged } from '../../ext/common/settings-store';
import { applyLanguage } from '../../ext/common/locale';
import { t } from '../../util/i18n';

const root = document.getElementById('app')!;
// Shown in the language of the settings (which sets the page's lang and dir), again whenever that changes.
let lang = '';
const show = async () => {
  const { language } = await effectiveSettings();
  if (language !== lang) await applyLanguage((lang = language));
  document.title = t('helpView.pageTitle');
  render(
    <HelpView
      key={lang}
      showGuide={showFirstRunAgain}
      openPracticeCall={() => void browser.tabs.create({ url: browser.runtime.getURL(`/${PRACTICE_PAGE}`) })}
    />,
    root,
  );
};
onSettingsChanged(() => void show());
void show();
