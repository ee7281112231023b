// A small WebDriver client (plain HTTP, no npm package) and the two engines the page is driven in besides
// Chromium: Debian's firefox-esr through geckodriver, and WebKitGTK's MiniBrowser through WebKitWebDriver under
// Xvfb. Used by tests/engines/engines.mjs and bench/engines.mjs.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** The key WebDriver returns an element's reference under. */
export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** Each engine: how to start its driver on a port, and the capabilities of a session in it. */
export const ENGINES = {
  firefox: {
    driver: (port) => ['geckodriver', ['--port', String(port)]],
    capabilities: {
      browserName: 'firefox',
      'moz:firefoxOptions': { binary: '/usr/bin/firefox-esr', args: ['-headless'] },
    },
  },
  webkit: {
    // MiniBrowser has no headless mode: the driver runs under a virtual X server.
    driver: (port) => ['xvfb-run', ['-a', 'WebKitWebDriver', `--port=${port}`]],
    capabilities: {
      'webkitgtk:browserOptions': {
        binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation'],
      },
    },
  },
};

/** A WebDriver session: each command is an HTTP request to the driver. */
export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async start(base, capabilities) {
    const r = await command(`${base}/session`, 'POST', { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, r.sessionId);
  }

  call(path, method = 'POST', body = {}) {
    return command(`${this.base}/session/${this.id}${path}`, method, body);
  }

  /** Runs `script` (a function body) in the page with `args`, and returns its value. */
  run(script, ...args) {
    return this.call('/execute/sync', 'POST', { script, args });
  }

  /** Polls `script` until it returns something other than null, for up to `ms`. */
  async until(what, script, ms, ...args) {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await this.run(script, ...args);
      if (value !== null && value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  end() {
    return this.call('', 'DELETE');
  }
}

async function command(url, method, body) {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'DELETE' ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok || json.value?.error) {
    throw new Error(`${method} ${url}: ${json.value?.error ?? response.status} ${json.value?.message ?? ''}`);
  }
  return json.value;
}

/** Starts the engine's driver on a free port and waits until it answers. */
export async function startDriver(engine) {
  const port = 4400 + Math.floor(Math.random() * 500);
  const [cmd, args] = ENGINES[engine].driver(port);
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(`${base}/status`)).ok) return { base, child };
    } catch { /* not listening yet */ }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  throw new Error(`${engine}: the driver did not start\n${stderr}`);
}
