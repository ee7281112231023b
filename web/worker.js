// The workers' script: the page's own wasm module, which serves the page's reads and model fits when it finds
// no window (see web/src/workers/serve.rs). The page starts each worker from a blob: URL that imports this file, so
// that the worker is bound by the page's Content-Security-Policy.
//
// The module is imported dynamically: under that policy Firefox fetches a static import of a module a worker
// imported as it fetches the worker itself (under worker-src, which allows blob: only), and refuses it.
import('./kokyaku_web.js')
  .then(({ default: init }) => init())
  .catch((error) => {
    postMessage(JSON.stringify({ failed: 'the worker could not start: ' + error }));
  });
