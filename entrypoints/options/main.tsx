import { render } from 'preact';
render(<p>Squircle</p>, document.getElementById('app')!);
