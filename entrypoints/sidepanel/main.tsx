import { render } from 'preact';
import '../../components/theme.css';
import { pageServices } from '../../ext/services';
import { effectiveSettings } from '../../ext/settings-store';
import { App } from './App';

const services = pageServices();
void effectiveSettings().then((settings) =>
  render(<App services={services} settings={settings} />, document.getElementById('app')!),
);
