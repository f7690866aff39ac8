import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/theme.css';
import { HelpView } from '../../components/help/HelpView';
import { showFirstRunAgain } from '../../ext/panel/first-run';
import { PRACTICE_PAGE } from '../../calls/platforms';

render(
  <HelpView
    showGuide={showFirstRunAgain}
    openPracticeCall={() => void browser.tabs.create({ url: browser.runtime.getURL(`/${PRACTICE_PAGE}`) })}
  />,
  document.getElementById('app')!,
);
