// The shared e2e harness: the packaged Edgeplane in a private code-server, driven
// from Debian's Chromium through playwright-core. See test/e2e/README.md.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startCodeServer, type CodeServer } from './codeServer';
import { artifactsDir, requireChromium, requireVsix } from './paths';
import { probeExtension, type ProbeReport } from './probe';
import { waitFor } from './processes';
import { Workbench } from './workbench';

export { Workbench, timeouts } from './workbench';
export type { ProbeReport } from './probe';
export { repoRoot, vsixPath, resolveCodeServer } from './paths';
export { installExtension } from './codeServer';

export interface WorkbenchOptions {
  /** Names the artifacts folder: .artifacts/e2e/<name>/. */
  name: string;
  /** Overrides where screenshots and logs go (default .artifacts/e2e/<name>/). */
  artifactsDir?: string;
  /** User settings (settings.json), e.g. { 'edgeplane.seeds': [...] }. */
  settings?: Record<string, unknown>;
  /** Folder to open; an empty scratch folder when omitted. */
  workspace?: string;
  /** More .vsix files to install next to Edgeplane. */
  extensions?: string[];
  /** Environment for code-server and so for the extension host (e.g. KUBECONFIG). */
  env?: NodeJS.ProcessEnv;
  /** Extra code-server flags. */
  codeServerArgs?: string[];
  /** Browser viewport; large enough by default for trees and panels to fit. */
  viewport?: { width: number; height: number };
}

export class WorkbenchSession extends Workbench {
  private closed = false;

  constructor(
    private readonly browser: Browser,
    readonly server: CodeServer,
    page: Workbench['page'],
    artifacts: string,
  ) {
    super(page, server.url, artifacts);
  }

  /** Asks the probe extension which edgeplane.* commands the extension host has registered. */
  async probeCommands(): Promise<ProbeReport> {
    const outFile = join(this.artifacts, 'probe-report.json');
    rmSync(outFile, { force: true });
    await this.runCommand('Edgeplane Probe: List Registered Commands');
    return waitFor('the probe extension to write its report', 30_000, async () =>
      existsSync(outFile) ? (JSON.parse(readFileSync(outFile, 'utf8')) as ProbeReport) : undefined);
  }

  /** Closes Chromium and stops code-server (its whole process group). Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.race([this.browser.close(), new Promise((r) => setTimeout(r, 10_000))]).catch(() => undefined);
    await this.server.stop();
  }
}

export async function startWorkbench(opts: WorkbenchOptions): Promise<WorkbenchSession> {
  const artifacts = opts.artifactsDir ?? artifactsDir('e2e', opts.name);
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const executablePath = requireChromium();
  const extensions = [requireVsix(), probeExtension(), ...(opts.extensions ?? [])];
  const server = await startCodeServer({
    extensions,
    // The probe writes its report next to the screenshots.
    settings: { ...opts.settings, 'edgeplaneProbe.outFile': join(artifacts, 'probe-report.json') },
    workspace: opts.workspace,
    logFile: join(artifacts, 'code-server.log'),
    extraArgs: opts.codeServerArgs,
    env: opts.env,
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1400, height: 900 } });
    const session = new WorkbenchSession(browser, server, page, artifacts);
    await page.goto(server.url, { timeout: 60_000 });
    await session.waitForWorkbench();
    return session;
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw err;
  }
}

/**
 * Runs body against a fresh workbench; on failure saves a `failure` screenshot
 * first; always closes Chromium and code-server.
 */
export async function withWorkbench<T>(opts: WorkbenchOptions, body: (wb: WorkbenchSession) => Promise<T>): Promise<T> {
  const wb = await startWorkbench(opts);
  try {
    return await body(wb);
  } catch (err) {
    await wb.screenshot('failure').catch(() => undefined);
    throw err;
  } finally {
    await wb.close();
  }
}
