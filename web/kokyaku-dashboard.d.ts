/**
 * `<kokyaku-dashboard lang="ja" theme="light">`: the whole Kokyaku app inside your page, in a shadow root.
 * Importing this module defines the element. Attributes: `lang` (`ja` or `en`; followed live, and set by the
 * element when the user switches language inside the app) and `theme` (`light` or `dark`). The element fires
 * `kokyaku-ready` once the app is showing.
 */
export declare class KokyakuDashboard extends HTMLElement {
  static readonly observedAttributes: string[];
  /** Whether the app is mounted and showing. */
  readonly ready: boolean;
  connectedCallback(): Promise<void>;
  disconnectedCallback(): void;
  attributeChangedCallback(name: string, oldValue: string | null, value: string | null): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'kokyaku-dashboard': KokyakuDashboard;
  }
  interface HTMLElementEventMap {
    'kokyaku-ready': Event;
  }
}
