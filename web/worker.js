// The workers' script: the page's own wasm module, which serves the page's reads and model fits when it finds
// no window (see web/src/workers/serve.rs). The page starts each worker from a blob: URL that imports this file, so
// that the worker is bound by the page's Content-Security-Policy.
import init from './kokyaku_web.js';

init().catch((error) => {
  postMessage(JSON.stringify({ failed: 'the worker could not start: ' + error }));
});
