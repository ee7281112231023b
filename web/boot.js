// Loads the Yew app (kokyaku_web.js and its wasm, both beside this file) and renders it into the page.
import init, { start } from './kokyaku_web.js';

// The page follows the system's light or dark setting (style.css's `.dark` rules), also when it changes.
const dark = matchMedia('(prefers-color-scheme: dark)');
const followTheme = () => document.documentElement.classList.toggle('dark', dark.matches);
followTheme();
dark.addEventListener('change', followTheme);

init().then(() => {
  start();
  document.querySelector('[data-testid=booting]')?.remove();
}).catch((error) => {
  document.querySelector('[data-testid=booting]')?.remove();
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = 'Kokyaku could not start: ' + error;
  document.body.append(message);
});

// A module that runs out of memory (or meets a bug) traps; say so instead of leaving a page that no longer
// answers.
function trapped(error) {
  if (!(error instanceof WebAssembly.RuntimeError) || document.querySelector('[data-testid=trapped]')) return;
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.dataset.testid = 'trapped';
  message.className = 'card error';
  message.textContent = 'Kokyaku stopped (' + error.message + '): the files may be too large for this browser tab. ' +
    'Reload the page; for very large files use the kokyaku command line. / 処理が止まりました。ファイルが大きすぎる可能性があります。' +
    'ページを再読み込みしてください。大きなファイルは kokyaku コマンドで分析できます。';
  document.body.prepend(message);
}
window.addEventListener('error', (event) => trapped(event.error));
window.addEventListener('unhandledrejection', (event) => trapped(event.reason));
