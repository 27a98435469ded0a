// Stand-alone entry for the device half (`node --import tsx lab/devices/devCli.ts add d1`),
// the same as `npm run lab -- device ...` without the seed half of the CLI.
import { deviceCommand } from './index';

void deviceCommand(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
