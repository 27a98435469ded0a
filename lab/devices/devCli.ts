// Stand-alone entry for the device half (`node --import tsx lab/devices/devCli.ts add d1`),
// usable before or besides lab/cli.ts; it makes sure the lab network exists first.
import { deviceCommand, ensureLabNetwork } from './index';

void (async () => {
  const argv = process.argv.slice(2);
  if (argv[0] === 'add' && process.getuid?.() === 0) await ensureLabNetwork();
  process.exitCode = await deviceCommand(argv);
})();
