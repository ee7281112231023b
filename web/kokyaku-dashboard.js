// <kokyaku-dashboard lang="ja|en" theme="light|dark">: the whole Kokyaku app inside another page.
//
// The app renders into a shadow root, so the host page's CSS does not reach it and its own CSS (style.css,
// beside this file) does not reach the host. Every file it loads (the app's JS and wasm, style.css and the
// workers' worker.js) is resolved against this module's URL, never the host page's: serve this folder from the
// host's origin and nothing else is requested. Its workers start from blob: URLs, so the host page's
// Content-Security-Policy binds them as it binds the page. Orders read in it stay in the browser.
import init, { mount } from './kokyaku_web.js';

const here = (path) => new URL(path, import.meta.url).href;

let started;
/** Loads the app's wasm once per page, however many elements there are. */
function start() {
  started ??= init({ module_or_path: here('kokyaku_web_bg.wasm') });
  return started;
}

export class KokyakuDashboard extends HTMLElement {
  static observedAttributes = ['lang'];

  #root;
  #styled;
  #dashboard = null;
  #mounting = false;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    const style = document.createElement('link');
    style.rel = 'stylesheet';
    style.href = here('style.css');
    // The app appears once its CSS is in (or has failed), never unstyled.
    this.#styled = new Promise((done) => {
      style.addEventListener('load', done, { once: true });
      style.addEventListener('error', done, { once: true });
    });
    this.#root = document.createElement('div');
    this.#root.className = 'kokyaku';
    shadow.append(style, this.#root);
  }

  async connectedCallback() {
    if (this.#dashboard || this.#mounting) return;
    this.#mounting = true;
    try {
      await Promise.all([start(), this.#styled]);
    } catch (error) {
      const message = document.createElement('p');
      message.setAttribute('role', 'alert');
      message.textContent = 'Kokyaku could not start: ' + error;
      this.#root.replaceChildren(message);
      return;
    } finally {
      this.#mounting = false;
    }
    if (!this.isConnected || this.#dashboard) return;
    // The user's own language switch inside the app is reflected in the attribute (after the app's event
    // handler has returned).
    const onLangChange = (lang) => queueMicrotask(() => this.setAttribute('lang', lang));
    this.#dashboard = mount(this.#root, here('./'), this.getAttribute('lang'), onLangChange);
    this.dispatchEvent(new Event('kokyaku-ready'));
  }

  disconnectedCallback() {
    if (!this.#dashboard) return;
    this.#dashboard.unmount();
    this.#dashboard.free();
    this.#dashboard = null;
    this.#root.replaceChildren();
  }

  attributeChangedCallback(name, _old, value) {
    if (name === 'lang') this.#dashboard?.setLang(value);
  }

  /** Whether the app is mounted and showing. */
  get ready() {
    return this.#dashboard !== null;
  }
}

if (!customElements.get('kokyaku-dashboard')) {
  customElements.define('kokyaku-dashboard', KokyakuDashboard);
}
