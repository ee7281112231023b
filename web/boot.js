// Loads the Yew app (kokyaku_web.js and its wasm, both beside this file) and renders it into the page.
import init, { start } from './kokyaku_web.js';

init().then(() => start()).catch((error) => {
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = 'Kokyaku could not start: ' + error;
  document.body.append(message);
});
