/** Vite's `?raw` import: the file's text. */
declare module '*.html?raw' {
  const text: string;
  export default text;
}
