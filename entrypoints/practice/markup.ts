import callPage from '../../demo/index.html?raw';

/**
 * The practice call's markup has one source, demo/index.html (the page the
 * development server serves). Its body is parsed here and moved into this
 * extension page; the parser never runs scripts, and demo/demo.js is
 * bundled by main.ts instead of its <script> tag.
 */
const parsed = new DOMParser().parseFromString(callPage, 'text/html');
for (const script of parsed.querySelectorAll('script')) script.remove();
document.body.prepend(...[...parsed.body.childNodes].map((n) => document.adoptNode(n)));
