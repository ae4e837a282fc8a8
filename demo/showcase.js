// The showcase (/): the widget as a product page would use it. Suggested prompts send a
// question; the title bar starts a new chat and switches the theme, which follows the
// system until the toggle picks one. Runs under the same strict CSP as the playground.
// Code is coloured by the optional add-on (dist/highlight.js, `stream-chat-element/highlight`).
import { highlight } from '/dist/highlight.js';

const chat = document.getElementById('chat');
chat.highlight = highlight;
const themeToggle = document.getElementById('theme');
const systemDark = matchMedia('(prefers-color-scheme: dark)');
const root = document.documentElement;

const isDark = () => root.dataset.theme === 'dark' || (root.dataset.theme === 'auto' && systemDark.matches);

/** The page and the widget share one theme: `auto` (the system's), `light` or `dark`. */
function setTheme(theme) {
  root.dataset.theme = theme;
  chat.theme = theme;
  themeToggle.setAttribute('aria-pressed', String(isDark()));
}

themeToggle.addEventListener('click', () => setTheme(isDark() ? 'light' : 'dark'));
systemDark.addEventListener('change', () => setTheme(root.dataset.theme));
document.getElementById('new-chat').addEventListener('click', () => chat.clear());
chat.addEventListener('click', (event) => {
  const prompt = event.target.closest?.('[data-prompt]')?.dataset.prompt;
  // send() rejects only when nothing could be sent; how an answer ends shows in the chat.
  if (prompt) chat.send(prompt).catch(() => {});
});

setTheme('auto');
