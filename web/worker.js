// The model-fit worker: the page's own wasm module, which serves fits when it finds no window
// (see web/src/fit_worker.rs).
import init from './kokyaku_web.js';

init().catch((error) => {
  postMessage(JSON.stringify({ failed: 'the fit worker could not start: ' + error }));
});
