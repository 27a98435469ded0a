// Test-only extension installed next to Edgeplane by the e2e harness. The palette
// lists every command declared in a manifest whether or not code registered it, so
// only the extension host itself can say what is registered: this asks it.
const fs = require('node:fs');
const vscode = require('vscode');

exports.activate = (context) => {
  context.subscriptions.push(vscode.commands.registerCommand('edgeplaneProbe.listCommands', async () => {
    const edgeplane = vscode.extensions.getExtension('edgeplane.edgeplane');
    // Extensions share one Node module cache in the extension host: it shows which of
    // Edgeplane's bundles have been loaded so far (core.js must wait for first use).
    const loadedBundles = edgeplane
      ? Object.keys(require.cache).filter((f) => f.startsWith(edgeplane.extensionPath)).map((f) => f.slice(edgeplane.extensionPath.length + 1)).sort()
      : [];
    const wasActive = edgeplane?.isActive ?? false;
    if (edgeplane) await edgeplane.activate();
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('edgeplane.')).sort();
    const report = { found: Boolean(edgeplane), wasActive, active: edgeplane?.isActive ?? false, loadedBundles, registered };
    const outFile = vscode.workspace.getConfiguration('edgeplaneProbe').get('outFile');
    if (outFile) fs.writeFileSync(outFile, JSON.stringify(report, null, 2));
    void vscode.window.showInformationMessage(`Edgeplane probe: ${registered.length} edgeplane commands registered.`);
    return report;
  }));
};

exports.deactivate = () => {};
